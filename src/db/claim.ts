import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tables } from './database.js';
import { write } from './write-transaction.js';

/** A row of the job queue, as the claim returns it. */
export type JobRow = Tables['jobs']['$inferSelect'];

/** What a claim kept as the reason when it took over a job whose lease had run out. */
export const LEASE_RAN_OUT = 'its previous run did not finish before its lease ran out (the process stopped, or the run took too long)';

export interface ClaimRequest {
  /** The kinds this runner can run, each with how long its lease lasts (ms). Jobs of other kinds are left alone. */
  leases: ReadonlyMap<string, number>;
  /** This claim's own token: only a finish that presents it counts (src/jobs/queue.ts). */
  token: string;
  now: number;
}

/**
 * Claims the next job that is due, in one statement, so two runners never
 * take the same one (docs/decisions/0016): first a running job whose lease
 * has run out (its runner died or hangs), else the waiting job due first.
 * It becomes `running` under `token`, with its kind's lease, one attempt
 * more. Undefined when nothing is due.
 *
 * - SQLite: an `UPDATE … RETURNING` whose subqueries pick the row; the write
 *   lock (BEGIN IMMEDIATE) makes pick and update one step for every process.
 * - PostgreSQL: the same, with `FOR UPDATE SKIP LOCKED` in the subqueries, so
 *   runners claiming at once each lock a different row instead of waiting.
 */
export async function claimJob(db: Db, { leases, token, now }: ClaimRequest): Promise<JobRow | undefined> {
  if (leases.size === 0) return undefined;
  const { jobs } = db.t;
  const kinds = sql.join([...leases.keys()].map((name) => sql`${name}`), sql`, `);
  const skipLocked = db.engine === 'postgres' ? sql` FOR UPDATE SKIP LOCKED` : sql``;
  // Unqualified names in the subqueries are their own FROM jobs'. `column` is one of two fixed names.
  const first = (state: 'running' | 'waiting', column: 'lease_until' | 'run_at'): SQL =>
    sql`(SELECT id FROM jobs WHERE state = ${state} AND ${sql.raw(column)} <= ${now} AND name IN (${kinds}) ORDER BY ${sql.raw(column)}, id LIMIT 1${skipLocked})`;
  // Each kind's lease; the casts keep PostgreSQL from reading the parameters as text.
  const leaseUntil = sql`CASE ${jobs.name} ${sql.join(
    [...leases].map(([name, ms]) => sql`WHEN ${name} THEN cast(${now + ms} as bigint)`),
    sql` `,
  )} END`;
  const [row] = await write(db, (tx) =>
    tx
      .update(jobs)
      .set({
        state: 'running',
        claimedBy: token,
        leaseUntil,
        attempts: sql`${jobs.attempts} + 1`,
        // The SET expressions see the row as it was: a running row is one whose runner went away.
        lastError: sql`CASE WHEN ${jobs.state} = 'running' THEN ${LEASE_RAN_OUT} ELSE ${jobs.lastError} END`,
      })
      .where(sql`${jobs.id} = coalesce(${first('running', 'lease_until')}, ${first('waiting', 'run_at')})`)
      .returning(),
  );
  return row;
}
