import type { Db } from './database.js';

/**
 * A write, in one transaction on either engine: `body` gets the transaction's
 * handle and must make every statement on it. Inside another write it joins
 * that one. On SQLite every write goes through here (reads use a read-only
 * connection); the body must await nothing but its statements.
 */
export function writeTransaction<A extends unknown[], R>(body: (tx: Db, ...args: A) => Promise<R>): (db: Db, ...args: A) => Promise<R> {
  return (db, ...args) => write(db, (tx) => body(tx, ...args));
}

/** One write now, as `writeTransaction` would run it. */
export function write<R>(db: Db, body: (tx: Db) => Promise<R>): Promise<R> {
  return db.inTransaction ? body(db) : db.database.transaction(body);
}
