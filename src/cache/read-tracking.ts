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
