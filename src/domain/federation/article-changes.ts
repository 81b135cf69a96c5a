import { and, count, desc, eq, inArray, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { enqueue } from '../../jobs/queue.js';
import { articleShown } from '../moderation/visibility.js';
import { hasRemoteFollowers } from './remote-followers.js';

// What the fediverse is told after an article went live (publication-delivery.ts
// hands over the first Create): an edit is an Update, a deletion, a hiding or
// the author's suspension a Delete, and showing it again (unhiding, lifting
// or the end of a suspension) a Create. Each is a job written inside the
// change's own transaction, so nothing is lost to a killed process and no
// request waits on a remote server (docs/decisions/0043).

/** The job that tells the author's fediverse followers of a change to their articles. */
export const FEDERATE_ARTICLE_CHANGE_JOB = 'federate-article-change';

/** Told by the job (set by src/federation/setup.ts when federation is on); a rejection is a failed attempt, retried. */
export type ArticleChanged = (change: FederateArticleChange, now: number) => Promise<void>;

export type ArticleChangeKind = 'create' | 'update' | 'delete';

export interface FederateArticleChange {
  kind: ArticleChangeKind;
  authorId: number;
  /** The actor the activity comes from: carried, so a Delete still names it once the article is gone. */
  username: string;
  /** A Delete needs no more than the ids: the object's id is built from them (src/federation/paths.ts). */
  articleIds: number[];
}

/**
 * Writes the job, inside the caller's transaction, when the author has
 * fediverse followers and there is something to tell; `runAt` delays it (a
 * suspension's end). The handler checks the article's state when it runs
 * (`federatedAmong`), so a change undone meanwhile sends nothing stale.
 */
export async function enqueueArticleChange(tx: Db, change: { kind: ArticleChangeKind; authorId: number; articleIds: number[] }, now: number, runAt?: number): Promise<void> {
  if (change.articleIds.length === 0) return;
  if (!(await hasRemoteFollowers(tx, change.authorId))) return;
  const { users } = tx.t;
  const [author] = await tx.select({ username: users.username }).from(users).where(eq(users.id, change.authorId)).limit(1);
  if (!author) return;
  const payload: FederateArticleChange = { ...change, username: author.username };
  await enqueue(tx, { name: FEDERATE_ARTICLE_CHANGE_JOB, payload, runAt }, now);
}

/** The author is not suspended at `now` (a suspension runs out by itself: src/domain/moderation/suspension.ts). */
const notSuspended = (t: Db['t'], now: number): SQL => or(isNull(t.users.suspendedAt), lte(t.users.suspendedUntil, now))!;

/**
 * Which of `articleIds` the fediverse may have now: shown on the site
 * (published, not hidden) and by an author not suspended. A Delete is sent
 * for the others, a Create or Update for these.
 */
export async function federatedAmong(db: Db, articleIds: number[], now: number): Promise<Set<number>> {
  if (articleIds.length === 0) return new Set();
  const { articles, users } = db.t;
  const rows = await db
    .select({ id: articles.id })
    .from(articles)
    .innerJoin(users, eq(users.id, articles.authorId))
    .where(and(inArray(articles.id, articleIds), articleShown(db.t), notSuspended(db.t, now)));
  return new Set(rows.map((row) => row.id));
}

/** Where a page of the outbox starts: after this article, in the order of publication, newest first. */
export interface OutboxPosition {
  createdAt: number;
  id: number;
}

/** The author's articles the fediverse may have (none while suspended), newest first, `limit` after `after`: the outbox's pages. */
export async function federatedArticlesOf(db: Db, authorId: number, now: number, limit: number, after?: OutboxPosition): Promise<Array<OutboxPosition & { slug: string }>> {
  const { articles } = db.t;
  return db
    .select({ id: articles.id, createdAt: articles.createdAt, slug: articles.slug })
    .from(articles)
    .innerJoin(db.t.users, eq(db.t.users.id, articles.authorId))
    .where(
      and(
        eq(articles.authorId, authorId),
        articleShown(db.t),
        notSuspended(db.t, now),
        after && or(lt(articles.createdAt, after.createdAt), and(eq(articles.createdAt, after.createdAt), lt(articles.id, after.id))),
      ),
    )
    .orderBy(desc(articles.createdAt), desc(articles.id))
    .limit(limit);
}

/** How many articles the author's outbox lists. */
export async function countFederatedArticlesOf(db: Db, authorId: number, now: number): Promise<number> {
  const { articles, users } = db.t;
  const [row] = await db
    .select({ n: count() })
    .from(articles)
    .innerJoin(users, eq(users.id, articles.authorId))
    .where(and(eq(articles.authorId, authorId), articleShown(db.t), notSuspended(db.t, now)));
  return row?.n ?? 0;
}

/** The ids of the author's articles shown on the site: what a suspension takes from the fediverse, and its end gives back. */
export async function shownArticleIdsOf(tx: Db, authorId: number): Promise<number[]> {
  const { articles } = tx.t;
  const rows = await tx.select({ id: articles.id }).from(articles).where(and(eq(articles.authorId, authorId), articleShown(tx.t)));
  return rows.map((row) => row.id);
}

/** A moderator hid (`delete`) or showed again (`create`) an article: the fediverse follows, when it was published. */
export async function enqueueArticleVisibility(tx: Db, articleId: number, kind: 'create' | 'delete', now: number): Promise<void> {
  const { articles } = tx.t;
  const [row] = await tx.select({ authorId: articles.authorId, status: articles.status }).from(articles).where(eq(articles.id, articleId)).limit(1);
  if (row?.status === 'published') await enqueueArticleChange(tx, { kind, authorId: row.authorId, articleIds: [articleId] }, now);
}

/**
 * A suspension takes the author's articles from the fediverse now and, when
 * it has an end, gives them back then (it runs out by itself, with no other
 * write); lifting it (`until` undefined, kind `create`) gives them back now.
 */
export async function enqueueSuspensionChange(tx: Db, authorId: number, kind: 'create' | 'delete', now: number, until?: number | null): Promise<void> {
  const articleIds = await shownArticleIdsOf(tx, authorId);
  await enqueueArticleChange(tx, { kind, authorId, articleIds }, now);
  if (kind === 'delete' && until) await enqueueArticleChange(tx, { kind: 'create', authorId, articleIds }, now, until);
}
