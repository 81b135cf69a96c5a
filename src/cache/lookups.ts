/** Whether a cache answered from what it kept or had to build the answer. */
export type LookupResult = 'hit' | 'miss';

export type LookupListener = (cache: string, result: LookupResult) => void;

let listener: LookupListener | undefined;

/**
 * Who hears every cache lookup in this process: the metrics, when they are on
 * (src/metrics/), or nobody. One listener per process, set at start-up; the
 * caches themselves stay free of any metrics library.
 */
export function listenToLookups(next: LookupListener | undefined): void {
  listener = next;
}

/** Called by each cache on every lookup, under its own stable name. */
export function lookedUp(cache: string, result: LookupResult): void {
  listener?.(cache, result);
}
