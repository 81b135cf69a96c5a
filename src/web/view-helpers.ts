/** Small formatting helpers the templates share (exposed to views as `it.h`). */
import { LRUCache } from 'lru-cache';

// A comment's @mentions, linked to profiles by views/article.eta.
export { commentPieces } from '../domain/notifications/mentions.js';

export const DEFAULT_AVATAR = '/default-avatar.svg';

/** The meta description of pages that have none of their own. */
export const SITE_DESCRIPTION = 'Conduit: a place to share your knowledge. Articles, tags and discussions by its writers.';

/** The stored image URL exactly, or our default avatar when there is none. */
export function avatar(image: string | null | undefined): string {
  return image ? image : DEFAULT_AVATAR;
}

const dateFormat = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Remembers recent answers: a page shows the same few dates again and again,
 * and formatting one costs more than the rest of a preview.
 */
function remembered(compute: (key: number) => string, max = 10_000): (key: number) => string {
  const answers = new LRUCache<number, string>({ max });
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) answers.set(key, (answer = compute(key)));
    return answer;
  };
}

const dayName = remembered((day) => dateFormat.format(new Date(day * DAY_MS)));

/** "November 21, 2026" */
export function humanDate(ms: number): string {
  return dayName(Math.floor(ms / DAY_MS));
}

/** The machine-readable form for <time datetime>. */
export const isoDate = remembered((ms) => new Date(ms).toISOString());

/** Builds "?page=N" style links, keeping other query parameters in a fixed order. */
export function pageHref(base: string, page: number, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  params.set('page', String(page));
  return `${base}?${params.toString()}`;
}

const timeFormat = new Intl.DateTimeFormat('en-US', {
  month: 'long',
  day: 'numeric',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** "November 21, 2026 at 14:05 UTC", for when something happened to the minute (sign-ins). */
export function humanTime(ms: number): string {
  return `${timeFormat.format(new Date(ms))} UTC`;
}

const zonedFormats = new Map<string, Intl.DateTimeFormat>();

/** "December 24, 2026 at 18:30 (Europe/Paris)": a time as its reader set their zone (a scheduled publication). */
export function zonedTime(ms: number, zone: string): string {
  let format = zonedFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone });
    zonedFormats.set(zone, format);
  }
  return `${format.format(new Date(ms))} (${zone})`;
}

/** What a suspended account is told, on the 403 page and in the notice on every page. */
export function suspensionNotice(suspension: { until: number | null; reason: string }): string {
  const until = suspension.until === null ? 'until lifted' : `until ${humanTime(suspension.until)}`;
  const why = suspension.reason ? `: ${suspension.reason}` : '';
  return `Your account is suspended ${until}${why}. You can read, but not publish, comment, favorite, follow or report.`;
}
