import { purgeExpiredCounters } from '../db/counters.js';
import { purgeExpiredResets } from '../domain/accounts/password-resets.js';
import { purgeEndedSignIns } from '../domain/accounts/sessions-and-tokens.js';
import { PUBLISH_SCHEDULED, publishScheduled, type PublishScheduledPayload } from '../domain/publishing/scheduled-publishing.js';
import { purgeExpiredKv } from '../federation/kv-store.js';
import { articleToFederate, FEDERATE_PUBLICATION_JOB, type FederatePublication } from '../domain/federation/publication-delivery.js';
import { FEDERATE_ACCOUNT_DELETION_JOB, type FederateAccountDeletion } from '../domain/federation/account-deletion-delivery.js';
import { FEDERATE_ARTICLE_CHANGE_JOB, type FederateArticleChange } from '../domain/federation/article-changes.js';
import type { Services } from '../services.js';
import { backupInItsOwnProcess, type BackupJobConfig } from './backup-job.js';
import { defineJob, jobKinds, type JobKind, type JobKinds } from './kinds.js';
import { purgeFinishedJobs } from './queue.js';
import type { Config } from '../config.js';
import { DIGEST_JOBS, sendDigests } from '../domain/notifications/digests.js';
import { INSTANT_MAIL_JOB, sendInstantMail, sweepCron } from '../domain/notifications/instant-mail.js';
import { fanOutPublicationNotices, PUBLICATION_NOTICES_JOB, type PublicationNotices } from '../domain/notifications/publication-notices.js';

/** Every kind of job the app runs. A new kind is declared here, with its options (src/jobs/kinds.ts). */
export function jobCatalog(services: Pick<Services, 'db' | 'idleMs' | 'mailer' | 'articlePublished' | 'articleChanged' | 'accountDeleted'>, config: BackupJobConfig & Pick<Config, 'publicUrl' | 'sessionSecrets' | 'instantMail'>): JobKinds {
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
    ...notificationMailJobs(services, config),
    defineJob({
      // Sessions and API tokens past their lifetime or idle too long, and reset links past their 30 minutes.
      name: 'purge-ended-sign-ins',
      schedule: { cron: '0 * * * *' },
      run: async (_payload, { now }) => {
        await purgeEndedSignIns(db, now(), services.idleMs);
        await purgeExpiredResets(db, now());
      },
    }),
    defineJob<PublishScheduledPayload>({
      // A scheduled article goes live at its time; the handler checks it is still scheduled for it, so a second run does nothing.
      name: PUBLISH_SCHEDULED,
      run: async (payload, { now }) => void (await publishScheduled({ db, now }, payload)),
    }),
    defineJob({
      // Rate-limit and sign-in-pause windows that have ended: they would start again from 1 anyway.
      name: 'purge-ended-counters',
      schedule: { cron: '0 * * * *' },
      run: async (_payload, { now }) => void (await purgeExpiredCounters(db, now())),
    }),
    defineJob<PublicationNotices>({
      // An article's followers notified, in batches (src/domain/notifications/publication-notices.ts).
      name: PUBLICATION_NOTICES_JOB,
      leaseMs: 15 * 60_000,
      run: async (notice, { now, signal }) => void (await fanOutPublicationNotices(db, notice, now, signal)),
    }),
    defineJob<FederatePublication>({
      // A newly public article handed to the federation, which enqueues one delivery per server (src/federation/publication.ts).
      name: FEDERATE_PUBLICATION_JOB,
      run: async ({ articleId }, { log }) => {
        // Read when the job runs: with FEDERATION=off since it was enqueued, there is nobody to hand it to.
        const federate = services.articlePublished;
        if (!federate) return log.info({ articleId }, 'federation is off: the article is not sent to the fediverse');
        const found = await articleToFederate(db, articleId);
        if (found) await federate(found.authorId, found.article, found.id);
      },
    }),
    defineJob<FederateArticleChange>({
      // An edit, deletion, hiding or suspension of published articles told to the fediverse (src/federation/article-delivery.ts).
      name: FEDERATE_ARTICLE_CHANGE_JOB,
      run: async (change, { now, log }) => {
        const federate = services.articleChanged;
        if (!federate) return log.info({ articleIds: change.articleIds }, 'federation is off: the change is not sent to the fediverse');
        await federate(change, now());
      },
    }),
    defineJob<FederateAccountDeletion>({
      // A deleted account's Delete, to the servers that followed it (src/federation/account-deletion.ts).
      name: FEDERATE_ACCOUNT_DELETION_JOB,
      // It carries the deleted account's private keys: gone from the row once it has ended.
      redactWhenEnded: ({ username, followers }) => ({ username, followers: followers.length }),
      run: async (deletion, { log }) => {
        const federate = services.accountDeleted;
        if (!federate) return log.info({ username: deletion.username }, 'federation is off: the deletion is not sent to the fediverse');
        await federate(deletion);
      },
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

/**
 * Notification mail (docs/decisions/0033): the instant sweep every minute and
 * the two digests. Only a process that can send mail, with an address for
 * the links, knows these kinds (a server, or `npm run jobs -- run-due`, which
 * builds the same mailer); one without (production without SMTP_URL or
 * PUBLIC_URL) leaves them waiting rather than marking a period done that it
 * could not mail.
 */
function notificationMailJobs(services: Pick<Services, 'db' | 'mailer'>, config: Pick<Config, 'publicUrl' | 'sessionSecrets' | 'instantMail'>): Array<JobKind<never>> {
  const secret = config.sessionSecrets[0];
  if (!services.mailer.canSend || config.publicUrl === null || secret === undefined) return [];
  const deps = { db: services.db, mailer: services.mailer, siteUrl: config.publicUrl, secret };
  return [
    defineJob({
      name: INSTANT_MAIL_JOB,
      schedule: { cron: sweepCron(config.instantMail.everySeconds) },
      run: async (_payload, { now, signal }) => void (await sendInstantMail(deps, now(), signal, config.instantMail.settleMs)),
    }),
    ...(['daily', 'weekly'] as const).map((cadence) =>
      defineJob({
        name: DIGEST_JOBS[cadence].name,
        schedule: { cron: DIGEST_JOBS[cadence].cron },
        // The period ends at the occurrence, whenever it runs: a digest run late covers the same period.
        run: async (_payload, { job, now, signal }) => void (await sendDigests(deps, cadence, job.runAt, now(), signal)),
      }),
    ),
  ];
}
