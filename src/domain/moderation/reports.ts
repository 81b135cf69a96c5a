import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { hitCounter } from '../../db/counters.js';
import { write } from '../../db/write-transaction.js';
import { findUserByUsername } from '../accounts/users.js';
import type { Writer } from '../clock.js';
import { ConflictError, InvalidError, NotFoundError, RateLimitedError } from '../errors.js';
import { articleRef } from '../publishing/article-summaries.js';
import { parseInput } from '../validation.js';
import { NOTE_MAX, type TargetType } from './moderation-log.js';
import { assertMayWrite } from './suspension.js';
import { commentShown } from './visibility.js';

export const REPORT_REASONS = ['spam', 'harassment', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export type ReportStatus = 'open' | 'dismissed' | 'resolved';

/** Reports one reader may file in an hour, counted in the database across every process. */
export const REPORTS_PER_HOUR = 20;
const HOUR_MS = 60 * 60 * 1000;

/** What is reported, the way a reader names it. */
export type ReportedThing = { type: 'article'; slug: string } | { type: 'comment'; slug: string; id: number } | { type: 'user'; username: string };

/** A report as both faces show it: its target named as the API names it. */
export interface Report {
  id: number;
  target: { type: 'article'; slug: string } | { type: 'comment'; id: number } | { type: 'user'; username: string };
  reason: ReportReason;
  note: string;
  reporter: string;
  createdAt: number;
  status: ReportStatus;
}

export const reportSchema = z.object(
  {
    reason: z.enum(REPORT_REASONS, { error: `must be one of ${REPORT_REASONS.join(', ')}` }),
    note: z
      .string({ error: 'must be a string' })
      .trim()
      .max(NOTE_MAX, `is too long (maximum is ${NOTE_MAX} characters)`)
      .optional()
      .transform((v) => v ?? ''),
  },
  { error: 'must be an object' },
);

interface Resolved {
  type: TargetType;
  id: number;
  columns: { articleId?: number; commentId?: number; userId?: number };
  named: Report['target'];
}

/** The target as the reporter may see it: hidden content they may not see, and unknown things, are a 404. */
async function resolveTarget(db: Db, reporterId: number, thing: ReportedThing): Promise<Resolved> {
  if (thing.type === 'user') {
    const user = await findUserByUsername(db, thing.username);
    if (!user) throw new NotFoundError('profile');
    if (user.id === reporterId) throw new InvalidError({ report: ['cannot be about yourself'] });
    return { type: 'user', id: user.id, columns: { userId: user.id }, named: { type: 'user', username: user.username } };
  }
  const article = await articleRef(db, thing.slug, reporterId);
  if (thing.type === 'article') {
    if (article.authorId === reporterId) throw new InvalidError({ report: ['cannot be about your own article'] });
    return { type: 'article', id: article.id, columns: { articleId: article.id }, named: { type: 'article', slug: thing.slug } };
  }
  const { comments } = db.t;
  const [comment] = await db
    .select({ id: comments.id, authorId: comments.authorId })
    .from(comments)
    .where(and(eq(comments.id, thing.id), eq(comments.articleId, article.id), commentShown(db.t)))
    .limit(1);
  if (!comment) throw new NotFoundError('comment');
  if (comment.authorId === reporterId) throw new InvalidError({ report: ['cannot be about your own comment'] });
  return { type: 'comment', id: comment.id, columns: { commentId: comment.id }, named: { type: 'comment', id: comment.id } };
}

const ALREADY = {
  article: 'is already open for this article: the moderators will look at it',
  comment: 'is already open for this comment: the moderators will look at it',
  user: 'is already open for this user: the moderators will look at it',
} as const;

/**
 * Files a report for a signed-in reader: one open report per reader and
 * target (a second is a ConflictError, and the database's partial unique
 * index holds it against a race), at most REPORTS_PER_HOUR an hour.
 */
export async function fileReport({ db, now }: Writer, reporterId: number, thing: ReportedThing, input: unknown): Promise<Report> {
  await assertMayWrite({ db, now }, reporterId);
  const { reason, note } = parseInput(reportSchema, input ?? {});
  const target = await resolveTarget(db, reporterId, thing);
  const reporter = (await db.select({ username: db.t.users.username }).from(db.t.users).where(eq(db.t.users.id, reporterId)).limit(1))[0];
  if (!reporter) throw new NotFoundError('user');
  const at = now();
  const id = await write(db, async (tx) => {
    const { reports } = tx.t;
    const [open] = await tx
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.reporterId, reporterId), eq(reports.targetType, target.type), eq(reports.targetId, target.id), eq(reports.status, 'open')))
      .limit(1);
    if (open) throw new ConflictError({ report: [ALREADY[target.type]] });
    const counted = await hitCounter(tx, `reports:${reporterId}`, HOUR_MS, at);
    if (counted.count > REPORTS_PER_HOUR) throw new RateLimitedError('report', Math.ceil((counted.resetAt - at) / 1000));
    const [row] = await tx
      .insert(reports)
      .values({ reporterId, targetType: target.type, targetId: target.id, ...target.columns, reason, note, createdAt: at })
      .returning({ id: reports.id });
    return row!.id;
  });
  return { id, target: target.named, reason, note, reporter: reporter.username, createdAt: at, status: 'open' };
}
