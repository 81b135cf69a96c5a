/**
 * How old an account is decides how far it is trusted (docs/decisions/0026):
 * how much it may post in an hour (./posting-limits.ts) and whether its
 * links are followed (./link-trust.ts). The thresholds are here, in one place.
 */
export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Links from accounts younger than this carry rel="nofollow ugc". */
export const LINKS_TRUSTED_AFTER_MS = 3 * DAY_MS;

/**
 * Articles and comments an account may post in any hour, by age: the first
 * tier whose `youngerThan` the account's age is under. A person starting out
 * rarely posts more than a few articles in a day; a script does.
 */
export const POSTING_TIERS = [
  { youngerThan: DAY_MS, articles: 3, comments: 10 },
  { youngerThan: 7 * DAY_MS, articles: 10, comments: 30 },
  { youngerThan: Infinity, articles: 30, comments: 120 },
] as const;

export type Posting = 'articles' | 'comments';

/** How many `what` an account created at `joinedAt` may post in an hour, at `now`. */
export function hourlyLimit(joinedAt: number, now: number, what: Posting): number {
  const age = now - joinedAt;
  return POSTING_TIERS.find((tier) => age < tier.youngerThan)![what];
}

/** Whether links written by an account created at `joinedAt` are followed, at `now`. */
export function linksTrusted(joinedAt: number, now: number): boolean {
  return now - joinedAt >= LINKS_TRUSTED_AFTER_MS;
}
