import { purgeExpiredCounters } from '../db/counters.js';
import { purgeExpiredResets } from '../domain/accounts/password-resets.js';
import { purgeEndedSignIns } from '../domain/accounts/sessions-and-tokens.js';
import { purgeExpiredKv } from '../federation/kv-store.js';
import type { Services } from '../services.js';
import { backupInItsOwnProcess, type BackupJobConfig } from './backup-job.js';
import { defineJob, jobKinds, type JobKind, type JobKinds } from './kinds.js';
import { purgeFinishedJobs } from './queue.js';

/** Every kind of job the app runs. A new kind is declared here, with its options (src/jobs/kinds.ts). */
export function jobCatalog(services: Pick<Services, 'db' | 'idleMs'>, config: BackupJobConfig): JobKinds {
  const { db } = services;
  const backups: Array<JobKind<never>> = [];
  if (config.backup.scheduleCron) {
    backups.push(
      defineJob({
        // BACKUP_EVERY: one backup per occurrence, by whichever process claims it, in a process of its own.
        name: 'backup',
        schedule: { cron: config.backup.scheduleCron },
        // A large site's dump takes minutes; the lease must outlast it, or another runner would start a second.
        leaseMs: 2 * 60 * 60_000,
        maxAttempts: 3,
        backoff: { baseMs: 5 * 60_000, capMs: 60 * 60_000 },
        run: (_payload, context) => backupInItsOwnProcess(config, context),
      }),
    );
  }
  return jobKinds([
    ...backups,
    defineJob({
      // Sessions and API tokens past their lifetime or idle too long, and reset links past their 30 minutes.
      name: 'purge-ended-sign-ins',
      schedule: { cron: '0 * * * *' },
      run: async (_payload, { now }) => {
        await purgeEndedSignIns(db, now(), services.idleMs);
        await purgeExpiredResets(db, now());
      },
    }),
    defineJob({
      // Rate-limit and sign-in-pause windows that have ended: they would start again from 1 anyway.
      name: 'purge-ended-counters',
      schedule: { cron: '0 * * * *' },
      run: async (_payload, { now }) => void (await purgeExpiredCounters(db, now())),
    }),
    defineJob({
      // Fedify's cached documents and records past their time (src/federation/kv-store.ts): reads already skip them.
      name: 'purge-expired-federation-cache',
      schedule: { cron: '0 * * * *' },
      run: async (_payload, { now }) => purgeExpiredKv(db, now()),
    }),
    defineJob({
      // The queue's own finished rows, once they are past keeping (src/jobs/queue.ts).
      name: 'purge-finished-jobs',
      schedule: { cron: '30 3 * * *' },
      run: async (_payload, { now }) => void (await purgeFinishedJobs(db, now())),
    }),
  ]);
}
