import type { Db } from './connection.js';
import { sqliteOf } from './connection.js';
import { preparedFor } from './prepared.js';

/**
 * A write that runs inside BEGIN IMMEDIATE … COMMIT, built once per database.
 *
 * - IMMEDIATE: the write lock is taken at BEGIN, waiting (busy_timeout) for
 *   another process's write to finish. A deferred transaction that reads
 *   first fails at once with "database is locked" when another process
 *   committed in between: SQLite cannot upgrade a stale snapshot.
 * - Once: better-sqlite3 prepares BEGIN, COMMIT and ROLLBACK for every
 *   transaction function it makes, and `db.transaction(fn)` makes one per
 *   call, which cost a write more than its own statements.
 *
 * `body` runs its statements on `db` itself: they share the connection, so
 * they are inside the transaction.
 */
export function writeTransaction<A extends unknown[], R>(body: (db: Db, ...args: A) => R): (db: Db, ...args: A) => R {
  const built = preparedFor((db) => sqliteOf(db).transaction((...args: A) => body(db, ...args)));
  return (db, ...args) => built(db).immediate(...args);
}
