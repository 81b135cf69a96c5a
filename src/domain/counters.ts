import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { preparedFor } from '../db/prepared.js';
import { counters } from '../db/schema.js';

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
// both read the old count: SQLite runs the upsert atomically. The SET
// expressions all see the row as it was, so both CASEs test the old window.
const hit = preparedFor((db) =>
  db
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
    .prepare(),
);

const byKey = preparedFor((db) =>
  db
    .select({ count: counters.count, resetAt: counters.resetAt })
    .from(counters)
    .where(eq(counters.key, sql.placeholder('key')))
    .prepare(),
);

const byKeyDelete = preparedFor((db) =>
  db
    .delete(counters)
    .where(eq(counters.key, sql.placeholder('key')))
    .prepare(),
);

/**
 * Counts one more hit on `key`: the first hit after a window has ended starts
 * a new one of `windowMs`. Returns the count so far in the current window.
 */
export function hitCounter(db: Db, key: string, windowMs: number, now = Date.now()): Counter {
  const row = hit(db).get({ key, now, resetAt: now + windowMs });
  if (!row) throw new Error(`counter upsert for ${key} returned no row`);
  return row;
}

/** The current window's count, or undefined when there is none or it has ended. */
export function readCounter(db: Db, key: string, now = Date.now()): Counter | undefined {
  const row = byKey(db).get({ key });
  return row && row.resetAt > now ? row : undefined;
}

export function deleteCounter(db: Db, key: string): void {
  byKeyDelete(db).run({ key });
}

/** Drops every counter whose window has ended; they would restart from 1 anyway. */
export function purgeExpiredCounters(db: Db, now = Date.now()): number {
  return db.delete(counters).where(lte(counters.resetAt, now)).run().changes;
}

/** Takes back one hit of the current window (never below zero): an attempt that turned out fine. */
export function undoHit(db: Db, key: string, now = Date.now()): void {
  db.update(counters)
    .set({ count: sql`max(${counters.count} - 1, 0)` })
    .where(and(eq(counters.key, key), gt(counters.resetAt, now)))
    .run();
}
