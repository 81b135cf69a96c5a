import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { preparedFor } from '../../db/prepared.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';
import { articleShown } from '../moderation/visibility.js';
import { articleRef, forViewer, summariesOf, type ArticlePage } from './article-summaries.js';
import { articleIdForSlug } from './article-writes.js';

/**
 * A reader's reading list ("Save for later"): private to them, apart from
 * favorites. Nothing public counts or shows it, so no cached read depends on
 * it and its writes retire nothing; the list is read from the database each
 * time, like the other pages that are one reader's own.
 */

const statements = preparedFor((db) => {
  const { articles, savedArticles } = db.t;
  const viewer = sql.placeholder('viewer');
  // Only what everyone sees: an article saved before it was hidden leaves the list.
  const mine = and(eq(savedArticles.userId, viewer), articleShown(db.t));
  return {
    page: db
      .select({ id: savedArticles.articleId })
      .from(savedArticles)
      .innerJoin(articles, eq(articles.id, savedArticles.articleId))
      .where(mine)
      .orderBy(desc(savedArticles.createdAt), desc(savedArticles.articleId))
      .limit(sql.placeholder('limit'))
      .offset(sql.placeholder('offset'))
      .prepare(),
    total: db.select({ n: count() }).from(savedArticles).innerJoin(articles, eq(articles.id, savedArticles.articleId)).where(mine).prepare(),
    saved: db
      .select({ id: savedArticles.articleId })
      .from(savedArticles)
      .where(and(eq(savedArticles.userId, viewer), eq(savedArticles.articleId, sql.placeholder('article'))))
      .prepare(),
  };
});

/** The reader's saved articles, the most recently saved first. */
export async function readingList(db: Db, viewerId: number, window: { limit: number; offset: number }): Promise<ArticlePage> {
  const q = statements(db);
  const ids = (await q.page.execute({ viewer: viewerId, ...window })).map((r) => r.id);
  const articlesCount = (await q.total.execute({ viewer: viewerId }))[0]?.n ?? 0;
  return { articles: await forViewer(db, await summariesOf(db, ids), viewerId), articlesCount };
}

/** Whether the reader saved the article at `slug` (false for anyone signed out). */
export async function isSaved(db: Db, viewerId: number | undefined, slug: string): Promise<boolean> {
  if (viewerId === undefined) return false;
  const { id } = await articleRef(db, slug, viewerId);
  return (await statements(db).saved.execute({ viewer: viewerId, article: id })).length > 0;
}

/** Saves an article the reader may see (404 otherwise: a draft not theirs, a hidden one), once however often asked. */
export async function saveForLater({ db, now }: Writer, viewerId: number, slug: string): Promise<void> {
  const { id } = await articleRef(db, slug, viewerId);
  const { savedArticles } = db.t;
  await write(db, (tx) => tx.insert(savedArticles).values({ userId: viewerId, articleId: id, createdAt: now() }).onConflictDoNothing());
}

/** Takes an article off the reader's list; nothing happens when it was not on it. */
export async function removeFromReadingList({ db }: Writer, viewerId: number, slug: string): Promise<void> {
  const articleId = await articleIdForSlug(db, slug);
  const { savedArticles } = db.t;
  await write(db, (tx) => tx.delete(savedArticles).where(and(eq(savedArticles.userId, viewerId), eq(savedArticles.articleId, articleId))));
}
