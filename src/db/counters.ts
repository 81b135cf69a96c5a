import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from './database.js';
import { preparedFor } from './prepared.js';
import { greatest, rowsChanged } from './sql.js';
import { write } from './write-transaction.js';

/**
 * Fixed-window counters kept in the database, so every process serving the
 * site counts against the same limit. Keys are namespaced by their owner,
 * e.g. `rate:POST /login:203.0.113.7` or `login-failures:bob@example.com`.
 */
export interface Counter {
  count: number;
  /** Epoch ms when this window ends. */
  resetAt: number;
}

const nowParam = sql.placeholder('now');
const resetAtParam = sql.placeholder('resetAt');

// One statement per hit, so two processes hitting the same key at once cannot
// both read the old count: the upsert is atomic on both engines (PostgreSQL
// makes a conflicting insert wait for the other and then updates its row).
// The SET expressions all see the row as it was, so both CASEs test the old window.
const hit = preparedFor((db) => {
  const { counters } = db.t;
  return db
    .insert(counters)
    .values({ key: sql.placeholder('key'), count: 1, resetAt: resetAtParam })
    .onConflictDoUpdate({
      target: counters.key,
      set: {
        count: sql`CASE WHEN ${counters.resetAt} <= ${nowParam} THEN 1 ELSE ${counters.count} + 1 END`,
        resetAt: sql`CASE WHEN ${counters.resetAt} <= ${nowParam} THEN ${resetAtParam} ELSE ${counters.resetAt} END`,
      },
    })
    .returning({ count: counters.count, resetAt: counters.resetAt })
    .prepare();
});

const byKey = preparedFor((db) => {
  const { counters } = db.t;
  return db
    .select({ count: counters.count, resetAt: counters.resetAt })
    .from(counters)
    .where(eq(counters.key, sql.placeholder('key')))
    .prepare();
});

const byKeyDelete = preparedFor((db) => {
  const { counters } = db.t;
  return db
    .delete(counters)
    .where(eq(counters.key, sql.placeholder('key')))
    .prepare();
});

/**
 * Counts one more hit on `key`: the first hit after a window has ended starts
 * a new one of `windowMs`. Returns the count so far in the current window.
 */
export async function hitCounter(db: Db, key: string, windowMs: number, now: number): Promise<Counter> {
  const [row] = await write(db, (tx) => hit(tx).execute({ key, now, resetAt: now + windowMs }));
  if (!row) throw new Error(`counter upsert for ${key} returned no row`);
  return row;
}

/** The current window's count, or undefined when there is none or it has ended. */
export async function readCounter(db: Db, key: string, now: number): Promise<Counter | undefined> {
  const [row] = await byKey(db).execute({ key });
  return row && row.resetAt > now ? row : undefined;
}

export async function deleteCounter(db: Db, key: string): Promise<void> {
  await write(db, (tx) => byKeyDelete(tx).execute({ key }));
}

/** Drops every counter whose window has ended; they would restart from 1 anyway. */
export function purgeExpiredCounters(db: Db, now: number): Promise<number> {
  return write(db, async (tx) => {
    const { counters } = tx.t;
    return rowsChanged(await tx.delete(counters).where(lte(counters.resetAt, now)));
  });
}

/** Takes back one hit of the current window (never below zero): an attempt that turned out fine. */
export async function undoHit(db: Db, key: string, now: number): Promise<void> {
  await write(db, async (tx) => {
    const { counters } = tx.t;
    await tx
      .update(counters)
      .set({ count: greatest(tx, sql`${counters.count} - 1`, 0) })
      .where(and(eq(counters.key, key), gt(counters.resetAt, now)));
  });
}
