import type { Db } from '../db/database.js';
import type { Clock } from '../domain/clock.js';
import { listenForQueuedNotifications, notificationsQueued, writeQueuedNotifications } from '../domain/notifications/notification-queue.js';
import type { JobLog } from './kinds.js';

// Every server process writes out queued notifications (docs/decisions/0063):
// shortly after each of its own requests that queued one, so a favorite shows
// in its author's navbar within a fraction of a second and a burst of them is
// written in one batch; and, with one cheap read every poll, whatever another
// process queued and left (killed in between, or with no writer of its own).
// The batches make each notification once, whichever process writes it.

/** How long after a queued notification the writer starts: long enough to gather a burst, short enough not to be seen. */
export const GATHER_MS = 100;

export interface NotificationWriter {
  /** Stops listening and waits for a batch being written. */
  stop(): Promise<void>;
}

export interface NotificationWriterOptions {
  db: Db;
  now: Clock;
  log: JobLog;
  /** How often it looks for rows another process left (JOBS_POLL_MS, as the job runner). */
  pollMs: number;
  gatherMs?: number;
}

export function startNotificationWriter({ db, now, log, pollMs, gatherMs = GATHER_MS }: NotificationWriterOptions): NotificationWriter {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const run = () => {
    timer = undefined;
    running = (async () => {
      try {
        await writeQueuedNotifications(db, now);
        // Rows may remain: queued during the last batch, or held by another process writing them out (PostgreSQL).
        again ||= await notificationsQueued(db);
      } catch (error) {
        // Left queued: the next notification queued here, or the next poll, tries again.
        log.warn({ err: error }, 'queued notifications could not be written out; they wait for the next try');
        again = false;
      }
    })().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        schedule();
      }
    });
  };

  const schedule = () => {
    if (stopped) return;
    if (running) again = true;
    else timer ??= setTimeout(run, gatherMs).unref();
  };

  const unlisten = listenForQueuedNotifications(db, schedule);
  // Whatever an earlier process left, now; then a look at each poll, which writes nothing when nothing waits.
  schedule();
  const poll = setInterval(() => {
    if (running || timer) return;
    notificationsQueued(db).then(
      (waiting) => waiting && schedule(),
      (error: unknown) => log.warn({ err: error }, 'could not look for queued notifications; the next poll tries again'),
    );
  }, pollMs).unref();
  return {
    async stop() {
      stopped = true;
      unlisten();
      clearInterval(poll);
      clearTimeout(timer);
      await running;
    },
  };
}
