import type { Db } from '../db/connection.js';

/**
 * Answers that are costly to compute and change only when articles, their
 * tags or someone's follows are written (totals, popular tags). This one
 * process makes every write, so dropping entries on each such write keeps it exact.
 */
class ReadCache {
  private readonly entries = new Map<string, unknown>();

  get<T>(key: string, compute: () => T): T {
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = compute();
    // Bounded: tag totals are keyed by tag name, which readers choose.
    if (this.entries.size >= 1000) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

const caches = new WeakMap<Db, ReadCache>();

export function readCache(db: Db): ReadCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new ReadCache()));
  return cache;
}

/** Call after any write to articles or their tags. */
export function articlesChanged(db: Db): void {
  readCache(db).clear();
}

/** Call after `followerId` follows or unfollows someone: their feed's total changed. */
export function followsChanged(db: Db, followerId: number): void {
  readCache(db).delete(`feed-count:${followerId}`);
}
