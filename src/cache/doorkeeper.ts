import { LRUCache } from 'lru-cache';

/**
 * Lets a key into a cache only when it is asked for a second time, recently.
 * Most of a large site's URLs and articles are read once in a while: keeping
 * each on its first read only pushes out what is read often, and the churn of
 * entries that die unread is what keeps the garbage collector busy. Remembering
 * a key costs a few dozen bytes, far less than what it would have kept.
 */
export class Doorkeeper {
  private readonly asked: LRUCache<string, true>;

  constructor(remember: number) {
    this.asked = new LRUCache({ max: remember });
  }

  /** True when `key` was asked for before (and is let in); otherwise remembers it and says no. */
  admit(key: string): boolean {
    if (this.asked.has(key)) return true;
    this.asked.set(key, true);
    return false;
  }
}
