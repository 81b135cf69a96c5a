import type { Db } from '../db/connection.js';
import { preparedFor } from '../db/prepared.js';
import { forgetMarks } from './viewer-marks.js';

/**
 * Answers that are costly to compute and change only with certain writes:
 * totals and tag lists (`get`, dropped on article writes) and whole pages of
 * lists (`page`, stale once anything a reader sees on them is written). This
 * one process makes every write, so dropping entries on each such write keeps
 * them exact. See docs/decisions/0009 for every in-memory cache.
 */
class ReadCache {
  /** Moves on every write a signed-out reader could see; whole-response caches key on it. */
  publicVersion = 0;

  private readonly entries = new Map<string, unknown>();
  private readonly pages = new Map<string, { version: number; value: unknown; bytes: number }>();
  private pageBytes = 0;

  get<T>(key: string, compute: () => T): T {
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = compute();
    // Bounded: there is a total per tag, per author and per reader's feed.
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

  /**
   * Like `get`, for answers that also show favorite counts and authors' names:
   * stale as soon as `publicVersion` moves. `weigh` tells about how many bytes
   * an answer holds; past 2 000 pages or 16 MB the oldest go first.
   */
  page<T>(key: string, compute: () => T, weigh: (value: T) => number): T {
    const hit = this.pages.get(key);
    if (hit && hit.version === this.publicVersion) return hit.value as T;
    const version = this.publicVersion;
    const value = compute();
    this.dropPage(key);
    const bytes = weigh(value);
    this.pages.set(key, { version, value, bytes });
    this.pageBytes += bytes;
    for (const oldest of this.pages.keys()) {
      if (this.pages.size <= 2000 && this.pageBytes <= 16 * 1024 * 1024) break;
      this.dropPage(oldest);
    }
    return value;
  }

  /** Drops the pages whose key starts with `prefix`. */
  dropPages(prefix: string): void {
    for (const key of this.pages.keys()) if (key.startsWith(prefix)) this.dropPage(key);
  }

  private dropPage(key: string): void {
    const entry = this.pages.get(key);
    if (!entry) return;
    this.pages.delete(key);
    this.pageBytes -= entry.bytes;
  }
}

export const readCache = preparedFor(() => new ReadCache());

/** Call after any write to articles or their tags. */
export function articlesChanged(db: Db): void {
  const cache = readCache(db);
  cache.clear();
  cache.publicVersion++;
}

/** Call after `userId` favorites or unfavorites: counts changed for everyone, marks for them. */
export function favoritesChanged(db: Db, userId: number): void {
  readCache(db).publicVersion++;
  forgetMarks(db, userId);
}

/**
 * Call after any other write a signed-out reader could see: a comment, a
 * user's name, bio or picture. Follows are not among them.
 */
export function publicContentChanged(db: Db): void {
  readCache(db).publicVersion++;
}

/** Equal before and after a request only when nothing a signed-out reader sees was written in between. */
export function publicContentVersion(db: Db): number {
  return readCache(db).publicVersion;
}

/** Call after `followerId` follows or unfollows someone: their feed's total and pages changed. */
export function followsChanged(db: Db, followerId: number): void {
  const cache = readCache(db);
  cache.delete(`feed-count:${followerId}`);
  cache.dropPages(feedPagePrefix(followerId));
  forgetMarks(db, followerId);
}

/** The start of the page keys of one reader's feed, so a follow can drop them all. */
export const feedPagePrefix = (followerId: number) => `feed:${followerId}:`;
