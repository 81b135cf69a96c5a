import { listBackups } from '../db/backup-files.js';
import type { Db } from '../db/database.js';
import { oldestQueuedAt } from '../domain/notifications/notification-queue.js';
import { countWaiting } from '../jobs/queue.js';
import type { GaugeSources } from './series.js';

/** The gauges' answers: the jobs table, the notifications queue, and the newest backup in `backupDir` that passed its check. */
export function gaugeSources(db: Db, backupDir: string, now: () => number): GaugeSources {
  return {
    jobsWaiting: () => countWaiting(db, now()),
    notificationsQueueAge: async () => {
      const queuedAt = await oldestQueuedAt(db);
      return queuedAt === undefined ? 0 : Math.max(0, (now() - queuedAt) / 1000);
    },
    // A backup's record is written beside it only once its check passed (src/db/backup.ts).
    lastBackupAt: () => listBackups(backupDir).find((backup) => backup.record !== undefined)?.takenAt,
  };
}
