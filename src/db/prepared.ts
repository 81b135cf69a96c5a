import type { Db } from './database.js';

/**
 * Builds prepared statements once per connection and hands back the same
 * ones after: hot queries then skip SQL building (and SQLite's prepare) on
 * every request. Keyed by the connection a Db's statements run on, not by
 * the Db: on PostgreSQL every transaction is a new Db over one of the
 * pool's few connections, and keyed by the Db each transaction built every
 * set it touched again (about 1.7 ms of a comment's 8 ms of CPU went to
 * building the article queries alone). A statement built in an earlier
 * transaction on a connection runs on that connection, so it runs in the
 * transaction now open there (docs/decisions/0065).
 *
 * Only for statements: what keeps values (memos, derived values) uses
 * `keptFor`, since a value read inside a transaction must not outlive it.
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<object, T>();
  return (db) => {
    const key = connectionOf(db);
    let value = built.get(key);
    if (!value) built.set(key, (value = build(db)));
    return value;
  };
}

/**
 * Builds something that keeps values once per Db and hands back the same
 * one after: the in-memory caches of a database, and (on PostgreSQL) a fresh
 * one for each transaction, which goes with it.
 */
export function keptFor<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let value = built.get(db);
    if (!value) built.set(db, (value = build(db)));
    return value;
  };
}

/**
 * The driver's client under a Db: a better-sqlite3 connection, a
 * node-postgres pool, or the pooled connection a transaction holds. Drizzle
 * keeps it on the session, which its types do not expose.
 */
export function connectionOf(db: Db): object {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  return typeof client === 'object' && client !== null ? client : db;
}
