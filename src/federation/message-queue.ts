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
// main one; the main runner leaves these jobs to it.

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

export class DatabaseMessageQueue implements MessageQueue {
  // Fedify keeps its own retry policies (outbox and inbox), and re-enqueues what failed.
  readonly nativeRetrial = false;

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
  }

  async listen(handler: (message: unknown) => Promise<void> | void, options: MessageQueueListenOptions = {}): Promise<void> {
    const { db, now, pollMs, log, refuse, fetchTimeoutMs } = this.options;
    const { signal } = options;
    const kinds = jobKinds([
      defineJob({
        name: FEDERATION_JOB,
        maxAttempts: RUNS_AFTER_A_DEATH,
        leaseMs: LEASE_MS,
        run: async (payload) => {
          if (await refuse?.(payload)) return;
          await withFetchTimeLimit(fetchTimeoutMs, async () => handler(payload));
        },
      }),
    ]);
    while (!signal?.aborted) {
      try {
        await runDue({ db, kinds, now, ...(log && { log }), ...(signal && { signal }) });
      } catch (error) {
        log?.warn({ err: error }, 'the federation queue could not finish a pass; it tries again at the next');
      }
      await pause(pollMs, signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
