import { and, eq, ne, sql } from 'drizzle-orm';
import { IMMEDIATE, type Db } from '../db/connection.js';
import { articles, favorites } from '../db/schema.js';
import { articleQueries } from './article-queries.js';
import { articleUpdateSchema, newArticleSchema } from './article-schemas.js';
import { getArticle, type Article } from './article-summaries.js';
import { catchUp } from './cache/versions.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import { slugify, withSuffix } from './slugs.js';
import { setArticleTags } from './tags.js';
import { parseInput } from './validation.js';

// Every write here is followed by `catchUp`: the database's triggers have
// already moved the versions of what it changed, and catching up at once
// lets the answer to this very request show the write.

interface ArticleRecord {
  id: number;
  authorId: number;
}

/** The article at `slug` as the database has it now (writes never act on a cached copy). */
function findBySlug(db: Db, slug: string): ArticleRecord {
  const row = articleQueries(db).ownerBySlug.get({ key: slug });
  if (!row) throw new NotFoundError('article');
  return row;
}

/** 404 when there is no such article, 403 when it is someone else's. */
function findOwned(db: Db, slug: string, viewerId: number): ArticleRecord {
  const row = findBySlug(db, slug);
  if (row.authorId !== viewerId) throw new ForbiddenError('article');
  return row;
}

/** Slugs that would collide with a route: `GET /api/articles/feed` is the feed, never an article. */
const RESERVED_SLUGS = new Set(['feed']);

/** A slug for `title` that no other article has (and no route uses). */
function uniqueSlug(db: Db, title: string, exceptId?: number): string {
  const base = slugify(title);
  const taken = (slug: string) =>
    db
      .select({ id: articles.id })
      .from(articles)
      .where(and(eq(articles.slug, slug), exceptId === undefined ? undefined : ne(articles.id, exceptId)))
      .get() !== undefined;
  let slug = base;
  while (RESERVED_SLUGS.has(slug) || taken(slug)) slug = withSuffix(base);
  return slug;
}

export function createArticle(db: Db, authorId: number, input: unknown): Article {
  const data = parseInput(newArticleSchema, input);
  const slug = db.transaction((tx) => {
    const now = Date.now();
    const slug = uniqueSlug(tx, data.title);
    const { id } = tx
      .insert(articles)
      .values({ slug, title: data.title, description: data.description, body: data.body, authorId, createdAt: now, updatedAt: now })
      .returning({ id: articles.id })
      .get();
    setArticleTags(tx, id, now, data.tagList ?? []);
    return slug;
  }, IMMEDIATE);
  catchUp(db);
  return getArticle(db, slug, authorId);
}

/** Only the author may edit. A new title gives a new slug; no title keeps it. */
export function updateArticle(db: Db, viewerId: number, slug: string, input: unknown): Article {
  const data = parseInput(articleUpdateSchema, input);
  const newSlug = db.transaction((tx) => {
    const article = findOwned(tx, slug, viewerId);
    const current = tx
      .select({ title: articles.title, createdAt: articles.createdAt, updatedAt: articles.updatedAt })
      .from(articles)
      .where(eq(articles.id, article.id))
      .get()!;
    // A title that slugifies the same keeps the article's address.
    const finalSlug =
      data.title !== undefined && slugify(data.title) !== slugify(current.title)
        ? uniqueSlug(tx, data.title, article.id)
        : slug;
    tx.update(articles)
      .set({
        slug: finalSlug,
        ...(data.title !== undefined && { title: data.title }),
        ...(data.description !== undefined && { description: data.description }),
        ...(data.body !== undefined && { body: data.body }),
        updatedAt: Math.max(Date.now(), current.updatedAt + 1), // every edit moves it
      })
      .where(and(eq(articles.id, article.id), eq(articles.authorId, viewerId)))
      .run();
    if (data.tagList !== undefined) setArticleTags(tx, article.id, current.createdAt, data.tagList);
    return finalSlug;
  }, IMMEDIATE);
  catchUp(db);
  return getArticle(db, newSlug, viewerId);
}

/** Only the author may delete; comments, tag links and favorites go with it (foreign-key cascades). */
export function deleteArticle(db: Db, viewerId: number, slug: string): void {
  const article = findOwned(db, slug, viewerId);
  db.delete(articles)
    .where(and(eq(articles.id, article.id), eq(articles.authorId, viewerId)))
    .run();
  catchUp(db);
}

export function favoriteArticle(db: Db, viewerId: number, slug: string): Article {
  db.transaction((tx) => {
    const article = findBySlug(tx, slug);
    const added = tx
      .insert(favorites)
      .values({ userId: viewerId, articleId: article.id, createdAt: Date.now() })
      .onConflictDoNothing()
      .run().changes;
    if (added) tx.update(articles).set({ favoritesCount: sql`${articles.favoritesCount} + 1` }).where(eq(articles.id, article.id)).run();
  }, IMMEDIATE);
  catchUp(db);
  return getArticle(db, slug, viewerId);
}

export function unfavoriteArticle(db: Db, viewerId: number, slug: string): Article {
  db.transaction((tx) => {
    const article = findBySlug(tx, slug);
    const removed = tx
      .delete(favorites)
      .where(and(eq(favorites.userId, viewerId), eq(favorites.articleId, article.id)))
      .run().changes;
    if (removed) tx.update(articles).set({ favoritesCount: sql`${articles.favoritesCount} - 1` }).where(eq(articles.id, article.id)).run();
  }, IMMEDIATE);
  catchUp(db);
  return getArticle(db, slug, viewerId);
}

/** The article's id for a slug (404 if none), read from the database: for writing comments. */
export function articleIdForSlug(db: Db, slug: string): number {
  return findBySlug(db, slug).id;
}
