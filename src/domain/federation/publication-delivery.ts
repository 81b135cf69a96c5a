import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { enqueue } from '../../jobs/queue.js';
import { articleShown } from '../moderation/visibility.js';
import { getArticle, type Article } from '../publishing/article-summaries.js';
import { hasRemoteFollowers } from './remote-followers.js';

/** The job that hands a newly public article to the federation (src/federation/publication.ts). */
export const FEDERATE_PUBLICATION_JOB = 'federate-publication';

export interface FederatePublication {
  articleId: number;
}

/**
 * Called by goLive, inside its transaction: the job exists exactly when the
 * article is public, so a process killed after the commit loses nothing.
 * An author with no fediverse followers costs one index lookup and no row; one with
 * 10 000 the same lookup (it stops at the first), plus the job's row.
 */
export async function enqueueFederatedPublication(tx: Db, article: { id: number; authorId: number }, now: number): Promise<void> {
  if (!(await hasRemoteFollowers(tx, article.authorId))) return;
  const payload: FederatePublication = { articleId: article.id };
  await enqueue(tx, { name: FEDERATE_PUBLICATION_JOB, key: `${FEDERATE_PUBLICATION_JOB}:${article.id}`, payload }, now);
}

/** The article as the job finds it: undefined once deleted, hidden or unpublished since, so nothing is sent. */
export async function articleToFederate(db: Db, articleId: number): Promise<{ id: number; authorId: number; article: Article } | undefined> {
  const { articles } = db.t;
  const [row] = await db
    .select({ slug: articles.slug, authorId: articles.authorId })
    .from(articles)
    .where(and(eq(articles.id, articleId), articleShown(db.t)))
    .limit(1);
  return row && { id: articleId, authorId: row.authorId, article: await getArticle(db, row.slug) };
}
