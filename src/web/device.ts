import Bowser from 'bowser';

/** "Firefox on Windows", "Safari on iOS": what a person recognises in a User-Agent header. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const { browser, os } = Bowser.parse(userAgent);
  const name = browser.name ?? 'Unknown browser';
  return os.name ? `${name} on ${os.name}` : name;
}
