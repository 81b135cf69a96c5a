import type { Db } from '../db/connection.js';

/**
 * Answers that are costly to compute and change only when articles, their
 * tags or someone's follows are written (totals, popular tags). This one
 * process makes every write, so dropping entries on each such write keeps it exact.
 */
class ReadCache {
  private readonly entries = new Map<string, unknown>();
  /** Moves on every write a signed-out reader could see; whole-response caches key on it. */
  publicVersion = 0;

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
  const cache = readCache(db);
  cache.clear();
  cache.publicVersion++;
}

/**
 * Call after any other write a signed-out reader could see: a favorite count,
 * a comment, a user's name, bio or picture. Follows are not among them.
 */
export function publicContentChanged(db: Db): void {
  readCache(db).publicVersion++;
}

/** Equal before and after a request only when nothing a signed-out reader sees was written in between. */
export function publicContentVersion(db: Db): number {
  return readCache(db).publicVersion;
}

/** Call after `followerId` follows or unfollows someone: their feed's total changed. */
export function followsChanged(db: Db, followerId: number): void {
  readCache(db).delete(`feed-count:${followerId}`);
}
