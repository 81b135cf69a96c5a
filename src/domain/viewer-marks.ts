import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { preparedFor } from '../db/prepared.js';
import { favorites, follows } from '../db/schema.js';
import { articleQueries, idList } from './article-queries.js';
import { memoFor } from './cache/memo.js';
import { scope } from './cache/scopes.js';

/** Past this many favorites (or follows) a reader's set is not kept: their pages ask the database. */
const MAX_PER_KIND = 1000;

const statements = preparedFor((db) => ({
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
}));

/** Ids one reader favorited or follows; null when there are too many to keep. */
type Marks = Set<number> | null;
const weigh = (marks: Marks) => 50 + (marks?.size ?? 0) * 40;
const load = (rows: Array<{ id: number }>): Marks => (rows.length > MAX_PER_KIND ? null : new Set(rows.map((r) => r.id)));

/**
 * Which articles each recent reader favorited and whom they follow. Every
 * list a signed-in reader opens marks its previews from these sets instead
 * of two statements a page. Kept until that reader's favorites or follows
 * move in the database. A deleted article may stay in someone's set: ids are
 * AUTOINCREMENT, never given to another article.
 */
const favoritedMemo = memoFor<Marks>({ maxBytes: 2 * 1024 * 1024, weigh });
const followingMemo = memoFor<Marks>({ maxBytes: 2 * 1024 * 1024, weigh });

function favoritedBy(db: Db, viewerId: number): Marks {
  return favoritedMemo(db).get(String(viewerId), () => ({
    value: load(statements(db).favorited.all({ viewer: viewerId })),
    deps: [scope.favorites(viewerId)],
  }));
}

/** Whom `viewerId` follows; null when they follow more than are kept per reader. */
export function followedIds(db: Db, viewerId: number): ReadonlySet<number> | null {
  return followingMemo(db).get(String(viewerId), () => ({
    value: load(statements(db).following.all({ viewer: viewerId })),
    deps: [scope.follows(viewerId)],
  }));
}

/** Of `articleIds`, the ones `viewerId` favorited. */
export function favoritedAmong(db: Db, viewerId: number | undefined, articleIds: number[]): Set<number> {
  if (viewerId === undefined || articleIds.length === 0) return new Set();
  const kept = favoritedBy(db, viewerId);
  if (kept) return new Set(articleIds.filter((id) => kept.has(id)));
  return new Set(articleQueries(db).favorited.all({ viewer: viewerId, ids: idList(articleIds) }).map((r) => r.id));
}

/** Of `userIds`, the ones `viewerId` follows. */
export function followedAmong(db: Db, viewerId: number | undefined, userIds: number[]): Set<number> {
  if (viewerId === undefined || userIds.length === 0) return new Set();
  const kept = followedIds(db, viewerId);
  if (kept) return new Set(userIds.filter((id) => kept.has(id)));
  return new Set(articleQueries(db).following.all({ viewer: viewerId, ids: idList(userIds) }).map((r) => r.id));
}
