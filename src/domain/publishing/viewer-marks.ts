import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { preparedFor } from '../../db/prepared.js';
import { idList } from '../../db/sql.js';
import { articleQueries } from './article-queries.js';
import { memoFor } from '../../cache/memo.js';
import { scope } from '../../cache/scopes.js';

/** Past this many favorites (or follows) a reader's set is not kept: their pages ask the database. */
const MAX_PER_KIND = 1000;

const statements = preparedFor((db) => {
  const { favorites, follows, tagFollows } = db.t;
  return {
    favorited: db
      .select({ id: favorites.articleId })
      .from(favorites)
      .where(eq(favorites.userId, sql.placeholder('viewer')))
      .limit(MAX_PER_KIND + 1)
      .prepare(),
    following: db
      .select({ id: follows.followeeId })
      .from(follows)
      .where(eq(follows.followerId, sql.placeholder('viewer')))
      .limit(MAX_PER_KIND + 1)
      .prepare(),
    followedTags: db
      .select({ id: tagFollows.tagId })
      .from(tagFollows)
      .where(eq(tagFollows.userId, sql.placeholder('viewer')))
      .limit(MAX_PER_KIND + 1)
      .prepare(),
  };
});

/** Ids one reader favorited or follows; null when there are too many to keep. */
type Marks = Set<number> | null;
const weigh = (marks: Marks) => 50 + (marks?.size ?? 0) * 40;
const load = (rows: Array<{ id: number }>): Marks => (rows.length > MAX_PER_KIND ? null : new Set(rows.map((r) => r.id)));

/**
 * Which articles each recent reader favorited and whom they follow. Every
 * list a signed-in reader opens marks its previews from these sets instead
 * of two statements a page. Kept until that reader's favorites or follows
 * move in the database. A deleted article may stay in someone's set: ids are
 * never given to another article (AUTOINCREMENT on SQLite, an identity column
 * on PostgreSQL).
 */
const favoritedMemo = memoFor<Marks>({ name: 'favorited-marks', maxBytes: 2 * 1024 * 1024, weigh });
const followingMemo = memoFor<Marks>({ name: 'following-marks', maxBytes: 2 * 1024 * 1024, weigh });

function favoritedBy(db: Db, viewerId: number): Promise<Marks> {
  return favoritedMemo(db).get(String(viewerId), async () => ({
    value: load(await statements(db).favorited.execute({ viewer: viewerId })),
    deps: [scope.favorites(viewerId)],
  }));
}

/** Whom `viewerId` follows; null when they follow more than are kept per reader. */
export function followedIds(db: Db, viewerId: number): Promise<ReadonlySet<number> | null> {
  return followingMemo(db).get(String(viewerId), async () => ({
    value: load(await statements(db).following.execute({ viewer: viewerId })),
    deps: [scope.follows(viewerId)],
  }));
}

const followedTagsMemo = memoFor<Marks>({ name: 'followed-tags', maxBytes: 1024 * 1024, weigh });

/** The ids of the tags `viewerId` follows (./followed-tags.ts); null when there are more than are kept per reader. */
export function followedTagIds(db: Db, viewerId: number): Promise<ReadonlySet<number> | null> {
  return followedTagsMemo(db).get(String(viewerId), async () => ({
    value: load(await statements(db).followedTags.execute({ viewer: viewerId })),
    deps: [scope.follows(viewerId)],
  }));
}

/** Of `articleIds`, the ones `viewerId` favorited. */
export async function favoritedAmong(db: Db, viewerId: number | undefined, articleIds: number[]): Promise<Set<number>> {
  if (viewerId === undefined || articleIds.length === 0) return new Set();
  const kept = await favoritedBy(db, viewerId);
  if (kept) return new Set(articleIds.filter((id) => kept.has(id)));
  return new Set((await articleQueries(db).favorited.execute({ viewer: viewerId, ids: idList(db, articleIds) })).map((r) => r.id));
}

/** Of `userIds`, the ones `viewerId` follows. */
export async function followedAmong(db: Db, viewerId: number | undefined, userIds: number[]): Promise<Set<number>> {
  if (viewerId === undefined || userIds.length === 0) return new Set();
  const kept = await followedIds(db, viewerId);
  if (kept) return new Set(userIds.filter((id) => kept.has(id)));
  return new Set((await articleQueries(db).following.execute({ viewer: viewerId, ids: idList(db, userIds) })).map((r) => r.id));
}
