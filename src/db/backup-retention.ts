// Which backups to keep: a pure function of their times, the policy and now.

export interface RetentionPolicy {
  /** The newest this many, whenever they were taken. */
  keep: number;
  /** The newest of each of this many UTC days, today and the days before it. */
  keepDaily: number;
  /** The newest of each of this many weeks (Monday to Sunday, UTC), this week and the weeks before it. */
  keepWeekly: number;
}

export interface Retention<T> {
  /** Newest first, each with why it stays. */
  kept: Array<{ backup: T; why: string[] }>;
  /** Newest first. */
  removed: T[];
}

const DAY = 24 * 60 * 60 * 1000;

/** Days since 1970-01-01, UTC. */
const dayOf = (ms: number) => Math.floor(ms / DAY);
/** Weeks since the week of 1970-01-01 (a Thursday), each starting on a Monday. */
const weekOf = (ms: number) => Math.floor((dayOf(ms) + 3) / 7);

/**
 * The backups to keep and those to remove. Days and weeks are counted back
 * from `now`, which counts as the first of each. A backup dated after `now`
 * (a clock set back) is kept, and counted in no rule, so the one just taken
 * is still the newest: nothing is removed for a time we cannot place. The
 * newest backup is always kept (`keep` is at least 1).
 */
export function retention<T extends { takenAt: number }>(backups: readonly T[], now: number, policy: RetentionPolicy): Retention<T> {
  const newestFirst = [...backups].sort((a, b) => b.takenAt - a.takenAt);
  const why = new Map<T, string[]>();
  const note = (backup: T, reason: string) => why.set(backup, [...(why.get(backup) ?? []), reason]);

  const keep = Math.max(1, policy.keep);
  for (const backup of newestFirst.filter((b) => b.takenAt > now)) note(backup, 'dated after now');
  for (const backup of newestFirst.filter((b) => b.takenAt <= now).slice(0, keep)) note(backup, `among the newest ${keep}`);

  const newestOfEach = (period: (ms: number) => number, count: number, label: string) => {
    const current = period(now);
    const seen = new Set<number>();
    for (const backup of newestFirst) {
      if (backup.takenAt > now) continue;
      const p = period(backup.takenAt);
      if (p <= current - count) break; // sorted: every later one is older still
      if (seen.has(p)) continue;
      seen.add(p);
      note(backup, `newest of its ${label}`);
    }
  };
  newestOfEach(dayOf, policy.keepDaily, 'day');
  newestOfEach(weekOf, policy.keepWeekly, 'week');

  return {
    kept: newestFirst.filter((b) => why.has(b)).map((backup) => ({ backup, why: why.get(backup)! })),
    removed: newestFirst.filter((b) => !why.has(b)),
  };
}
