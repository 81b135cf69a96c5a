import { LRUCache } from 'lru-cache';
import type { Db } from '../db/database.js';
import { keptFor } from '../db/prepared.js';
import { Doorkeeper } from './doorkeeper.js';
import { lookedUp } from './lookups.js';
import { read } from './read-tracking.js';
import { versionBoard, type VersionBoard } from './version-board.js';

/** A value and the scopes it shows. */
export interface Built<V> {
  value: V;
  deps: readonly string[];
  /** False to answer without keeping (an absence that no scope would retire). */
  keep?: boolean;
}

interface Entry<V> extends Built<V> {
  builtAt: number;
}

export interface MemoOptions<V> {
  /** How the metrics name it (`conduit_cache_requests_total{cache}`): short, stable, unique. */
  name: string;
  /** Memory the kept values may take, about. */
  maxBytes: number;
  /**
   * Keep a value only on its key's second recent miss (see Doorkeeper): for
   * caches over a long tail (articles, comments) where most keys are read once.
   */
  admitOnSecondMiss?: boolean;
  /** About how many bytes one value holds (its strings, and a little per object). */
  weigh: (value: V) => number;
}

/** What an entry costs besides its value: key, deps and bookkeeping. */
const entryBytes = (key: string, deps: readonly string[]) => 150 + key.length * 2 + deps.length * 50;

/**
 * Values kept until a scope they show moves in the database: a hit is a map
 * lookup and one check per scope against this process's version board, and
 * stale entries are never served, just rebuilt. Least recently used go first
 * past `maxBytes`.
 */
export class Memo<V> {
  private readonly entries: LRUCache<string, Entry<V>>;
  private readonly doorkeeper: Doorkeeper | undefined;
  private readonly name: string;

  constructor(
    private readonly board: VersionBoard,
    options: MemoOptions<V>,
  ) {
    this.name = options.name;
    this.entries = new LRUCache<string, Entry<V>>({
      maxSize: options.maxBytes,
      // One huge value must not empty the cache.
      maxEntrySize: options.maxBytes / 8,
      sizeCalculation: (entry, key) => entryBytes(key, entry.deps) + options.weigh(entry.value),
    });
    // Remembers about as many keys as the cache could hold small values.
    if (options.admitOnSecondMiss) this.doorkeeper = new Doorkeeper(Math.ceil(options.maxBytes / 256));
  }

  private keep(key: string, entry: Entry<V>): void {
    // A value that shows no scope could never be retired by a write: it is answered, not kept.
    if (entry.deps.length === 0) return;
    if (this.doorkeeper && !this.entries.has(key) && !this.doorkeeper.admit(key)) return;
    this.entries.set(key, entry);
  }

  async get(key: string, build: () => Promise<Built<V>>): Promise<V> {
    const kept = this.entries.get(key);
    if (kept && this.board.isCurrent(kept.deps, kept.builtAt)) {
      lookedUp(this.name, 'hit');
      read(kept.deps);
      return kept.value;
    }
    lookedUp(this.name, 'miss');
    // Taken before reading: anything written while building is stamped later, so it retires the entry.
    const builtAt = this.board.seen;
    const { value, deps, keep = true } = await build();
    if (keep) this.keep(key, { value, deps, builtAt });
    read(deps);
    return value;
  }

  /**
   * Like `get` for many keys at once: `buildMissing` gets every key that is
   * not kept (or is stale) in one call, so a page of misses costs one batch of
   * statements. A key it does not answer (the row is gone) comes back undefined.
   */
  async getMany(keys: readonly string[], buildMissing: (missing: string[]) => Promise<Map<string, Built<V>>>): Promise<Array<V | undefined>> {
    const values = new Array<V | undefined>(keys.length).fill(undefined);
    const missing: string[] = [];
    keys.forEach((key, i) => {
      const kept = this.entries.get(key);
      if (kept && this.board.isCurrent(kept.deps, kept.builtAt)) {
        lookedUp(this.name, 'hit');
        read(kept.deps);
        values[i] = kept.value;
      } else {
        lookedUp(this.name, 'miss');
        missing.push(key);
      }
    });
    if (missing.length === 0) return values;
    const builtAt = this.board.seen;
    const built = await buildMissing(missing);
    keys.forEach((key, i) => {
      if (values[i] !== undefined) return;
      const fresh = built.get(key);
      if (!fresh) return;
      if (fresh.keep !== false) this.keep(key, { value: fresh.value, deps: fresh.deps, builtAt });
      read(fresh.deps);
      values[i] = fresh.value;
    });
    return values;
  }
}

/** Names given to memoFor so far: two memos under one name would count as one in the metrics. */
const memoNames = new Set<string>();

/** One memo per database (and, on PostgreSQL, per transaction: what it read there goes with it). */
export function memoFor<V>(options: MemoOptions<V>): (db: Db) => Memo<V> {
  if (memoNames.has(options.name)) throw new Error(`two memos are named ${options.name}: each needs its own name`);
  memoNames.add(options.name);
  return keptFor((db) => new Memo<V>(versionBoard(db), options));
}
