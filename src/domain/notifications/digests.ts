import { and, asc, desc, eq, gt, inArray, isNull, lt, lte } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import { SITE_NAME } from '../accounts/password-rules.js';
import { NOTIFICATION_KINDS, type Cadence } from './kinds.js';
import { mailableRecipients, mailedNotifications, sendNotificationMail, settingsOf, toMailed, type NotificationMailDeps } from './notification-mail.js';

/** The recurring jobs, one per cadence: daily at 07:00 UTC, weekly on Monday at 07:00 UTC. */
export const DIGEST_JOBS: Readonly<Record<Cadence, { name: string; cron: string }>> = {
  daily: { name: 'notification-digest-daily', cron: '0 7 * * *' },
  weekly: { name: 'notification-digest-weekly', cron: '0 7 * * 1' },
};

const DAY_MS = 24 * 60 * 60_000;
export const PERIOD_MS: Readonly<Record<Cadence, number>> = { daily: DAY_MS, weekly: 7 * DAY_MS };

/** Recipients read per step, and the most lines one digest lists. */
const RECIPIENTS_PER_STEP = 200;
const LINES_PER_DIGEST = 50;

/**
 * Claims the user's digest of the period ending `periodEnd`: moves their
 * mark to it, unless it is there already. Committed before the mail is
 * handed over, so however many runners try, one sends it, and a process
 * killed in between never sends it twice (docs/decisions/0033).
 */
async function claimPeriod(db: Db, userId: number, cadence: Cadence, periodEnd: number): Promise<boolean> {
  return write(db, async (tx) => {
    const { notificationMailMarks: m } = tx.t;
    const claimed = await tx
      .insert(m)
      .values({ userId, cadence, sentThrough: periodEnd })
      .onConflictDoUpdate({ target: [m.userId, m.cadence], set: { sentThrough: periodEnd }, setWhere: lt(m.sentThrough, periodEnd) })
      .returning({ userId: m.userId });
    return claimed.length > 0;
  });
}

/**
 * The digest of `cadence` for the period ending `periodEnd` (the job's
 * occurrence), to every user with unread notifications from that period of
 * kinds they get in that digest. Returns how many were handed over.
 */
export async function sendDigests(deps: NotificationMailDeps, cadence: Cadence, periodEnd: number, now: number, signal?: AbortSignal): Promise<number> {
  const { db, siteUrl } = deps;
  if (!deps.mailer.canSend || siteUrl === null) return 0;
  const { notifications: n } = db.t;
  const from = periodEnd - PERIOD_MS[cadence];
  const inPeriod = and(gt(n.createdAt, from), lte(n.createdAt, periodEnd), isNull(n.readAt));
  let after = 0;
  let sent = 0;
  for (;;) {
    signal?.throwIfAborted();
    const step = await db
      .selectDistinct({ id: n.recipientId })
      .from(n)
      .where(and(gt(n.recipientId, after), inPeriod))
      .orderBy(asc(n.recipientId))
      .limit(RECIPIENTS_PER_STEP);
    if (step.length === 0) return sent;
    const ids = step.map((r) => r.id);
    const settings = await settingsOf(db, ids);
    const recipients = await mailableRecipients(db, ids, now);
    for (const id of ids) {
      const recipient = recipients.get(id);
      const kinds = NOTIFICATION_KINDS.filter((kind) => settings.get(id)?.[kind] === cadence);
      if (!recipient || kinds.length === 0) continue;
      const rows = await mailedNotifications(db)
        .where(and(eq(n.recipientId, id), inArray(n.kind, kinds), inPeriod))
        .orderBy(desc(n.id))
        .limit(LINES_PER_DIGEST);
      if (rows.length === 0 || !(await claimPeriod(db, id, cadence, periodEnd))) continue;
      sendNotificationMail({ ...deps, siteUrl }, { id, ...recipient }, rows.map(toMailed), {
        topic: cadence,
        topicLabel: `the ${cadence} digest`,
        subject: `Your ${cadence} ${SITE_NAME} digest: ${rows.length} new`,
      });
      sent++;
    }
    after = ids[ids.length - 1]!;
    if (step.length < RECIPIENTS_PER_STEP) return sent;
  }
}
