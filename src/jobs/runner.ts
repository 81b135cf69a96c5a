import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { LEASE_RAN_OUT } from '../db/claim.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../domain/clock.js';
import { retryDelay, type JobKinds, type JobLog, type ResolvedKind } from './kinds.js';
import { anyDue, claimJob, completeJob, failJob, releaseJob, type Claim, type JobRow, type NewJob } from './queue.js';
import { ensureSchedules, nextOccurrence } from './schedules.js';

// The runner: claims what is due, one job at a time, runs its handler and
// records how it ended (docs/decisions/0016). `runDue` is one pass (what
// tests and `npm run jobs -- run-due` call, with their clock); `startJobRunner`
// repeats it every few seconds in a server process.

export interface RunnerOptions {
  db: Db;
  kinds: JobKinds;
  now: Clock;
  log?: JobLog;
  /** In [0, 1): where in its range each retry wait falls (tests pin it). */
  random?: () => number;
  /** Aborted when the process stops: the running handler is told, and no further job is claimed. */
  signal?: AbortSignal;
  /** Told how each run ended (the metrics' conduit_jobs_total). */
  onOutcome?: (outcome: JobOutcome) => void;
}

/** How one claimed job ended, this time. */
export interface JobOutcome {
  id: number;
  name: string;
  /** Which attempt this was (1 for the first). */
  attempt: number;
  /**
   * done; retry (failed, runs again at retryAt); failed (for good); released
   * (its process was stopping: waiting again, the attempt not counted); lost
   * (its lease ran out and another runner had taken it over: nothing recorded).
   */
  result: 'done' | 'retry' | 'failed' | 'released' | 'lost';
  retryAt?: number;
  error?: string;
}

const quiet: JobLog = { debug() {}, info() {}, warn() {}, error() {} };

/** A claim's token: unique to the claim, and saying which process holds it, for `npm run jobs`. */
export function claimToken(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

/** An error as it is kept: its stack when it has one (bounded when stored). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * One pass: enqueues any recurring occurrence that is missing, then runs
 * due jobs one after another until none is due (at most `max`). Returns how
 * each ended.
 */
export async function runDue(options: RunnerOptions, { max = 100 } = {}): Promise<JobOutcome[]> {
  await ensureSchedules(options.db, options.kinds, options.now());
  const outcomes: JobOutcome[] = [];
  while (outcomes.length < max && !options.signal?.aborted) {
    const outcome = await runNext(options);
    if (!outcome) break;
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Claims the next due job of a known kind and runs it; undefined when none is due. */
export async function runNext(options: RunnerOptions): Promise<JobOutcome | undefined> {
  const { db, kinds } = options;
  const now = options.now();
  if (!(await anyDue(db, [...kinds.keys()], now))) return undefined;
  const token = claimToken();
  const leases = new Map([...kinds.values()].map((kind) => [kind.name, kind.leaseMs]));
  const job = await claimJob(db, { leases, token, now });
  return job && runClaimed(options, job, { id: job.id, token });
}

/** Runs a job this process has claimed, and records how it ended (fenced by the claim). */
export async function runClaimed(options: RunnerOptions, job: JobRow, claim: Claim): Promise<JobOutcome> {
  const { db } = options;
  const log = options.log ?? quiet;
  const kind = options.kinds.get(job.name);
  if (!kind) throw new Error(`no job kind ${job.name} here`);
  const attempt = { id: job.id, name: job.name, attempt: job.attempts };
  // A recurring job's next occurrence, enqueued as this one finishes (after its own time, whatever this clock says).
  const then = (now: number) => (kind.nextOccurrence ? nextOccurrence(kind, Math.max(now, job.runAt)) : undefined);

  if (job.attempts > kind.maxAttempts) {
    // Its last attempt never finished (the process died, or it outran its lease): not run again.
    const error = job.lastError ?? LEASE_RAN_OUT;
    const held = await failJob(db, claim, { error, now: options.now() }, then(options.now()), ending(kind, job));
    return reported(options, { ...attempt, result: held ? 'failed' : 'lost', error });
  }

  const lease = new AbortController();
  const leaseTimer = setTimeout(() => lease.abort(new Error(`the lease of ${kind.leaseMs} ms is over`)), kind.leaseMs);
  leaseTimer.unref();
  const signal = options.signal ? AbortSignal.any([options.signal, lease.signal]) : lease.signal;
  try {
    const context = { job: { id: job.id, name: job.name, key: job.key, attempt: job.attempts, runAt: job.runAt }, now: options.now, signal, log };
    await kind.run(JSON.parse(job.payload) as unknown, context);
  } catch (error) {
    if (options.signal?.aborted) {
      const released = await releaseJob(db, claim);
      return reported(options, { ...attempt, result: released ? 'released' : 'lost' });
    }
    return failed(options, kind, job, claim, describeError(error), then);
  } finally {
    clearTimeout(leaseTimer);
  }
  const now = options.now();
  const held = await completeJob(db, claim, now, then(now), ending(kind, job));
  return reported(options, { ...attempt, result: held ? 'done' : 'lost' });
}

async function failed(options: RunnerOptions, kind: ResolvedKind, job: JobRow, claim: Claim, error: string, then: (now: number) => NewJob | undefined) {
  const now = options.now();
  const attempt = { id: job.id, name: job.name, attempt: job.attempts };
  if (job.attempts >= kind.maxAttempts) {
    const held = await failJob(options.db, claim, { error, now }, then(now), ending(kind, job));
    return reported(options, { ...attempt, result: held ? 'failed' : 'lost', error });
  }
  const retryAt = now + retryDelay(kind.backoff, job.attempts, (options.random ?? Math.random)());
  const held = await failJob(options.db, claim, { error, now, retryAt });
  return reported(options, held ? { ...attempt, result: 'retry', retryAt, error } : { ...attempt, result: 'lost', error });
}

/** How a job of `kind` that ends now is left: its payload redacted, for a kind whose payload holds secrets. */
const ending = (kind: ResolvedKind, job: JobRow) =>
  kind.redactWhenEnded ? { payload: JSON.stringify(kind.redactWhenEnded(JSON.parse(job.payload) as unknown) ?? null) } : {};

function reported(options: RunnerOptions, outcome: JobOutcome): JobOutcome {
  options.onOutcome?.(outcome);
  const log = options.log ?? quiet;
  const fields = { job: outcome.id, kind: outcome.name, attempt: outcome.attempt, result: outcome.result };
  if (outcome.result === 'done') log.debug(fields, 'job done');
  else if (outcome.result === 'retry') log.warn({ ...fields, retryAt: new Date(outcome.retryAt!).toISOString(), error: outcome.error }, 'job failed; it will be retried');
  else if (outcome.result === 'failed') log.error({ ...fields, error: outcome.error }, 'job failed for good');
  else if (outcome.result === 'released') log.info(fields, 'job given back: this process is stopping');
  else log.warn(fields, 'job finished after another runner had taken it over: its result was not recorded');
  return outcome;
}

export interface JobRunner {
  /** Stops claiming, tells the running handler, and waits for it up to the runner's bound. */
  stop(): Promise<void>;
}

/**
 * Runs due jobs in this process until stopped: a pass at once, then one
 * every `pollMs` (at once again after a pass that hit its limit). A pass that
 * fails (the database is unreachable) is logged and tried again later.
 * `stop` waits for the running job at most `stopWithinMs`; one that takes
 * longer is left to its lease, and another process runs it again.
 */
export function startJobRunner(options: RunnerOptions & { pollMs: number; stopWithinMs?: number }): JobRunner {
  const log = options.log ?? quiet;
  const stopping = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopping.signal]) : stopping.signal;
  const perPass = 100;
  let wake = () => {};
  let timer: NodeJS.Timeout | undefined;
  const loop = (async () => {
    while (!signal.aborted) {
      try {
        if ((await runDue({ ...options, signal }, { max: perPass })).length === perPass) continue;
      } catch (error) {
        log.warn({ err: error }, 'the job runner could not finish a pass; it tries again at the next');
      }
      if (signal.aborted) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        // Not unref'd: a started runner keeps its process alive until it is stopped.
        timer = setTimeout(resolve, options.pollMs);
      });
    }
  })();
  return {
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      wake();
      let bound: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([
        loop.then(() => true),
        new Promise<boolean>((resolve) => (bound = setTimeout(() => resolve(false), options.stopWithinMs ?? 5_000))),
      ]);
      clearTimeout(bound);
      if (!inTime) log.warn({}, 'a job was still running at shutdown: once its lease is over, another process runs it again');
    },
  };
}
