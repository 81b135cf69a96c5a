import { catchUp } from '../cache/version-board.js';
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

/**
 * One write now, as `writeTransaction` would run it. Once the outermost
 * transaction commits, this process catches up with the database's stamps
 * before the write resolves, so whatever it changed is retired from every
 * cache here before the caller reads or answers (docs/decisions/0010). No call
 * site does that by hand; test/db/write-retires.test.ts checks it.
 */
export async function write<R>(db: Db, body: (tx: Db) => Promise<R>): Promise<R> {
  if (db.inTransaction) return body(db);
  const result = await db.database.transaction(body);
  await catchUp(db);
  return result;
}
