import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { lockRows } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';
import { NotFoundError } from '../errors.js';
import { actorOf, logAction, moderationNote, type Target } from './moderation-log.js';
import { resolveReports } from './moderation-queue.js';
import { authorize, type Acting } from './permissions.js';
import { withdrawNotifications } from '../notifications/notify.js';
import { enqueueArticleVisibility } from '../federation/article-changes.js';


interface Subject {
  id: number;
  hiddenAt: number | null;
  target: Target;
}

/**
 * Hides or shows again one article or comment, in one transaction: the row,
 * the log entry, and the target's open reports (resolved). Doing what is already done changes and logs nothing. Lists, counts
 * and caches follow from the row, by the database's triggers.
 */
async function setHidden(
  { db, now }: Writer,
  by: Acting,
  find: (tx: Db) => Promise<Subject>,
  table: 'articles' | 'comments',
  hide: boolean,
  input: unknown,
): Promise<void> {
  authorize(by, 'hide-content');
  const note = moderationNote(input);
  await write(db, async (tx) => {
    const subject = await find(tx);
    if ((subject.hiddenAt !== null) === hide) return;
    const at = now();
    const rows = tx.t[table];
    await tx
      .update(rows)
      .set(hide ? { hiddenAt: at, hiddenReason: note } : { hiddenAt: null, hiddenReason: null })
      .where(eq(rows.id, subject.id));
    await logAction(tx, { actor: actorOf(by), action: hide ? 'hide' : 'unhide', target: subject.target, note }, at);
    // Nobody is told about hidden content; showing it again does not bring those back (docs/decisions/0032).
    if (hide) await withdrawNotifications(tx, table === 'articles' ? { articleId: subject.id } : { commentId: subject.id });
    // The fediverse's copies go with a hidden article, and come back with it.
    if (table === 'articles') await enqueueArticleVisibility(tx, subject.id, hide ? 'delete' : 'create', at);
    // Acting on a target settles what was reported about it.
    await resolveReports(tx, subject.target, 'resolved', at);
  });
}

/** The article at `slug`, locked until the transaction ends. */
async function articleSubject(tx: Db, slug: string): Promise<Subject> {
  const { articles } = tx.t;
  await lockRows(tx, sql`SELECT 1 FROM articles WHERE slug = ${slug}`);
  const [row] = await tx.select({ id: articles.id, hiddenAt: articles.hiddenAt }).from(articles).where(eq(articles.slug, slug)).limit(1);
  if (!row) throw new NotFoundError('article');
  return { ...row, target: { type: 'article', id: row.id, label: slug } };
}

/** The comment with `id`, locked until the transaction ends. */
async function commentSubject(tx: Db, id: number): Promise<Subject> {
  const { articles, comments } = tx.t;
  await lockRows(tx, sql`SELECT 1 FROM comments WHERE id = ${id}`);
  const [row] = await tx
    .select({ id: comments.id, hiddenAt: comments.hiddenAt, slug: articles.slug })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(eq(comments.id, id))
    .limit(1);
  if (!row) throw new NotFoundError('comment');
  return { id: row.id, hiddenAt: row.hiddenAt, target: { type: 'comment', id: row.id, label: `comment ${row.id} on ${row.slug}` } };
}

export const hideArticle = (writer: Writer, by: Acting, slug: string, input?: unknown) =>
  setHidden(writer, by, (tx) => articleSubject(tx, slug), 'articles', true, input);
export const unhideArticle = (writer: Writer, by: Acting, slug: string, input?: unknown) =>
  setHidden(writer, by, (tx) => articleSubject(tx, slug), 'articles', false, input);
export const hideComment = (writer: Writer, by: Acting, id: number, input?: unknown) =>
  setHidden(writer, by, (tx) => commentSubject(tx, id), 'comments', true, input);
export const unhideComment = (writer: Writer, by: Acting, id: number, input?: unknown) =>
  setHidden(writer, by, (tx) => commentSubject(tx, id), 'comments', false, input);

/** The slug of the article a comment is on (NotFoundError if none), for going back to it. */
export async function commentArticleSlug(db: Db, id: number): Promise<string> {
  const { articles, comments } = db.t;
  const [row] = await db.select({ slug: articles.slug }).from(comments).innerJoin(articles, eq(articles.id, comments.articleId)).where(eq(comments.id, id)).limit(1);
  if (!row) throw new NotFoundError('comment');
  return row.slug;
}
