/**
 * Time zones: a user enters and reads times (a scheduled publication) in the
 * IANA zone chosen in their settings, UTC until they choose; times are stored
 * as UTC epoch milliseconds. Node's Intl knows the zones and their rules
 * (daylight saving included), so no library is needed.
 */

/** The zones a user may choose, as the runtime knows them; UTC first. */
export const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];

const known = new Set(TIME_ZONES);

export const isTimeZone = (zone: string): boolean => known.has(zone);

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of `utcMs` in `zone`. */
function wallClock(utcMs: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(utcMs).map((p) => [p.type, p.value]));
  return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute!, second: +parts.second! };
}

/** How far `zone` is ahead of UTC at `utcMs`, in ms. */
function offsetAt(utcMs: number, zone: string): number {
  const w = wallClock(utcMs, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (utcMs - (utcMs % 1000));
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

/**
 * A wall-clock time as typed in a `datetime-local` input ("2026-12-24T18:30")
 * in `zone`, as UTC epoch ms; undefined when it is not such a time. A time
 * that a daylight-saving change skips is taken as the same clock reading
 * before the change.
 */
export function zonedToUtc(local: string, zone: string): number | undefined {
  const m = LOCAL_TIME.exec(local.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return undefined;
  // The offset at the guess, then at the corrected guess: right on both sides of a change.
  const first = asUtc - offsetAt(asUtc, zone);
  return asUtc - offsetAt(first, zone);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `utcMs` as a `datetime-local` value in `zone` ("2026-12-24T18:30"). */
export function utcToZoned(utcMs: number, zone: string): string {
  const w = wallClock(utcMs, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}
