import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';
import type { Clock } from '../domain/clock.js';
import type { Db } from '../db/database.js';
import { write } from '../db/write-transaction.js';
import { defineJob, jobKinds, type JobLog } from '../jobs/kinds.js';
import { enqueue } from '../jobs/queue.js';
import { runDue } from '../jobs/runner.js';
import { withFetchTimeLimit } from './fetch-time-limit.js';

// Fedify's message queue on the job runner (docs/decisions/0016, 0039): each
// message is a job of the kind `federation`, so a delivery or an inbox
// activity is claimed by one process at a time, survives a process killed
// mid-run (its lease runs out and another runner takes it), and shows in
// `npm run jobs`. `listen` is a runner of that kind alone, polling like the
// main one; the main runner leaves these jobs to it. Like the main runner it
// starts the next pass at once after a full one, and a message enqueued by
// this process wakes its own listener: a fan-out's deliveries do not wait a
// poll per hundred, nor the first one a poll at all (docs/decisions/0045's note).

export const FEDERATION_JOB = 'federation';

export interface DatabaseMessageQueueOptions {
  db: Db;
  now: Clock;
  /** How often an idle listener looks for due messages. */
  pollMs: number;
  log?: JobLog;
  /** Each fetch a message makes (a delivery's POST above all) is given up after this (FEDERATION_DELIVERY_TIMEOUT_SECONDS). */
  fetchTimeoutMs: number;
  /** Whether a due message is dropped unrun (a delivery to a domain blocked since it was queued). */
  refuse?: (message: unknown) => Promise<boolean>;
}

/** Fedify retries a failed delivery itself, with its own backoff; ours only re-runs a run whose process died. */
const RUNS_AFTER_A_DEATH = 3;
/** One delivery's fetches are bounded well under this (fetchTimeoutMs); past it another process may take the message over. */
const LEASE_MS = 2 * 60_000;
/** Messages one pass runs before it looks again: a full pass is followed by the next at once. */
const PER_PASS = 100;

export class DatabaseMessageQueue implements MessageQueue {
  // Fedify keeps its own retry policies (outbox and inbox), and re-enqueues what failed.
  readonly nativeRetrial = false;

  /** Listeners of this process waiting for their next poll: a message due now wakes them. */
  private readonly idle = new Set<() => void>();

  constructor(private readonly options: DatabaseMessageQueueOptions) {}

  enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    return this.enqueueMany([message], options);
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const { db, now } = this.options;
    const enqueuedAt = now();
    const runAt = enqueuedAt + (options?.delay?.total({ unit: 'millisecond' }) ?? 0);
    await write(db, async (tx) => {
      for (const payload of messages) await enqueue(tx, { name: FEDERATION_JOB, payload, runAt }, enqueuedAt);
    });
    // Committed: a listener here may run them now (others find them at their next poll).
    if (runAt <= enqueuedAt) for (const wake of this.idle) wake();
  }

  async listen(handler: (message: unknown) => Promise<void> | void, options: MessageQueueListenOptions = {}): Promise<void> {
    const { db, now, pollMs, log, refuse, fetchTimeoutMs } = this.options;
    const { signal } = options;
    const kinds = jobKinds([
      defineJob({
        name: FEDERATION_JOB,
        maxAttempts: RUNS_AFTER_A_DEATH,
        // An outgoing activity's message carries its sender's private keys, to sign at delivery: gone once it has ended.
        redactWhenEnded: withoutKeys,
        leaseMs: LEASE_MS,
        run: async (payload) => {
          if (await refuse?.(payload)) return;
          await withFetchTimeLimit(fetchTimeoutMs, async () => handler(payload));
        },
      }),
    ]);
    while (!signal?.aborted) {
      let woken = false;
      const wake = () => void (woken = true);
      // Set before the pass: a message enqueued while it runs is not missed by the pause after it.
      this.idle.add(wake);
      try {
        const ran = await runDue({ db, kinds, now, ...(log && { log }), ...(signal && { signal }) }, { max: PER_PASS });
        if (ran.length === PER_PASS) continue;
      } catch (error) {
        log?.warn({ err: error }, 'the federation queue could not finish a pass; it tries again at the next');
      } finally {
        this.idle.delete(wake);
      }
      if (!woken) await this.pause(pollMs, signal);
    }
  }

  /** Waits `ms`, or less when stopped or when this process enqueues a message due now. */
  private pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      const idle = this.idle;
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        idle.delete(done);
        resolve();
      }
      idle.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

/** A queued message without the private keys Fedify puts in an outgoing one (`keys`), the rest as it was. */
export function withoutKeys(message: unknown): unknown {
  if (typeof message !== 'object' || message === null || !('keys' in message)) return message;
  const { keys: _keys, ...rest } = message as Record<string, unknown>;
  return rest;
}
