import { and, asc, count, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';
import { InvalidError } from '../errors.js';
import { actorOf, logAction, moderationNote, logOf, type LogEntry, type TargetType } from './moderation-log.js';
import { authorize, type Acting } from './permissions.js';
import type { Report, ReportReason, ReportStatus } from './reports.js';

/** Closes the open reports about a target when a moderator acts on it, in the action's transaction. */
export async function resolveReports(tx: Db, target: { type: TargetType; id: number }, status: 'resolved' | 'dismissed', now: number): Promise<number> {
  const { reports } = tx.t;
  const closed = await tx
    .update(reports)
    .set({ status, closedAt: now })
    .where(and(eq(reports.targetType, target.type), eq(reports.targetId, target.id), eq(reports.status, 'open')))
    .returning({ id: reports.id });
  return closed.length;
}

type Row = { id: number; reporterId: number; targetType: TargetType; targetId: number; reason: ReportReason; note: string; createdAt: number; status: ReportStatus };

function rowColumns(db: Db) {
  const { reports } = db.t;
  return {
    id: reports.id,
    reporterId: reports.reporterId,
    targetType: reports.targetType,
    targetId: reports.targetId,
    reason: reports.reason,
    note: reports.note,
    createdAt: reports.createdAt,
    status: reports.status,
  };
}

/** Usernames, slugs and comment ids for rows: a few batched statements whatever their number. */
async function names(db: Db, rows: Row[]) {
  const { articles, users } = db.t;
  const ids = (type: TargetType) => [...new Set(rows.filter((r) => r.targetType === type).map((r) => r.targetId))];
  const userIds = [...new Set([...rows.map((r) => r.reporterId), ...ids('user')])];
  const articleIds = ids('article');
  const usernames = new Map(
    userIds.length === 0 ? [] : (await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.id, userIds))).map((u) => [u.id, u.username]),
  );
  const slugs = new Map(
    articleIds.length === 0 ? [] : (await db.select({ id: articles.id, slug: articles.slug }).from(articles).where(inArray(articles.id, articleIds))).map((a) => [a.id, a.slug]),
  );
  return { usernames, slugs };
}

function toReport(r: Row, n: Awaited<ReturnType<typeof names>>): Report {
  const target: Report['target'] =
    r.targetType === 'article'
      ? { type: 'article', slug: n.slugs.get(r.targetId) ?? '' }
      : r.targetType === 'comment'
        ? { type: 'comment', id: r.targetId }
        : { type: 'user', username: n.usernames.get(r.targetId) ?? '' };
  return { id: r.id, target, reason: r.reason, note: r.note, reporter: n.usernames.get(r.reporterId) ?? '', createdAt: r.createdAt, status: r.status };
}

/** Reports, newest first, open ones unless `status` says otherwise (the API's GET /moderation/reports). */
export async function listReports(
  db: Db,
  viewer: Acting,
  /** Read (and so validated) only once the viewer may read the queue: a member gets 403, whatever they ask. */
  readQuery: () => { status: ReportStatus | 'all'; limit: number; offset: number },
): Promise<{ reports: Report[]; reportsCount: number }> {
  authorize(viewer, 'read-queue');
  const query = readQuery();
  const { reports } = db.t;
  const where = query.status === 'all' ? undefined : eq(reports.status, query.status);
  const rows = (await db.select(rowColumns(db)).from(reports).where(where).orderBy(desc(reports.createdAt), desc(reports.id)).limit(query.limit).offset(query.offset)) as Row[];
  const [total] = await db.select({ n: count() }).from(reports).where(where);
  const n = await names(db, rows);
  return { reports: rows.map((r) => toReport(r, n)), reportsCount: total?.n ?? 0 };
}

/** One target in the queue: what it is, its open reports, and what came before. */
export interface QueueGroup {
  target: { type: TargetType; id: number };
  /** What the moderator reads: the article's title and description, the comment, the user's bio. */
  content: { title: string; text: string; href: string; author: string | null; hidden: boolean; slug?: string };
  open: Report[];
  /** Reports about it already dismissed or resolved. */
  earlier: Report[];
  /** What moderators did to it so far. */
  actions: LogEntry[];
}

/** How many targets the queue page shows at once, those with most open reports first. */
const QUEUE_GROUPS = 50;

async function contentOf(db: Db, type: TargetType, id: number): Promise<QueueGroup['content'] | undefined> {
  const { articles, comments, users } = db.t;
  if (type === 'article') {
    const [a] = await db
      .select({ title: articles.title, text: articles.description, slug: articles.slug, author: users.username, hiddenAt: articles.hiddenAt })
      .from(articles)
      .innerJoin(users, eq(users.id, articles.authorId))
      .where(eq(articles.id, id));
    return a && { title: a.title, text: a.text, href: `/article/${encodeURIComponent(a.slug)}`, author: a.author, hidden: a.hiddenAt !== null, slug: a.slug };
  }
  if (type === 'comment') {
    const [c] = await db
      .select({ text: comments.body, slug: articles.slug, author: users.username, hiddenAt: comments.hiddenAt })
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .innerJoin(users, eq(users.id, comments.authorId))
      .where(eq(comments.id, id));
    return c && { title: `Comment ${id} on ${c.slug}`, text: c.text, href: `/article/${encodeURIComponent(c.slug)}`, author: c.author, hidden: c.hiddenAt !== null };
  }
  const [u] = await db.select({ username: users.username, bio: users.bio }).from(users).where(eq(users.id, id));
  return u && { title: u.username, text: u.bio ?? '', href: `/profile/${encodeURIComponent(u.username)}`, author: u.username, hidden: false };
}

/**
 * The moderation queue: open reports grouped by target, most reported first
 * (then oldest), each with the reported content, who reported it and why,
 * and the target's earlier reports and moderators' actions.
 */
export async function reportQueue(db: Db, viewer: Acting): Promise<QueueGroup[]> {
  authorize(viewer, 'read-queue');
  const { reports } = db.t;
  const open = (await db.select(rowColumns(db)).from(reports).where(eq(reports.status, 'open')).orderBy(asc(reports.createdAt), asc(reports.id))) as Row[];
  const byTarget = new Map<string, Row[]>();
  for (const row of open) {
    const key = `${row.targetType}:${row.targetId}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), row]);
  }
  const targets = [...byTarget.values()].sort((a, b) => b.length - a.length || a[0]!.createdAt - b[0]!.createdAt).slice(0, QUEUE_GROUPS);
  const groups: QueueGroup[] = [];
  for (const rows of targets) {
    const { targetType: type, targetId: id } = rows[0]!;
    const content = await contentOf(db, type, id);
    if (!content) continue;
    const earlierRows = (await db
      .select(rowColumns(db))
      .from(reports)
      .where(and(eq(reports.targetType, type), eq(reports.targetId, id), ne(reports.status, 'open')))
      .orderBy(desc(reports.createdAt))
      .limit(20)) as Row[];
    const n = await names(db, [...rows, ...earlierRows]);
    groups.push({
      target: { type, id },
      content,
      open: rows.map((r) => toReport(r, n)),
      earlier: earlierRows.map((r) => toReport(r, n)),
      actions: await logOf(db, type, id),
    });
  }
  return groups;
}

/** Dismisses the open reports about a target, with a note, in one transaction with its log entry. */
export async function dismissReports({ db, now }: Writer, by: Acting, target: { type: unknown; id: unknown }, input?: unknown): Promise<number> {
  authorize(by, 'dismiss-reports');
  const note = moderationNote(input);
  const type = target.type;
  const id = Number(target.id);
  if ((type !== 'article' && type !== 'comment' && type !== 'user') || !Number.isSafeInteger(id) || id < 1) throw new InvalidError({ target: ['is not a report target'] });
  return write(db, async (tx) => {
    const at = now();
    const closed = await resolveReports(tx, { type, id }, 'dismissed', at);
    if (closed === 0) return 0;
    const content = await contentOf(tx, type, id);
    await logAction(tx, { actor: actorOf(by), action: 'dismiss', target: { type, id, label: content?.title ?? `${type} ${id}` }, note }, at);
    return closed;
  });
}
