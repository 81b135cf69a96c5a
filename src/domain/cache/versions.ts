import { sqliteChangeFeed, type ChangeFeed } from '../../db/change-feed.js';
import { sqliteOf, type Db } from '../../db/connection.js';
import { preparedFor } from '../../db/prepared.js';

/** Past this many moved scopes remembered, everything built before now counts as stale once. */
const MAX_REMEMBERED = 50_000;

/**
 * This process's copy of the database's scope stamps: what moved, and when,
 * since the process started. Every cached thing records the stamp it was built
 * at (`builtAt`) and the scopes it shows (`deps`); it is current while none of
 * those scopes moved after it was built. The database moves the stamps inside
 * every writing transaction, so whichever process or plain SQL statement
 * wrote, the next `catchUp` sees it. See docs/decisions/0010.
 */
export class VersionBoard {
  /** The newest stamp applied here: what a thing built now is built at. */
  seen: number;
  /** Things built before this are stale (moved scopes were forgotten to stay bounded). */
  private floor: number;
  private readonly moved = new Map<string, number>();

  private readonly derived: Array<Derived<unknown>> = [];

  constructor(private readonly feed: ChangeFeed) {
    this.seen = this.floor = feed.latest();
  }

  /** Applies whatever was committed since the last call. Nearly free when nothing was. */
  catchUp(): void {
    if (!this.feed.mayHaveChanged()) return;
    const changes = this.feed.since(this.seen);
    if (changes.length === 0) return;
    for (const { scope, seq } of changes) {
      this.moved.set(scope, seq);
      if (seq > this.seen) this.seen = seq;
    }
    for (const value of this.derived) {
      if (!changes.some(({ scope }) => value.sources.includes(scope))) continue;
      const next = value.compute();
      if (value.same(value.current, next)) continue;
      value.current = next;
      this.moved.set(value.scope, this.seen);
    }
    if (this.moved.size > MAX_REMEMBERED) {
      this.moved.clear();
      this.floor = this.seen;
    }
  }

  /**
   * A value computed from the database that moves a scope of its own only
   * when it really changes: whatever shows it depends on `scope`, not on the
   * busier `sources` it is computed from. Recomputed as soon as a source
   * moves, during the catch-up, so it is never behind the database.
   */
  derive<T>(scope: string, sources: readonly string[], compute: () => T, same: (a: T, b: T) => boolean): () => T {
    const value: Derived<T> = { scope, sources, compute, same, current: compute() };
    this.derived.push(value as Derived<unknown>);
    return () => value.current;
  }

  /** True while none of `deps` moved after `builtAt`. */
  isCurrent(deps: readonly string[], builtAt: number): boolean {
    if (builtAt < this.floor) return false;
    for (const scope of deps) {
      const seq = this.moved.get(scope);
      if (seq !== undefined && seq > builtAt) return false;
    }
    return true;
  }
}

interface Derived<T> {
  scope: string;
  sources: readonly string[];
  compute: () => T;
  same: (a: T, b: T) => boolean;
  current: T;
}

export const versionBoard = preparedFor((db: Db) => new VersionBoard(sqliteChangeFeed(sqliteOf(db))));

/**
 * Sees every write committed so far, by any process. Called when a request
 * starts and after each of this process's own writes, so a request that
 * starts after a write was acknowledged anywhere shows it.
 */
export function catchUp(db: Db): void {
  versionBoard(db).catchUp();
}
