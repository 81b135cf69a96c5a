import type { Db } from '../../db/database.js';
import { idList } from '../../db/sql.js';
import { articleQueries, type SummaryRow } from './article-queries.js';
import { memoFor, type Built } from '../../cache/memo.js';
import { scope } from '../../cache/scopes.js';
import { NotFoundError } from '../errors.js';
import { toProfile, type Profile } from './profiles.js';
import { favoritedAmong, followedAmong } from './viewer-marks.js';
import { draftOf, hiddenOf, maySeeById, type Draft, type Hidden } from '../moderation/visibility.js';

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
  /** Set while hidden: only its author and moderators see it then (../moderation/visibility.ts). */
  hidden: Hidden | null;
  /** Set while a draft or scheduled: only its author sees it then (../moderation/visibility.ts). */
  draft: Draft | null;
}

export interface Article extends ArticleSummary {
  body: string;
}

export interface ArticlePage {
  articles: ArticleSummary[];
  articlesCount: number;
}

/** An article as every reader sees it (`favorited` and `following` false), with the ids that marks need. Never mutated. */
export interface Shared<T extends ArticleSummary> {
  id: number;
  authorId: number;
  /** When the author's account was made: how far their links are trusted (src/domain/anti-abuse/link-trust.ts). */
  authorJoinedAt: number;
  article: T;
}

/** About the bytes an article's strings take, for the caches' bounds. */
function weigh(a: ArticleSummary): number {
  let bytes = 400 + 2 * (a.slug.length + a.title.length + a.description.length + a.author.username.length);
  bytes += 2 * ((a.author.bio?.length ?? 0) + (a.author.image?.length ?? 0));
  for (const tag of a.tagList) bytes += 40 + 2 * tag.length;
  return bytes;
}

/** What an article's preview shows changes with the article (fields, count, tags) and its author's profile. */
const depsOf = (row: { id: number; authorId: number }) => [scope.article(row.id), scope.user(row.authorId)];

/** Previews, one entry per article, shared by every list they appear in. */
const summaryMemo = memoFor<Shared<ArticleSummary>>({ name: 'article-summaries', maxBytes: 10 * 1024 * 1024, weigh: (s) => weigh(s.article) });

/** Whole articles, by slug. */
const articleMemo = memoFor<Shared<Article>>({ name: 'articles', maxBytes: 6 * 1024 * 1024, admitOnSecondMiss: true, weigh: (s) => weigh(s.article) + 2 * s.article.body.length });

/** Adds tags and authors to rows: two batched statements whatever their number. */
async function withTagsAndAuthors<R extends SummaryRow>(db: Db, rows: R[]): Promise<Array<Shared<ArticleSummary> & { row: R }>> {
  if (rows.length === 0) return [];
  const q = articleQueries(db);
  const tagLists = new Map<number, string[]>(rows.map((r) => [r.id, []]));
  for (const { articleId, name } of await q.tags.execute({ ids: idList(db, rows.map((r) => r.id)) })) tagLists.get(articleId)?.push(name);
  const authorIds = [...new Set(rows.map((r) => r.authorId))];
  const authors = new Map((await q.authors.execute({ ids: idList(db, authorIds) })).map((u) => [u.id, u]));
  return rows.map((row) => ({
    row,
    id: row.id,
    authorId: row.authorId,
    authorJoinedAt: authors.get(row.authorId)!.joinedAt,
    article: {
      slug: row.slug,
      title: row.title,
      description: row.description,
      tagList: tagLists.get(row.id)!.sort(),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      favorited: false,
      favoritesCount: row.favoritesCount,
      author: toProfile(authors.get(row.authorId)!, false),
      hidden: hiddenOf(row),
      draft: draftOf(row),
    },
  }));
}

/** The previews of these articles, in this order; ids of articles gone since are left out. */
export async function summariesOf(db: Db, ids: readonly number[]): Promise<Array<Shared<ArticleSummary>>> {
  const values = await summaryMemo(db).getMany(
    ids.map(String),
    async (missing) => {
      const rows = await articleQueries(db).rows.execute({ ids: idList(db, missing.map(Number)) });
      return new Map((await withTagsAndAuthors(db, rows)).map(({ row: _row, ...shared }): [string, Built<Shared<ArticleSummary>>] => [String(shared.id), { value: shared, deps: depsOf(shared) }]));
    },
  );
  return values.filter((v): v is Shared<ArticleSummary> => v !== undefined);
}

/** The page as `viewerId` sees it: which of these they favorited and whose authors they follow. */
export async function forViewer<T extends ArticleSummary>(db: Db, shared: Array<Shared<T>>, viewerId?: number): Promise<T[]> {
  if (viewerId === undefined || shared.length === 0) return shared.map((s) => s.article);
  const favorited = await favoritedAmong(db, viewerId, shared.map((s) => s.id));
  const following = await followedAmong(db, viewerId, shared.map((s) => s.authorId));
  return shared.map(({ id, authorId, article }) => {
    const [isFavorited, isFollowing] = [favorited.has(id), following.has(authorId)];
    if (!isFavorited && !isFollowing) return article;
    return { ...article, favorited: isFavorited, author: isFollowing ? { ...article.author, following: true } : article.author };
  });
}

/** The article at `slug`, as everyone sees it; NotFoundError when there is none. */
function sharedArticle(db: Db, slug: string): Promise<Shared<Article>> {
  return articleMemo(db).get(slug, async () => {
    const [row] = await articleQueries(db).rowBySlug.execute({ key: slug });
    if (!row) throw new NotFoundError('article');
    const [shared] = await withTagsAndAuthors(db, [row]);
    const value = { id: row.id, authorId: row.authorId, authorJoinedAt: shared!.authorJoinedAt, article: { ...shared!.article, body: row.body } };
    return { value, deps: depsOf(row) };
  });
}

/** The article at `slug` as `viewerId` sees it; NotFoundError when there is none, or it is hidden from them. */
export async function getArticle(db: Db, slug: string, viewerId?: number): Promise<Article> {
  return (await forViewer(db, [await readable(db, slug, viewerId)], viewerId))[0]!;
}

async function readable(db: Db, slug: string, viewerId: number | undefined): Promise<Shared<Article>> {
  const shared = await sharedArticle(db, slug);
  const { hidden, draft } = shared.article;
  if (!(await maySeeById(db, viewerId, { authorId: shared.authorId, hidden, draft }))) throw new NotFoundError('article');
  return shared;
}

/**
 * The id and author of the article at `slug`, as of the last catch-up:
 * NotFoundError if there is none, or it is hidden from `viewerId` (or a draft not theirs).
 */
export async function articleRef(db: Db, slug: string, viewerId: number | undefined): Promise<{ id: number; authorId: number; authorJoinedAt: number }> {
  const { id, authorId, authorJoinedAt } = await readable(db, slug, viewerId);
  return { id, authorId, authorJoinedAt };
}
