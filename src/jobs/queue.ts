import { and, asc, count, desc, eq, inArray, lt, lte, ne, or, sql } from 'drizzle-orm';
import { claimJob, type JobRow } from '../db/claim.js';
import type { Db } from '../db/database.js';
import { rowsChanged } from '../db/sql.js';
import { write } from '../db/write-transaction.js';

// The job queue on the database (docs/decisions/0016): enqueue, claim, and
// the three ways a claimed job ends. Every write goes through write(); the
// claim's SQL, which differs by engine, is src/db/claim.ts.

export type { JobRow };
export type JobState = 'waiting' | 'running' | 'done' | 'failed';

export interface NewJob {
  /** Its kind: the handler that will run it. */
  name: string;
  /** Anything JSON can hold, handed to the handler. */
  payload?: unknown;
  /** Not before this time (epoch ms); now when absent. */
  runAt?: number;
  /**
   * Makes enqueueing idempotent: while a job with this key is kept (waiting,
   * running, or finished less than FINISHED_KEPT_MS ago), enqueueing it again
   * adds nothing. E.g. `digest:user42:2026-12-06`.
   */
  key?: string;
}

/** How long finished jobs are kept (and so their keys still count) before the hourly purge removes them. */
export const FINISHED_KEPT_MS = 7 * 24 * 60 * 60_000;
/** Failed jobs are kept longer, for someone to look at. */
export const FAILED_KEPT_MS = 30 * 24 * 60 * 60_000;
/** The most of an error's text that is kept. */
export const ERROR_KEPT_CHARS = 2_000;

/**
 * Adds a job, or, when `key` is taken, finds the job that has it. Inside a
 * write it joins that transaction, so the job exists only if the write commits.
 */
export function enqueue(db: Db, job: NewJob, now: number): Promise<{ id: number; created: boolean }> {
  if (!job.name) throw new Error('a job needs a name');
  const payload = JSON.stringify(job.payload ?? null);
  return write(db, async (tx) => {
    const { jobs } = tx.t;
    const [inserted] = await tx
      .insert(jobs)
      .values({ name: job.name, key: job.key ?? null, payload, runAt: job.runAt ?? now, createdAt: now })
      .onConflictDoNothing({ target: jobs.key })
      .returning({ id: jobs.id });
    if (inserted) return { id: inserted.id, created: true };
    const [existing] = await tx.select({ id: jobs.id }).from(jobs).where(eq(jobs.key, job.key!));
    if (!existing) throw new Error(`job key ${job.key} was taken, then gone`);
    return { id: existing.id, created: false };
  });
}

/** What proves a runner still holds a job: its id and the claim's token. */
export interface Claim {
  id: number;
  token: string;
}

export { claimJob };

/** True when a job of one of these kinds is due: a read, so an idle runner's poll writes nothing. */
export async function anyDue(db: Db, names: readonly string[], now: number): Promise<boolean> {
  if (names.length === 0) return false;
  const { jobs } = db.t;
  const [row] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        inArray(jobs.name, [...names]),
        or(and(eq(jobs.state, 'waiting'), lte(jobs.runAt, now)), and(eq(jobs.state, 'running'), lte(jobs.leaseUntil, now))),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** The claim's own row, still running under its token: the fence every finish passes. */
const heldBy = (db: Db, claim: Claim) => {
  const { jobs } = db.t;
  return and(eq(jobs.id, claim.id), eq(jobs.claimedBy, claim.token), eq(jobs.state, 'running'));
};

/** How a job that ends is left, besides its state: its payload replaced (its secrets taken out: src/jobs/kinds.ts). */
export interface Ended {
  payload?: string;
}

/**
 * Marks a claimed job done, and enqueues `then` (a recurring job's next
 * occurrence) in the same transaction. False when the claim no longer holds
 * the job (its lease ran out and another runner took it): nothing is changed.
 */
export function completeJob(db: Db, claim: Claim, now: number, then?: NewJob, ended: Ended = {}): Promise<boolean> {
  return write(db, async (tx) => {
    const { jobs } = tx.t;
    const changes = { state: 'done', leaseUntil: null, finishedAt: now, ...(ended.payload !== undefined && { payload: ended.payload }) } as const;
    const done = rowsChanged(await tx.update(jobs).set(changes).where(heldBy(tx, claim)));
    if (done === 1 && then) await enqueue(tx, then, now);
    return done === 1;
  });
}

/**
 * Records a failed attempt and its error: back to waiting until `retryAt`,
 * or, without one, `failed` for good (and then `then` is enqueued, as on
 * completion). False when the claim no longer holds the job.
 */
export function failJob(
  db: Db,
  claim: Claim,
  failure: { error: string; now: number; retryAt?: number },
  then?: NewJob,
  ended: Ended = {},
): Promise<boolean> {
  const lastError = failure.error.slice(0, ERROR_KEPT_CHARS);
  return write(db, async (tx) => {
    const { jobs } = tx.t;
    const changes =
      failure.retryAt === undefined
        ? { state: 'failed', leaseUntil: null, lastError, finishedAt: failure.now, ...(ended.payload !== undefined && { payload: ended.payload }) }
        : { state: 'waiting', leaseUntil: null, lastError, runAt: failure.retryAt };
    const failed = rowsChanged(await tx.update(jobs).set(changes).where(heldBy(tx, claim)));
    if (failed === 1 && failure.retryAt === undefined && then) await enqueue(tx, then, failure.now);
    return failed === 1;
  });
}

/**
 * Gives a claimed job back, due at once, without counting the attempt: its
 * process is stopping and the handler gave up when told to.
 */
export function releaseJob(db: Db, claim: Claim): Promise<boolean> {
  return write(db, async (tx) => {
    const { jobs } = tx.t;
    return rowsChanged(await tx.update(jobs).set({ state: 'waiting', leaseUntil: null, attempts: sql`${jobs.attempts} - 1` }).where(heldBy(tx, claim))) === 1;
  });
}

/** Kinds among `names` that have an occurrence waiting or running. */
export async function kindsPending(db: Db, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const { jobs } = db.t;
  const found = await db
    .selectDistinct({ name: jobs.name })
    .from(jobs)
    .where(and(inArray(jobs.name, [...names]), inArray(jobs.state, ['waiting', 'running'])));
  return new Set(found.map((row) => row.name));
}

/** Deletes finished jobs past their keeping time; returns how many went. */
export function purgeFinishedJobs(db: Db, now: number): Promise<number> {
  return write(db, async (tx) => {
    const { jobs } = tx.t;
    return rowsChanged(
      await tx
        .delete(jobs)
        .where(
          or(
            and(eq(jobs.state, 'done'), lt(jobs.finishedAt, now - FINISHED_KEPT_MS)),
            and(eq(jobs.state, 'failed'), lt(jobs.finishedAt, now - FAILED_KEPT_MS)),
          ),
        ),
    );
  });
}

/** What `npm run jobs` shows: every job not done, and the latest done ones. */
export async function listJobs(db: Db, options: { done: number }): Promise<{ jobs: JobRow[]; counts: Record<JobState, number> }> {
  const { jobs } = db.t;
  const open = await db.select().from(jobs).where(ne(jobs.state, 'done')).orderBy(asc(jobs.runAt), asc(jobs.id));
  const done = await db.select().from(jobs).where(eq(jobs.state, 'done')).orderBy(desc(jobs.finishedAt), desc(jobs.id)).limit(options.done);
  const grouped = await db.select({ state: jobs.state, n: sql<number>`cast(count(*) as integer)` }).from(jobs).groupBy(jobs.state);
  const counts: Record<JobState, number> = { waiting: 0, running: 0, done: 0, failed: 0 };
  for (const { state, n } of grouped) counts[state as JobState] = Number(n);
  return { jobs: [...open, ...done.reverse()], counts };
}

/** Jobs due now that no process has claimed (the metrics' conduit_jobs_waiting). */
export async function countWaiting(db: Db, now: number): Promise<number> {
  const { jobs } = db.t;
  const [row] = await db
    .select({ waiting: count() })
    .from(jobs)
    .where(and(eq(jobs.state, 'waiting'), lte(jobs.runAt, now)));
  return row?.waiting ?? 0;
}
