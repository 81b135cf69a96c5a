import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { articleQueries } from './article-queries.js';
import { forViewer, summariesOf, type ArticlePage, type ArticleSummary, type Shared } from './article-summaries.js';
import { memoFor } from '../../cache/memo.js';
import { read } from '../../cache/read-tracking.js';
import { scope } from '../../cache/scopes.js';
import { followedIds, followedTagIds } from './viewer-marks.js';
import { hidingFor } from '../personal-controls/hidden-authors.js';
import { articleShown } from '../moderation/visibility.js';

export interface ListFilter {
  tag?: string;
  author?: string;
  favoritedBy?: string;
  limit: number;
  offset: number;
}

type Window = Pick<ListFilter, 'limit' | 'offset'>;

/** Which articles are on one page of a list, newest first. */
const pageMemo = memoFor<number[]>({ name: 'list-pages', maxBytes: 2 * 1024 * 1024, weigh: (ids) => 16 + ids.length * 8 });
/** How many articles a list has in all. */
const totalMemo = memoFor<number>({ name: 'list-totals', maxBytes: 1024 * 1024, weigh: () => 8 });

/** One narrowing of the global list, resolved to ids: what its pages are kept under and what moves them. */
interface ListKind {
  key: string;
  deps: string[];
  ids: (window: Window) => Promise<number[]>;
  total: () => Promise<number>;
  /** The same list less the authors one reader mutes: for Your Feed, the global list and tag lists. */
  seenBy?: (viewerId: number) => Pick<ListKind, 'ids' | 'total'>;
}

/** The list as `viewerId` sees it: the shared one, or, when they mute someone, their own, kept per reader. */
async function asSeenBy(db: Db, kind: ListKind, viewerId: number | undefined): Promise<ListKind> {
  const hiding = kind.seenBy && (await hidingFor(db, viewerId, 'lists'));
  if (!hiding) return kind;
  return { key: kind.key + hiding.key, deps: [...kind.deps, ...hiding.deps], ...kind.seenBy!(hiding.viewerId) };
}

/** The global list, optionally narrowed by tag, author or who favorited it. */
export async function listArticles(db: Db, filter: ListFilter, viewerId?: number): Promise<ArticlePage> {
  const kinds = [filter.tag, filter.author, filter.favoritedBy].filter((v) => v !== undefined).length;
  const kind = kinds > 1 ? await combinedFilters(db, filter) : await singleFilter(db, filter, viewerId);
  if (!kind) return { articles: [], articlesCount: 0 };
  return pageOf(db, await asSeenBy(db, kind, viewerId), filter, viewerId);
}

/** Your Feed: articles by the authors `viewerId` follows or with a tag they follow, each once, newest first. */
export async function feedArticles(db: Db, viewerId: number, window: Window): Promise<ArticlePage> {
  const q = articleQueries(db);
  // A feed moves with the reader's follows (of authors and tags), each followed author's
  // articles and each followed tag's; past the number of follows kept per reader, with any article.
  const followees = await followedIds(db, viewerId);
  const tags = await followedTagIds(db, viewerId);
  const followed = followees && tags ? [...[...followees].map(scope.author), ...[...tags].map(scope.tag)] : [scope.list];
  const kind: ListKind = {
    key: `feed:${viewerId}`,
    deps: [scope.follows(viewerId), ...followed],
    ids: async (w) => (await q.page.feed.execute({ key: viewerId, ...w })).map((r) => r.id),
    total: async () => (await q.count.feed.execute({ key: viewerId }))[0]?.n ?? 0,
    seenBy: (viewer) => ({
      ids: async (w) => (await q.seen.page.feed.execute({ key: viewerId, viewer, ...w })).map((r) => r.id),
      total: async () => (await q.seen.count.feed.execute({ key: viewerId, viewer }))[0]?.n ?? 0,
    }),
  };
  return pageOf(db, await asSeenBy(db, kind, viewerId), window, viewerId);
}

/** The viewer's own drafts and scheduled articles, newest first: nobody else's list shows them. */
export async function draftArticles(db: Db, viewerId: number, window: Window): Promise<ArticlePage> {
  const q = articleQueries(db);
  const kind: ListKind = {
    key: `drafts:${viewerId}`,
    deps: [scope.author(viewerId)],
    ids: async (w) => (await q.page.drafts.execute({ key: viewerId, ...w })).map((r) => r.id),
    total: async () => (await q.count.drafts.execute({ key: viewerId }))[0]?.n ?? 0,
  };
  return pageOf(db, kind, window, viewerId);
}

/**
 * The newest `limit` articles of the global list, or of one tag's or author's,
 * as everyone sees them, with their ids; undefined when the name matches nothing.
 */
export async function newestOf(db: Db, narrowing: { tag?: string; author?: string }, limit: number): Promise<Array<Shared<ArticleSummary>> | undefined> {
  const window = { limit, offset: 0 };
  const kind = await singleFilter(db, { ...narrowing, ...window }, undefined);
  return kind && summariesOf(db, await idsOf(db, kind, window));
}

function idsOf(db: Db, kind: ListKind, window: Window): Promise<number[]> {
  return pageMemo(db).get(`${kind.key}:${window.limit}:${window.offset}`, async () => ({ value: await kind.ids(window), deps: kind.deps }));
}

async function pageOf(db: Db, kind: ListKind, window: Window, viewerId?: number): Promise<ArticlePage> {
  const ids = await idsOf(db, kind, window);
  const articlesCount = await totalMemo(db).get(kind.key, async () => ({ value: await kind.total(), deps: kind.deps }));
  return { articles: await forViewer(db, await summariesOf(db, ids), viewerId), articlesCount };
}

/**
 * A list with one narrowing at most. Names are resolved to ids first, so
 * pages are kept under ids: no two spellings of one name share a page.
 * Undefined when the name matches nothing (an empty list, which stays empty
 * until such a tag or user exists).
 */
async function singleFilter(db: Db, filter: ListFilter, viewerId: number | undefined): Promise<ListKind | undefined> {
  const q = articleQueries(db);
  if (filter.tag !== undefined) {
    const tagId = await tagIdOf(db, filter.tag);
    if (tagId === undefined) return undefined;
    return {
      key: `tag:${tagId}`,
      deps: [scope.tag(tagId)],
      ids: async (w) => (await q.page.tag.execute({ key: tagId, ...w })).map((r) => r.id),
      total: async () => (await q.count.tag.execute({ key: tagId }))[0]?.n ?? 0,
      seenBy: (viewer) => ({
        ids: async (w) => (await q.seen.page.tag.execute({ key: tagId, viewer, ...w })).map((r) => r.id),
        total: async () => (await q.seen.count.tag.execute({ key: tagId, viewer }))[0]?.n ?? 0,
      }),
    };
  }
  if (filter.author !== undefined) {
    const userId = await userIdOf(db, filter.author);
    if (userId === undefined) return undefined;
    // Authors see their own hidden articles in their list, marked (../moderation/visibility.ts).
    if (userId === viewerId) {
      return {
        key: `own:${userId}`,
        deps: [scope.author(userId)],
        ids: async (w) => (await q.page.own.execute({ key: userId, ...w })).map((r) => r.id),
        total: async () => (await q.count.own.execute({ key: userId }))[0]?.n ?? 0,
      };
    }
    return {
      key: `author:${userId}`,
      deps: [scope.author(userId)],
      ids: async (w) => (await q.page.author.execute({ key: userId, ...w })).map((r) => r.id),
      total: async () => (await q.count.author.execute({ key: userId }))[0]?.n ?? 0,
    };
  }
  if (filter.favoritedBy !== undefined) {
    const userId = await userIdOf(db, filter.favoritedBy);
    if (userId === undefined) return undefined;
    return {
      key: `favorited:${userId}`,
      deps: [scope.favorites(userId)],
      ids: async (w) => (await q.page.favoritedBy.execute({ key: userId, ...w })).map((r) => r.id),
      total: async () => (await q.count.favoritedBy.execute({ key: userId }))[0]?.n ?? 0,
    };
  }
  return {
    key: 'all',
    deps: [scope.list],
    ids: async (w) => (await q.page.all.execute(w)).map((r) => r.id),
    total: async () => (await q.count.all.execute())[0]?.n ?? 0,
    seenBy: (viewer) => ({
      ids: async (w) => (await q.seen.page.all.execute({ viewer, ...w })).map((r) => r.id),
      total: async () => (await q.seen.count.all.execute({ viewer }))[0]?.n ?? 0,
    }),
  };
}

/** Rare API combinations (tag and author at once, say): one narrowing per name, same shape of result. */
async function combinedFilters(db: Db, filter: ListFilter): Promise<ListKind | undefined> {
  const { articles, articleTags, favorites } = db.t;
  const conditions: SQL[] = [articleShown(db.t)];
  const deps: string[] = [];
  const key: string[] = [];
  if (filter.tag !== undefined) {
    const tagId = await tagIdOf(db, filter.tag);
    if (tagId === undefined) return undefined;
    const tagged = db.select({ id: articleTags.articleId }).from(articleTags).where(eq(articleTags.tagId, tagId));
    conditions.push(inArray(articles.id, tagged));
    deps.push(scope.tag(tagId));
    key.push(`tag:${tagId}`);
  }
  if (filter.author !== undefined) {
    const userId = await userIdOf(db, filter.author);
    if (userId === undefined) return undefined;
    conditions.push(eq(articles.authorId, userId));
    deps.push(scope.author(userId));
    key.push(`author:${userId}`);
  }
  if (filter.favoritedBy !== undefined) {
    const userId = await userIdOf(db, filter.favoritedBy);
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
    ids: async (w) =>
      (
        await db
          .select({ id: articles.id })
          .from(articles)
          .where(where)
          .orderBy(desc(articles.createdAt), desc(articles.id))
          .limit(w.limit)
          .offset(w.offset)
      ).map((r) => r.id),
    total: async () => (await db.select({ n: count() }).from(articles).where(where))[0]?.n ?? 0,
  };
}

/** A tag's id by its exact name. What was read is noted, found or not, for whole responses. */
export async function tagIdOf(db: Db, name: string): Promise<number | undefined> {
  const id = (await articleQueries(db).tagId.execute({ key: name }))[0]?.id;
  read([id === undefined ? scope.tags : scope.tag(id)]);
  return id;
}

/** A user's id by name, case-insensitively; noted like `tagIdOf`. */
export async function userIdOf(db: Db, username: string): Promise<number | undefined> {
  const id = (await articleQueries(db).userId.execute({ key: username }))[0]?.id;
  read([id === undefined ? scope.usernames : scope.user(id)]);
  return id;
}
