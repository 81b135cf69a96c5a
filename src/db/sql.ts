import { DrizzleQueryError, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { asSqlite, type Db } from './database.js';

// The few places where the two engines' SQL differs, written once for each.

/** Every row a plain SQL statement returns. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  if (db.engine === 'sqlite') return asSqlite(db).all<T>(query);
  const result = (await (db as unknown as PgExecute).execute(query)) as { rows: T[] };
  return result.rows;
}

interface PgExecute {
  execute(query: SQL): Promise<unknown>;
}

/** How many rows an insert, update or delete without `returning` changed. */
export function rowsChanged(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return r.changes ?? r.rowCount ?? 0;
}

/** `column` is one of `ids`, bound as a single parameter so one prepared statement serves any count. */
export function amongIds(db: Db, column: AnyColumn, ids: SQL | SQL.Aliased | unknown): SQL {
  return db.engine === 'sqlite'
    ? sql`${column} in (select value from json_each(${ids}))`
    : sql`${column} = any(cast(${ids} as integer[]))`;
}

/** What `amongIds` is bound to: a JSON array on SQLite, an array on PostgreSQL. */
export function idList(db: Db, ids: readonly number[]): unknown {
  return db.engine === 'sqlite' ? JSON.stringify(ids) : `{${ids.join(',')}}`;
}

/** The larger of two values (SQLite's two-argument max). */
export function greatest(db: Db, a: SQL | AnyColumn, b: SQL | AnyColumn | number): SQL {
  return db.engine === 'sqlite' ? sql`max(${a}, ${b})` : sql`greatest(${a}, ${b})`;
}

/** The driver's error code (SQLite's name or PostgreSQL's SQLSTATE) under Drizzle's wrapping, if any. */
export function errorCode(error: unknown): unknown {
  const cause = error instanceof DrizzleQueryError ? error.cause : error;
  return (cause as { code?: unknown } | undefined)?.code;
}

/** True when a statement broke a unique or primary-key constraint, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** Runs a plain SQL statement that returns no rows (inside a write: pass the transaction's handle). */
export async function exec(db: Db, query: SQL): Promise<number> {
  if (db.engine === 'sqlite') return rowsChanged(await asSqlite(db).run(query));
  return rowsChanged(await (db as unknown as PgExecute).execute(query));
}

/**
 * Locks the rows `query` selects until the transaction ends, so a concurrent
 * write to them waits: `SELECT … FOR UPDATE` on PostgreSQL. On SQLite the
 * transaction already holds the only write lock, so there is nothing to add.
 */
export async function lockRows(tx: Db, query: SQL): Promise<void> {
  if (!tx.inTransaction) throw new Error('lockRows needs a write transaction');
  if (tx.engine === 'postgres') await rows(tx, sql`${query} FOR UPDATE`);
}

/** True when a statement referred to a row that is gone (or removed one still referred to), on either engine. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

/**
 * The next id of `table`'s identity column, for an `INSERT … SELECT` that must
 * name every column: NULL on SQLite (the rowid picks it), the sequence's next
 * value on PostgreSQL (where an explicit NULL would break NOT NULL).
 */
export function nextId(db: Db, table: string): SQL {
  return db.engine === 'sqlite' ? sql`NULL` : sql`nextval(pg_get_serial_sequence(${table}, 'id'))`;
}

/**
 * Whether this write transaction may go on as the only one of its kind
 * (`key` names the kind) until it ends: a transaction-scoped advisory lock,
 * not waited for, on PostgreSQL; always on SQLite, where the transaction
 * already holds the only write lock.
 */
export async function aloneInTransaction(tx: Db, key: number): Promise<boolean> {
  if (!tx.inTransaction) throw new Error('aloneInTransaction needs a write transaction');
  if (tx.engine === 'sqlite') return true;
  const [row] = await rows<{ alone: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(${key}) AS alone`);
  return row?.alone === true;
}
