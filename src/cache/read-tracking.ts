import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which scopes a piece of work read, so a whole response built from many
 * cached and uncached reads can be kept exactly as long as all of them hold.
 * Every read the domain makes for a cacheable route reports its scopes here.
 */
const tracker = new AsyncLocalStorage<Set<string>>();

/** Notes that the work under way shows these scopes. */
export function read(scopes: readonly string[]): void {
  const seen = tracker.getStore();
  if (seen) for (const scope of scopes) seen.add(scope);
}

/** Runs `work`, collecting into `scopes` every scope it reads (across its awaits too). */
export function collectingReads<T>(scopes: Set<string>, work: () => T): T {
  return tracker.run(scopes, work);
}

/**
 * Not a scope: what a read notes when its answer changes with time alone
 * (a link from an account that is still young, say), which no write would
 * retire. A whole response that noted it is never kept.
 */
export const TIME_BOUND = '~time';

/** Notes that the work under way shows something that changes with time alone. */
export function readTimeBound(): void {
  read([TIME_BOUND]);
}
