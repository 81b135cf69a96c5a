import { and, count, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/connection.js';
import { articles, articleTags, favorites, tags, users } from '../db/schema.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import { articleQueries, idList, type SummaryRow } from './article-queries.js';
import { toProfile, type Profile } from './profiles.js';
import { articlesChanged, favoritesChanged, feedPagePrefix, readCache } from './read-cache.js';
import { slugify, withSuffix } from './slugs.js';
import { favoritedAmong, followedAmong } from './viewer-marks.js';
import { setArticleTags, tagListSchema } from './tags.js';
import { parseInput, requiredText } from './validation.js';

export interface ArticleSummary {
  slug: string;
  title: string;
  description: string;
  tagList: string[];
  createdAt: number;
  updatedAt: number;
  favorited: boolean;
  favoritesCount: number;
  author: Profile;
}

export interface Article extends ArticleSummary {
  body: string;
}

export interface ArticlePage {
  articles: ArticleSummary[];
  articlesCount: number;
}

const bodySchema = z
  .string({ error: (i) => (i.input == null ? "can't be blank" : 'must be a string') })
  .min(1, "can't be blank")
  .max(100_000, 'is too long (maximum is 100000 characters)')
  .refine((v) => v.trim().length > 0, "can't be blank");

export const newArticleSchema = z.object({
  title: requiredText(200),
  description: requiredText(500),
  body: bodySchema,
  tagList: tagListSchema.optional(),
});

/** Omitted fields are kept; `tagList: []` clears the tags; null is refused. */
export const articleUpdateSchema = z.object({
  title: requiredText(200).optional(),
  description: requiredText(500).optional(),
  body: bodySchema.optional(),
  tagList: tagListSchema.optional(),
});

export interface ListFilter {
  tag?: string;
  author?: string;
  favoritedBy?: string;
  limit: number;
  offset: number;
}

/** The global list, optionally narrowed by tag, author or who favorited it. */
export function listArticles(db: Db, filter: ListFilter, viewerId?: number): ArticlePage {
  const narrowings = [filter.tag, filter.author, filter.favoritedBy].filter((v) => v !== undefined).length;
  if (narrowings > 1) return combinedFilters(db, filter, viewerId);
  return forViewer(db, sharedList(db, filter), viewerId);
}

/** Articles by the authors `viewerId` follows. */
export function feedArticles(db: Db, viewerId: number, filter: Pick<ListFilter, 'limit' | 'offset'>): ArticlePage {
  const q = articleQueries(db);
  const cache = readCache(db);
  const shared = cache.page(
    `${feedPagePrefix(viewerId)}${filter.limit}:${filter.offset}`,
    () => {
      const total = cache.get(`feed-count:${viewerId}`, () => q.count.feed.get({ key: viewerId })?.n ?? 0);
      return pageOf(db, q.page.feed.all({ key: viewerId, limit: filter.limit, offset: filter.offset }), total);
    },
    weightOf,
  );
  return forViewer(db, shared, viewerId);
}

/**
 * One page of a list with one narrowing at most, as every reader sees it.
 * Kept until anything on it could have changed (`readCache.page`), so
 * readers of the same page share one build and add only their own marks.
 */
function sharedList(db: Db, filter: ListFilter): SharedPage {
  const q = articleQueries(db);
  const cache = readCache(db);
  const window = { limit: filter.limit, offset: filter.offset };
  const pageKey = `${window.limit}:${window.offset}`;
  const share = (key: string, build: () => SharedPage) => cache.page(key, build, weightOf);

  // Narrowings are resolved to ids first, so pages are kept under ids: a name that
  // matches nothing is never kept, and no two spellings of one name share a page.
  if (filter.tag !== undefined) {
    const tagId = q.tagId.get({ key: filter.tag })?.id;
    if (tagId === undefined) return emptyPage;
    return share(`tag:${tagId}:${pageKey}`, () => {
      const total = cache.get(`tag-count:${tagId}`, () => q.count.tag.get({ key: tagId })?.n ?? 0);
      return pageOf(db, q.page.tag.all({ key: tagId, ...window }), total);
    });
  }
  if (filter.author !== undefined || filter.favoritedBy !== undefined) {
    const kind = filter.author !== undefined ? 'author' : 'favoritedBy';
    const userId = q.userId.get({ key: (filter.author ?? filter.favoritedBy)! })?.id;
    if (userId === undefined) return emptyPage;
    return share(`${kind}:${userId}:${pageKey}`, () => {
      // An author's total changes only with article writes; favorites change too often to keep apart.
      const count = () => q.count[kind].get({ key: userId })?.n ?? 0;
      const total = kind === 'author' ? cache.get(`author-count:${userId}`, count) : count();
      return pageOf(db, q.page[kind].all({ key: userId, ...window }), total);
    });
  }
  return share(`all:${pageKey}`, () => {
    const total = cache.get('count', () => q.count.all.get()?.n ?? 0);
    return pageOf(db, q.page.all.all(window), total);
  });
}

const emptyPage: SharedPage = { rows: [], articles: [], articlesCount: 0 };

/** About the bytes a kept page holds (its strings, and a little per article), for the cache's bound. */
function weightOf(page: SharedPage): number {
  let bytes = 100;
  for (const a of page.articles) {
    bytes += 300 + a.slug.length + a.title.length + a.description.length + a.author.username.length;
    bytes += (a.author.bio?.length ?? 0) + (a.author.image?.length ?? 0);
    for (const tag of a.tagList) bytes += 40 + tag.length;
  }
  return bytes;
}

/** Rare API combinations (tag and author at once, say): built per call, same shape of result. */
function combinedFilters(db: Db, filter: ListFilter, viewerId?: number): ArticlePage {
  const byName = (username: string) =>
    db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`);
  const conditions: SQL[] = [];
  if (filter.tag !== undefined) {
    const tagged = db
      .select({ id: articleTags.articleId })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(eq(tags.name, filter.tag));
    conditions.push(inArray(articles.id, tagged));
  }
  if (filter.author !== undefined) conditions.push(inArray(articles.authorId, byName(filter.author)));
  if (filter.favoritedBy !== undefined) {
    const favorited = db.select({ id: favorites.articleId }).from(favorites).where(inArray(favorites.userId, byName(filter.favoritedBy)));
    conditions.push(inArray(articles.id, favorited));
  }
  const where = and(...conditions);
  const ids = db
    .select({ id: articles.id })
    .from(articles)
    .where(where)
    .orderBy(desc(articles.createdAt), desc(articles.id))
    .limit(filter.limit)
    .offset(filter.offset)
    .all();
  const [total] = db.select({ n: count() }).from(articles).where(where).all();
  return forViewer(db, pageOf(db, ids, total?.n ?? 0), viewerId);
}

/** A page before any viewer's marks: `favorited` and `following` are false throughout. Never mutated. */
interface SharedPage {
  rows: SummaryRow[];
  articles: ArticleSummary[];
  articlesCount: number;
}

/** Rows for one page of ids, kept in the ids' order, with everything a preview shows. */
function pageOf(db: Db, page: Array<{ id: number }>, total: number): SharedPage {
  if (page.length === 0) return { rows: [], articles: [], articlesCount: total };
  const byId = new Map(articleQueries(db).rows.all({ ids: idList(page.map((p) => p.id)) }).map((r) => [r.id, r]));
  const rows = page.map((p) => byId.get(p.id)).filter((r): r is SummaryRow => r !== undefined);
  return { rows, articles: summaries(db, rows), articlesCount: total };
}

/** Adds tags and authors to rows: two batched statements whatever their number. */
function summaries(db: Db, rows: SummaryRow[]): ArticleSummary[] {
  if (rows.length === 0) return [];
  const q = articleQueries(db);
  const tagLists = new Map<number, string[]>(rows.map((r) => [r.id, []]));
  for (const { articleId, name } of q.tags.all({ ids: idList(rows.map((r) => r.id)) })) tagLists.get(articleId)?.push(name);
  const authors = new Map(q.authors.all({ ids: idList(rows.map((r) => r.authorId)) }).map((u) => [u.id, u]));
  return rows.map((row) => ({
    slug: row.slug,
    title: row.title,
    description: row.description,
    tagList: tagLists.get(row.id)!.sort(),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    favorited: false,
    favoritesCount: row.favoritesCount,
    author: toProfile(authors.get(row.authorId)!, false),
  }));
}

/** The page as `viewerId` sees it: which of these they favorited and whose authors they follow. */
function forViewer(db: Db, page: SharedPage, viewerId?: number): ArticlePage {
  if (viewerId === undefined || page.rows.length === 0) return { articles: page.articles, articlesCount: page.articlesCount };
  const favorited = favoritedAmong(db, viewerId, page.rows.map((r) => r.id));
  const following = followedAmong(db, viewerId, page.rows.map((r) => r.authorId));
  return {
    articlesCount: page.articlesCount,
    articles: page.articles.map((article, i) => {
      const { id, authorId } = page.rows[i]!;
      const [isFavorited, isFollowing] = [favorited.has(id), following.has(authorId)];
      if (!isFavorited && !isFollowing) return article;
      return { ...article, favorited: isFavorited, author: isFollowing ? { ...article.author, following: true } : article.author };
    }),
  };
}

interface ArticleRecord {
  id: number;
  authorId: number;
}

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

export function getArticle(db: Db, slug: string, viewerId?: number): Article {
  const row = articleQueries(db).rowBySlug.get({ key: slug });
  if (!row) throw new NotFoundError('article');
  const { articles: [summary] } = forViewer(db, { rows: [row], articles: summaries(db, [row]), articlesCount: 1 }, viewerId);
  return { ...summary!, body: row.body };
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
  });
  articlesChanged(db);
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
  });
  articlesChanged(db);
  return getArticle(db, newSlug, viewerId);
}

/** Only the author may delete; comments, tag links and favorites go with it (foreign-key cascades). */
export function deleteArticle(db: Db, viewerId: number, slug: string): void {
  const article = findOwned(db, slug, viewerId);
  db.delete(articles)
    .where(and(eq(articles.id, article.id), eq(articles.authorId, viewerId)))
    .run();
  articlesChanged(db);
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
  });
  favoritesChanged(db, viewerId);
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
  });
  favoritesChanged(db, viewerId);
  return getArticle(db, slug, viewerId);
}

/** The article's id for a slug (404 if none): for comments. */
export function articleIdForSlug(db: Db, slug: string): number {
  return findBySlug(db, slug).id;
}
