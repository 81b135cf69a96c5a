import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as tables from './schema/sqlite.js';
import type { ChangeFeed } from './change-feed.js';

export type Engine = 'sqlite' | 'postgres';

/**
 * The tables as the domain sees them. Both engines' schemas have the same
 * tables, columns and JavaScript types (test/db/schema-drift.test.ts), so the
 * SQLite schema's types stand for both (docs/decisions/0014).
 */
export type Tables = typeof tables;

/**
 * Drizzle's query builder, always awaited: the same calls build SQLite's and
 * PostgreSQL's SQL. The SQLite schema's builder types stand for both, less
 * what only SQLite runs: `all`, `get`, `run` and `values` on the handle, and
 * its own `transaction` (writes go through ./write-transaction.ts). The same
 * calls on a built query (`.all()`, `.get()`, `.run()`) are refused outside
 * src/db by the `conduit/both-engines` lint rule (eslint.config.js). A write's
 * row count comes from `rowsChanged`, plain SQL from `rows` and `exec`
 * (./sql.ts).
 */
type QueryBuilder = Omit<SqliteQueryBuilder, SqliteOnly>;
type SqliteQueryBuilder = BaseSQLiteDatabase<'async', unknown, Tables>;
type SqliteOnly = 'all' | 'get' | 'run' | 'values' | 'transaction' | 'query';

/** The whole SQLite builder, for the engine-specific code in src/db that needs it (`asSqlite`). */
export type SqliteDb = SqliteQueryBuilder;

/** A handle's SQLite builder: only for src/db, only once `db.engine` is known to be 'sqlite'. */
export function asSqlite(db: Db): SqliteDb {
  if (db.engine !== 'sqlite') throw new Error('asSqlite on a PostgreSQL handle');
  return db as unknown as SqliteDb;
}

/** What the domain is handed: the query builder, the tables for this engine, and where it came from. */
export type Db = QueryBuilder & {
  readonly t: Tables;
  readonly engine: Engine;
  /** True on the handle a write transaction's body gets. */
  readonly inTransaction: boolean;
  readonly database: Database;
};

/** An open database, on either engine: what the app, the seed and the tools hold. */
export interface Database {
  readonly engine: Engine;
  /** Reads; writes go through `transaction` (./write-transaction.ts). */
  readonly db: Db;
  /** Statements run so far; tests and the benchmark read it to catch per-row queries. */
  readonly stats: { statements: number };
  /** Runs `body` in one transaction, on a handle only it uses; commits when it resolves. */
  transaction<T>(body: (tx: Db) => Promise<T>): Promise<T>;
  /** What the database says has moved, for this process's caches. */
  readonly changes: ChangeFeed;
  /** Runs `body` on one consistent, read-only view of the whole database (for copying a live site). */
  snapshot<T>(body: (db: Db) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a trivial query (the health check). */
  ping(): Promise<void>;
  /** Where it is, for messages (never with a password). */
  readonly description: string;
  close(): Promise<void>;
}

/** Gives a Drizzle database (or transaction) the extras a `Db` has. */
export function asDb(builder: object, database: Database, inTransaction: boolean, tables: unknown): Db {
  return Object.assign(builder, { t: tables as Tables, engine: database.engine, inTransaction, database }) as unknown as Db;
}
