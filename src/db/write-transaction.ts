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
  const hooks: Array<() => void> = [];
  const result = await db.database.transaction((tx) => {
    commitHooks.set(tx, hooks);
    return body(tx);
  });
  await catchUp(db);
  for (const hook of hooks) hook();
  return result;
}

/** Each open write's hooks, by the handle its body got (on SQLite one handle serves every write, one at a time). */
const commitHooks = new WeakMap<Db, Array<() => void>>();

/**
 * Runs `hook` in this process once the write `tx` belongs to has committed
 * (and caches caught up), never if it rolls back: for telling a listener
 * here that there is work the commit made visible. A hook must not throw.
 */
export function afterCommit(tx: Db, hook: () => void): void {
  const hooks = tx.inTransaction ? commitHooks.get(tx) : undefined;
  if (!hooks) throw new Error('afterCommit needs the handle of a write transaction');
  hooks.push(hook);
}
