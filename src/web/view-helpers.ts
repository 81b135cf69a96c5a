/** Small formatting helpers the templates share (exposed to views as `it.h`). */

export const DEFAULT_AVATAR = '/default-avatar.svg';

/** The stored image URL exactly, or our default avatar when there is none. */
export function avatar(image: string | null | undefined): string {
  return image ? image : DEFAULT_AVATAR;
}

const dateFormat = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** "November 21, 2026" */
export function humanDate(ms: number): string {
  return dateFormat.format(new Date(ms));
}

/** The machine-readable form for <time datetime>. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** Builds "?page=N" style links, keeping other query parameters in a fixed order. */
export function pageHref(base: string, page: number, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  params.set('page', String(page));
  return `${base}?${params.toString()}`;
}
