import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { preparedFor } from '../db/prepared.js';
import { articles, favorites } from '../db/schema.js';
import { writeTransaction } from '../db/write-transaction.js';
import { articleQueries } from './article-queries.js';
import { articleUpdateSchema, newArticleSchema } from './article-schemas.js';
import { articleRef, getArticle, type Article } from './article-summaries.js';
import { catchUp } from './cache/versions.js';
import { NotFoundError } from './errors.js';
import { assertAuthor, isAuthor } from './ownership.js';
import { slugify, withSuffix } from './slugs.js';
import { setArticleTags } from './tags.js';
import { parseInput } from './validation.js';

// Every write here is followed by `catchUp`: the database's triggers have
// already moved the versions of what it changed, and catching up at once
// lets the answer to this very request show the write.

const p = sql.placeholder;

/** The statements of the frequent writes, prepared once (building and preparing cost more than running them). */
const statements = preparedFor((db) => ({
  slugTaken: db
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.slug, p('slug')), ne(articles.id, p('exceptId'))))
    .prepare(),
  insert: db
    .insert(articles)
    .values({
      slug: p('slug'),
      title: p('title'),
      description: p('description'),
      body: p('body'),
      authorId: p('authorId'),
      createdAt: p('now'),
      updatedAt: p('now'),
    })
    .returning({ id: articles.id })
    .prepare(),
  addFavorite: db
    .insert(favorites)
    .values({ userId: p('userId'), articleId: p('articleId'), createdAt: p('now') })
    .onConflictDoNothing()
    .prepare(),
  removeFavorite: db
    .delete(favorites)
    .where(and(eq(favorites.userId, p('userId')), eq(favorites.articleId, p('articleId'))))
    .prepare(),
  countFavorite: db
    .update(articles)
    .set({ favoritesCount: sql`${articles.favoritesCount} + ${p('delta')}` })
    .where(eq(articles.id, p('articleId')))
    .prepare(),
}));

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
  assertAuthor(viewerId, row.authorId, 'article');
  return row;
}

/** The viewer's own article, to edit: 404 when there is none, 403 when it is someone else's. */
export function ownArticle(db: Db, slug: string, viewerId: number): Article {
  findOwned(db, slug, viewerId);
  return getArticle(db, slug, viewerId);
}

/** Whether the viewer wrote the article at `slug` (so may edit and delete it). */
export function isArticleAuthor(db: Db, slug: string, viewerId: number | undefined): boolean {
  return viewerId !== undefined && isAuthor(viewerId, articleRef(db, slug).authorId);
}

/** Slugs that would collide with a route: `GET /api/articles/feed` is the feed, never an article. */
const RESERVED_SLUGS = new Set(['feed']);

/** A slug for `title` that no other article has (and no route uses). */
function uniqueSlug(db: Db, title: string, exceptId = -1): string {
  const base = slugify(title);
  const taken = (slug: string) => statements(db).slugTaken.get({ slug, exceptId }) !== undefined;
  let slug = base;
  while (RESERVED_SLUGS.has(slug) || taken(slug)) slug = withSuffix(base);
  return slug;
}

type NewArticle = ReturnType<typeof newArticleSchema.parse>;

const insertArticle = writeTransaction((db, authorId: number, data: NewArticle): string => {
  const now = Date.now();
  const slug = uniqueSlug(db, data.title);
  const row = statements(db).insert.get({ slug, title: data.title, description: data.description, body: data.body, authorId, now });
  setArticleTags(db, row!.id, now, data.tagList ?? []);
  return slug;
});

export function createArticle(db: Db, authorId: number, input: unknown): Article {
  const slug = insertArticle(db, authorId, parseInput(newArticleSchema, input));
  catchUp(db);
  return getArticle(db, slug, authorId);
}

type ArticleUpdate = ReturnType<typeof articleUpdateSchema.parse>;

const editArticle = writeTransaction((db, viewerId: number, slug: string, data: ArticleUpdate): string => {
  const article = findOwned(db, slug, viewerId);
  const current = db
    .select({ title: articles.title, createdAt: articles.createdAt, updatedAt: articles.updatedAt })
    .from(articles)
    .where(eq(articles.id, article.id))
    .get()!;
  // A title that slugifies the same keeps the article's address.
  const finalSlug =
    data.title !== undefined && slugify(data.title) !== slugify(current.title) ? uniqueSlug(db, data.title, article.id) : slug;
  db.update(articles)
    .set({
      slug: finalSlug,
      ...(data.title !== undefined && { title: data.title }),
      ...(data.description !== undefined && { description: data.description }),
      ...(data.body !== undefined && { body: data.body }),
      updatedAt: Math.max(Date.now(), current.updatedAt + 1), // every edit moves it
    })
    .where(and(eq(articles.id, article.id), eq(articles.authorId, viewerId)))
    .run();
  if (data.tagList !== undefined) setArticleTags(db, article.id, current.createdAt, data.tagList);
  return finalSlug;
});

/** Only the author may edit. A new title gives a new slug; no title keeps it. */
export function updateArticle(db: Db, viewerId: number, slug: string, input: unknown): Article {
  const newSlug = editArticle(db, viewerId, slug, parseInput(articleUpdateSchema, input));
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

/** Adds or removes one favorite and keeps the article's count in step, once however often it is asked. */
const setFavorite = writeTransaction((db, userId: number, slug: string, on: boolean): void => {
  const q = statements(db);
  const articleId = findBySlug(db, slug).id;
  const changed = on ? q.addFavorite.run({ userId, articleId, now: Date.now() }).changes : q.removeFavorite.run({ userId, articleId }).changes;
  if (changed) q.countFavorite.run({ articleId, delta: on ? 1 : -1 });
});

export function favoriteArticle(db: Db, viewerId: number, slug: string): Article {
  setFavorite(db, viewerId, slug, true);
  catchUp(db);
  return getArticle(db, slug, viewerId);
}

export function unfavoriteArticle(db: Db, viewerId: number, slug: string): Article {
  setFavorite(db, viewerId, slug, false);
  catchUp(db);
  return getArticle(db, slug, viewerId);
}

/** The article's id for a slug (404 if none), read from the database: for writing comments. */
export function articleIdForSlug(db: Db, slug: string): number {
  return findBySlug(db, slug).id;
}
