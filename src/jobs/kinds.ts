import { Cron } from 'croner';
import type { Clock } from '../domain/clock.js';

/** Where a job's handler writes what it has to say; Fastify's logger (pino) fits. */
export interface JobLog {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** What a handler is told about the job it runs. */
export interface JobContext {
  job: { id: number; name: string; key: string | null; attempt: number; runAt: number };
  /** The runner's clock: tests move it. */
  now: Clock;
  /**
   * Aborted when the job's lease is over (another runner may take it over
   * from then on) or the process is stopping: a long handler checks it and
   * stops at a point where running again is safe.
   */
  signal: AbortSignal;
  log: JobLog;
}

export interface Backoff {
  /** The wait after the first failure; each further failure doubles it. */
  baseMs: number;
  /** The longest wait. */
  capMs: number;
}

/**
 * A kind of job: its name (what `enqueue` names), its handler and how it
 * is retried. Handlers must be idempotent, or check their own effects: a run
 * whose process dies is run again once its lease is over (docs/decisions/0016).
 */
export interface JobKind<P = unknown> {
  name: string;
  /** Resolves when the job is done; a rejection is a failed attempt, its message kept. */
  run(payload: P, context: JobContext): Promise<void>;
  /** Attempts before the job is left `failed` (default 5). */
  maxAttempts?: number;
  /** Waits between attempts (default 30 s doubling up to 1 h), each drawn between half and all of it. */
  backoff?: Backoff;
  /** How long one run may take before another runner may take the job over (default 5 minutes). */
  leaseMs?: number;
  /** A recurring job: a cron pattern (5 fields, or 6 with seconds), and its time zone (default UTC). */
  schedule?: { cron: string; timezone?: string };
  /**
   * For a payload that holds secrets (private keys): what of it the row keeps
   * once the job has ended, done or failed for good, written in the same
   * write that ends it, rather than kept whole until finished jobs are purged
   * (a week, a month). Not used while the job may still run.
   */
  redactWhenEnded?: (payload: P) => unknown;
}

/** A kind with every option settled. */
export interface ResolvedKind {
  name: string;
  run(payload: unknown, context: JobContext): Promise<void>;
  maxAttempts: number;
  backoff: Backoff;
  leaseMs: number;
  /** For recurring kinds: the first occurrence after a time (epoch ms). */
  nextOccurrence?: (after: number) => number | undefined;
  schedule?: { cron: string; timezone: string };
  redactWhenEnded?: (payload: unknown) => unknown;
}

/** The kinds a runner knows, by name. */
export type JobKinds = ReadonlyMap<string, ResolvedKind>;

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, capMs: 60 * 60_000 };
export const DEFAULT_LEASE_MS = 5 * 60_000;

/** Types a kind's payload for its handler; `enqueue` takes any JSON. */
export function defineJob<P>(kind: JobKind<P>): JobKind<P> {
  return kind;
}

/** The kinds a runner runs, checked: names unique and usable in a key, options in range, schedules parsed. */
export function jobKinds(kinds: ReadonlyArray<JobKind<never>>): JobKinds {
  const resolved = new Map<string, ResolvedKind>();
  for (const kind of kinds) {
    if (!/^[a-z][a-z0-9:-]*$/.test(kind.name)) throw new Error(`job kind "${kind.name}": a name is lower case letters, digits, - and :`);
    if (resolved.has(kind.name)) throw new Error(`job kind "${kind.name}" is declared twice`);
    const maxAttempts = kind.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const backoff = kind.backoff ?? DEFAULT_BACKOFF;
    const leaseMs = kind.leaseMs ?? DEFAULT_LEASE_MS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`job kind "${kind.name}": maxAttempts must be a whole number of at least 1`);
    if (!(backoff.baseMs >= 1 && backoff.capMs >= backoff.baseMs)) throw new Error(`job kind "${kind.name}": backoff needs 1 <= baseMs <= capMs`);
    if (!(leaseMs >= 1_000)) throw new Error(`job kind "${kind.name}": leaseMs must be at least 1000`);
    const entry: ResolvedKind = { name: kind.name, run: kind.run as ResolvedKind['run'], maxAttempts, backoff, leaseMs };
    if (kind.redactWhenEnded) entry.redactWhenEnded = kind.redactWhenEnded as ResolvedKind['redactWhenEnded'];
    if (kind.schedule) {
      const schedule = { cron: kind.schedule.cron, timezone: kind.schedule.timezone ?? 'UTC' };
      // Croner parses the pattern (a bad one throws here, at start-up) and finds the occurrences; nothing here is timed by it.
      const cron = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
      entry.schedule = schedule;
      entry.nextOccurrence = (after) => cron.nextRun(new Date(after))?.getTime();
    }
    resolved.set(kind.name, entry);
  }
  return resolved;
}

/**
 * The wait before the next attempt, after `attempts` have failed: the base
 * doubled for each failure after the first, up to the cap, then drawn between
 * half and all of that (`random` in [0, 1)), so jobs that failed together
 * spread out instead of retrying in a crowd.
 */
export function retryDelay(backoff: Backoff, attempts: number, random: number): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}
