/**
 * An interval an operator writes (`30m`, `6h`, `1d`, `1w`) as the cron
 * pattern of a recurring job. Only intervals that divide an hour or a day
 * evenly (or a whole week), so that every occurrence is the same distance
 * from the last, and at a fixed minute (a quarter past the hour for hours and
 * more, away from the hourly jobs at the hour). Undefined for anything else.
 */
export function everyAsCron(text: string): string | undefined {
  const match = /^(\d{1,3})\s*(m|h|d|w)$/.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const n = Number(match[1]);
  switch (match[2]) {
    case 'm':
      if (n === 60) return '15 * * * *';
      return n >= 5 && 60 % n === 0 ? `*/${n} * * * *` : undefined;
    case 'h':
      if (n === 24) return '15 0 * * *';
      return n >= 1 && 24 % n === 0 ? (n === 1 ? '15 * * * *' : `15 */${n} * * *`) : undefined;
    case 'd':
      if (n === 7) return '15 0 * * 1';
      return n === 1 ? '15 0 * * *' : undefined;
    case 'w':
      return n === 1 ? '15 0 * * 1' : undefined;
    default:
      return undefined;
  }
}

export const EVERY_FORMS = '5m, 10m, 15m, 20m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h, 1d, 7d or 1w';
