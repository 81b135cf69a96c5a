import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { rowsChanged } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import { KIND_LABELS } from './kinds.js';
import { mailableRecipients, mailedNotifications, sendNotificationMail, settingsOf, toMailed, type MailedNotification, type NotificationMailDeps } from './notification-mail.js';

/** The recurring job that mails what users want at once, every minute by default (INSTANT_MAIL_SECONDS). */
export const INSTANT_MAIL_JOB = 'notification-mail';
const MARK = 'instant-mail';

/**
 * How old a notification must be before the sweep reads it. On PostgreSQL
 * ids are drawn before commit, so a row with a smaller id may commit after a
 * larger one; a sweep that reads only rows older than any write transaction
 * lasts cannot step over one. Mail "at once" is therefore within about a
 * minute and a half.
 */
export const SETTLE_MS = 30_000; // INSTANT_MAIL_SETTLE_MS
const BATCH = 500;

/** The sweep's cron pattern for a period of `seconds` (60: each minute, on the minute). */
export const sweepCron = (seconds: number) => (seconds >= 60 ? '0 * * * * *' : `*/${seconds} * * * * *`);

async function markOf(db: Db): Promise<number | undefined> {
  const { sweepMarks } = db.t;
  const [row] = await db.select({ through: sweepMarks.through }).from(sweepMarks).where(eq(sweepMarks.name, MARK)).limit(1);
  return row?.through;
}

/** Moves the mark from `from` (undefined: none yet) to `to`, unless another sweep moved it first. */
async function moveMark(db: Db, from: number | undefined, to: number): Promise<boolean> {
  return write(db, async (tx) => {
    const { sweepMarks } = tx.t;
    if (from === undefined) {
      const made = await tx.insert(sweepMarks).values({ name: MARK, through: to }).onConflictDoNothing().returning({ name: sweepMarks.name });
      return made.length > 0;
    }
    return rowsChanged(await tx.update(sweepMarks).set({ through: to }).where(and(eq(sweepMarks.name, MARK), eq(sweepMarks.through, from)))) === 1;
  });
}

/**
 * One sweep: every notification past the mark, in id order and batches. The
 * mark moves (compare-and-set, committed) before a batch's mail is handed
 * over, so two sweeps never mail the same batch, and a process killed in
 * between loses that batch's mail rather than sending it twice
 * (docs/decisions/0033). Mailed: unread notifications whose kind the
 * recipient wants at once, to accounts neither deleted nor suspended; one
 * mail per recipient and kind. Returns how many mails were handed over.
 */
export async function sendInstantMail(deps: NotificationMailDeps, now: number, signal?: AbortSignal, settleMs = SETTLE_MS): Promise<number> {
  const { db, siteUrl } = deps;
  // Without a way to send, or an address for the links, the mark stays: nothing is lost.
  if (!deps.mailer.canSend || siteUrl === null) return 0;
  const { notifications: n } = db.t;
  let mails = 0;
  for (;;) {
    signal?.throwIfAborted();
    const mark = await markOf(db);
    const rows = await mailedNotifications(db)
      .where(and(gt(n.id, mark ?? 0), lte(n.createdAt, now - settleMs)))
      .orderBy(asc(n.id))
      .limit(BATCH);
    if (rows.length === 0) return mails;
    if (!(await moveMark(db, mark, rows[rows.length - 1]!.id))) return mails;
    const unread = rows.filter((r) => r.readAt === null).map(toMailed);
    const settings = await settingsOf(db, unread.map((r) => r.recipientId));
    const wanted = unread.filter((r) => settings.get(r.recipientId)?.[r.kind] === 'instant');
    const recipients = await mailableRecipients(db, wanted.map((r) => r.recipientId), now);
    const byMail = new Map<string, MailedNotification[]>();
    for (const r of wanted) {
      if (!recipients.has(r.recipientId)) continue;
      const key = `${r.recipientId}:${r.kind}`;
      byMail.set(key, [...(byMail.get(key) ?? []), r]);
    }
    for (const list of byMail.values()) {
      const first = list[0]!;
      sendNotificationMail({ ...deps, siteUrl }, { id: first.recipientId, ...recipients.get(first.recipientId)! }, list, {
        topic: first.kind,
        topicLabel: KIND_LABELS[first.kind].toLowerCase(),
      });
      mails++;
    }
    if (rows.length < BATCH) return mails;
  }
}
