import type { ChangeFeed } from '../db/change-feed.js';
import type { Db } from '../db/database.js';
import { everything } from './scopes.js';

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

  private started = false;
  /** Set when a catch-up failed part way: the next one reads the stamps whatever the feed says. */
  private mustLook = false;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly feed: ChangeFeed) {
    this.seen = this.floor = 0;
  }

  /**
   * Applies whatever was committed before the call. Nearly free when nothing
   * was. One catch-up runs at a time; a call made while one runs waits for
   * the next, which starts after it (whether it succeeded or failed) and so
   * sees everything the caller could.
   */
  catchUp(): Promise<void> {
    return this.catchUpQuickly() ?? Promise.resolve();
  }

  /**
   * `catchUp`, but undefined (no promise, nothing to wait for) when the feed
   * can tell at once that nothing was committed: SQLite's usual case, paid
   * on every request.
   */
  catchUpQuickly(): Promise<void> | undefined {
    if (this.started && !this.running && !this.mustLook) {
      if (!this.feed.mayHaveChanged()) return undefined;
      // The feed said so once; the catch-up below must look whatever it says next.
      this.mustLook = true;
    }
    if (!this.running) {
      this.running = this.apply().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.catchUp();
      });
    return this.queued;
  }

  private async apply(): Promise<void> {
    if (!this.started) {
      // Asked first: a commit landing while the newest stamp is read is then looked at next time.
      this.feed.mayHaveChanged();
      // Nothing is cached yet, so nothing before now can be stale.
      this.seen = this.floor = await this.feed.latest();
      this.started = true;
      return;
    }
    if (!this.mustLook && !this.feed.mayHaveChanged()) return;
    this.mustLook = true;
    const changes = await this.feed.since(this.seen);
    const all = changes.some(({ scope }) => scope === everything);
    // Derived values are recomputed before anything is published, so no reader can record the new
    // stamp while still seeing an old value (it would then count as current for good).
    const recomputed = new Map<Derived<unknown>, { changed: boolean; next: Promise<unknown> | undefined }>();
    for (const value of this.derived) {
      if (!value.current || !(all || changes.some(({ scope }) => value.sources.includes(scope)))) continue;
      const before = await value.current.catch(() => undefined);
      try {
        const next = await value.compute();
        recomputed.set(value, { changed: before === undefined || !value.same(before, next), next: Promise.resolve(next) });
      } catch {
        // Computed again when next asked for; whatever showed the old value is stale.
        recomputed.set(value, { changed: true, next: undefined });
      }
    }
    for (const { scope, seq } of changes) {
      if (seq > this.seen) this.seen = seq;
      if (scope !== everything) {
        this.moved.set(scope, seq);
        continue;
      }
      // The whole database was replaced (a restore): whatever was built before this stamp is stale.
      this.moved.clear();
      this.floor = seq;
    }
    for (const [value, { changed, next }] of recomputed) {
      value.current = next;
      if (changed) this.moved.set(value.scope, this.seen);
    }
    this.mustLook = false;
    if (this.moved.size > MAX_REMEMBERED) {
      this.moved.clear();
      this.floor = this.seen;
    }
  }

  /**
   * A value computed from the database that moves a scope of its own only
   * when it really changes: whatever shows it depends on `scope`, not on the
   * busier `sources` it is computed from. Computed when first asked for, then
   * recomputed as soon as a source moves, during the catch-up, so it is never
   * behind the database.
   */
  derive<T>(scope: string, sources: readonly string[], compute: () => Promise<T>, same: (a: T, b: T) => boolean): () => Promise<T> {
    const value: Derived<T> = { scope, sources, compute, same, current: undefined };
    this.derived.push(value as Derived<unknown>);
    return () => {
      if (value.current) return value.current;
      const computing = compute();
      value.current = computing;
      // A failed computation is tried again next time rather than kept.
      computing.catch(() => {
        if (value.current === computing) value.current = undefined;
      });
      return computing;
    };
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
  compute: () => Promise<T>;
  same: (a: T, b: T) => boolean;
  current: Promise<T> | undefined;
}

/** One board per database, fed by its change feed: every handle on it (reads, transactions) shares it. */
const boards = new WeakMap<Db['database'], VersionBoard>();
export const versionBoard = (db: Db): VersionBoard => {
  let board = boards.get(db.database);
  if (!board) boards.set(db.database, (board = new VersionBoard(db.database.changes)));
  return board;
};

/**
 * Sees every write committed so far, by any process. Called when a request
 * starts and after each of this process's own writes, so a request that
 * starts after a write was acknowledged anywhere shows it.
 */
export function catchUp(db: Db): Promise<void> {
  return versionBoard(db).catchUp();
}
