import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { articles, articleTags, favorites } from '../db/schema.js';
import { articleQueries } from './article-queries.js';
import { forViewer, summariesOf, type ArticlePage } from './article-summaries.js';
import { memoFor } from './cache/memo.js';
import { read } from './cache/reads.js';
import { scope } from './cache/scopes.js';
import { followedIds } from './viewer-marks.js';

export interface ListFilter {
  tag?: string;
  author?: string;
  favoritedBy?: string;
  limit: number;
  offset: number;
}

type Window = Pick<ListFilter, 'limit' | 'offset'>;

/** Which articles are on one page of a list, newest first. */
const pageMemo = memoFor<number[]>({ maxBytes: 2 * 1024 * 1024, weigh: (ids) => 16 + ids.length * 8 });
/** How many articles a list has in all. */
const totalMemo = memoFor<number>({ maxBytes: 1024 * 1024, weigh: () => 8 });

/** One narrowing of the global list, resolved to ids: what its pages are kept under and what moves them. */
interface ListKind {
  key: string;
  deps: string[];
  ids: (window: Window) => number[];
  total: () => number;
}

/** The global list, optionally narrowed by tag, author or who favorited it. */
export function listArticles(db: Db, filter: ListFilter, viewerId?: number): ArticlePage {
  const kinds = [filter.tag, filter.author, filter.favoritedBy].filter((v) => v !== undefined).length;
  const kind = kinds > 1 ? combinedFilters(db, filter) : singleFilter(db, filter);
  if (!kind) return { articles: [], articlesCount: 0 };
  return pageOf(db, kind, filter, viewerId);
}

/** Articles by the authors `viewerId` follows. */
export function feedArticles(db: Db, viewerId: number, window: Window): ArticlePage {
  const q = articleQueries(db);
  // A feed moves with the reader's follows and with each followed author's articles;
  // past the number of follows kept per reader, with any article.
  const followees = followedIds(db, viewerId);
  const authors = followees ? [...followees].map(scope.author) : [scope.list];
  const kind: ListKind = {
    key: `feed:${viewerId}`,
    deps: [scope.follows(viewerId), ...authors],
    ids: (w) => q.page.feed.all({ key: viewerId, ...w }).map((r) => r.id),
    total: () => q.count.feed.get({ key: viewerId })?.n ?? 0,
  };
  return pageOf(db, kind, window, viewerId);
}

function pageOf(db: Db, kind: ListKind, window: Window, viewerId?: number): ArticlePage {
  const ids = pageMemo(db).get(`${kind.key}:${window.limit}:${window.offset}`, () => ({ value: kind.ids(window), deps: kind.deps }));
  const articlesCount = totalMemo(db).get(kind.key, () => ({ value: kind.total(), deps: kind.deps }));
  return { articles: forViewer(db, summariesOf(db, ids), viewerId), articlesCount };
}

/**
 * A list with one narrowing at most. Names are resolved to ids first, so
 * pages are kept under ids: no two spellings of one name share a page.
 * Undefined when the name matches nothing (an empty list, which stays empty
 * until such a tag or user exists).
 */
function singleFilter(db: Db, filter: ListFilter): ListKind | undefined {
  const q = articleQueries(db);
  if (filter.tag !== undefined) {
    const tagId = tagIdOf(db, filter.tag);
    if (tagId === undefined) return undefined;
    return {
      key: `tag:${tagId}`,
      deps: [scope.tag(tagId)],
      ids: (w) => q.page.tag.all({ key: tagId, ...w }).map((r) => r.id),
      total: () => q.count.tag.get({ key: tagId })?.n ?? 0,
    };
  }
  if (filter.author !== undefined) {
    const userId = userIdOf(db, filter.author);
    if (userId === undefined) return undefined;
    return {
      key: `author:${userId}`,
      deps: [scope.author(userId)],
      ids: (w) => q.page.author.all({ key: userId, ...w }).map((r) => r.id),
      total: () => q.count.author.get({ key: userId })?.n ?? 0,
    };
  }
  if (filter.favoritedBy !== undefined) {
    const userId = userIdOf(db, filter.favoritedBy);
    if (userId === undefined) return undefined;
    return {
      key: `favorited:${userId}`,
      deps: [scope.favorites(userId)],
      ids: (w) => q.page.favoritedBy.all({ key: userId, ...w }).map((r) => r.id),
      total: () => q.count.favoritedBy.get({ key: userId })?.n ?? 0,
    };
  }
  return {
    key: 'all',
    deps: [scope.list],
    ids: (w) => q.page.all.all(w).map((r) => r.id),
    total: () => q.count.all.get()?.n ?? 0,
  };
}

/** Rare API combinations (tag and author at once, say): one narrowing per name, same shape of result. */
function combinedFilters(db: Db, filter: ListFilter): ListKind | undefined {
  const conditions: SQL[] = [];
  const deps: string[] = [];
  const key: string[] = [];
  if (filter.tag !== undefined) {
    const tagId = tagIdOf(db, filter.tag);
    if (tagId === undefined) return undefined;
    const tagged = db.select({ id: articleTags.articleId }).from(articleTags).where(eq(articleTags.tagId, tagId));
    conditions.push(inArray(articles.id, tagged));
    deps.push(scope.tag(tagId));
    key.push(`tag:${tagId}`);
  }
  if (filter.author !== undefined) {
    const userId = userIdOf(db, filter.author);
    if (userId === undefined) return undefined;
    conditions.push(eq(articles.authorId, userId));
    deps.push(scope.author(userId));
    key.push(`author:${userId}`);
  }
  if (filter.favoritedBy !== undefined) {
    const userId = userIdOf(db, filter.favoritedBy);
    if (userId === undefined) return undefined;
    const favorited = db.select({ id: favorites.articleId }).from(favorites).where(eq(favorites.userId, userId));
    conditions.push(inArray(articles.id, favorited));
    deps.push(scope.favorites(userId));
    key.push(`favorited:${userId}`);
  }
  const where = and(...conditions);
  return {
    key: key.join('+'),
    deps,
    ids: (w) =>
      db
        .select({ id: articles.id })
        .from(articles)
        .where(where)
        .orderBy(desc(articles.createdAt), desc(articles.id))
        .limit(w.limit)
        .offset(w.offset)
        .all()
        .map((r) => r.id),
    total: () => db.select({ n: count() }).from(articles).where(where).get()?.n ?? 0,
  };
}

/** A tag's id by its exact name. What was read is noted, found or not, for whole responses. */
function tagIdOf(db: Db, name: string): number | undefined {
  const id = articleQueries(db).tagId.get({ key: name })?.id;
  read([id === undefined ? scope.tags : scope.tag(id)]);
  return id;
}

/** A user's id by name, case-insensitively; noted like `tagIdOf`. */
function userIdOf(db: Db, username: string): number | undefined {
  const id = articleQueries(db).userId.get({ key: username })?.id;
  read([id === undefined ? scope.usernames : scope.user(id)]);
  return id;
}
