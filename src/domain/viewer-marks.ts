import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { preparedFor } from '../db/prepared.js';
import { favorites, follows } from '../db/schema.js';
import { articleQueries, idList } from './article-queries.js';

/** Past this many favorites (or follows) a reader's set is not kept: their pages ask SQLite. */
const MAX_PER_KIND = 1000;
/** All readers' kept ids together; the least recent reader goes first past it (a few MB). */
const MAX_IDS = 100_000;
/** What a reader's entry counts for besides their ids: at most 10 000 readers are kept. */
const READER_COST = 10;

/** Ids a reader favorited or follows; null when there are too many to keep. */
interface Marks {
  favorited: Set<number> | null;
  following: Set<number> | null;
  /** What the entry counts for against MAX_IDS. */
  size: number;
}

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

/**
 * Which articles each recent reader favorited and whom they follow. Every
 * list a signed-in reader opens marks its previews from these sets, instead
 * of two statements a page. Only readers change their own marks, and those
 * writes forget that reader (`forgetMarks`). A deleted article may stay in
 * someone's set: ids are AUTOINCREMENT, never given to another article.
 */
class MarksCache {
  private readonly readers = new Map<number, Marks>();
  private ids = 0;

  constructor(private readonly db: Db) {}

  of(viewerId: number): Marks {
    let marks = this.readers.get(viewerId);
    if (marks) {
      this.readers.delete(viewerId); // re-inserted below as the most recent
    } else {
      const q = statements(this.db);
      const load = (rows: Array<{ id: number }>) => (rows.length > MAX_PER_KIND ? null : new Set(rows.map((r) => r.id)));
      const favorited = load(q.favorited.all({ viewer: viewerId }));
      const following = load(q.following.all({ viewer: viewerId }));
      // A reader counts for something even with no marks (or too many to keep), so readers are bounded too.
      marks = { favorited, following, size: READER_COST + (favorited?.size ?? 0) + (following?.size ?? 0) };
      this.ids += marks.size;
      for (const [oldest, old] of this.readers) {
        if (this.ids <= MAX_IDS) break;
        this.forget(oldest, old);
      }
    }
    this.readers.set(viewerId, marks);
    return marks;
  }

  forget(viewerId: number, marks = this.readers.get(viewerId)): void {
    if (!marks) return;
    this.readers.delete(viewerId);
    this.ids -= marks.size;
  }

  clear(): void {
    this.readers.clear();
    this.ids = 0;
  }
}

const marksCache = preparedFor((db) => new MarksCache(db));

/** Of `articleIds`, the ones `viewerId` favorited. */
export function favoritedAmong(db: Db, viewerId: number | undefined, articleIds: number[]): Set<number> {
  if (viewerId === undefined || articleIds.length === 0) return new Set();
  const kept = marksCache(db).of(viewerId).favorited;
  if (kept) return new Set(articleIds.filter((id) => kept.has(id)));
  return new Set(articleQueries(db).favorited.all({ viewer: viewerId, ids: idList(articleIds) }).map((r) => r.id));
}

/** Of `userIds`, the ones `viewerId` follows. */
export function followedAmong(db: Db, viewerId: number | undefined, userIds: number[]): Set<number> {
  if (viewerId === undefined || userIds.length === 0) return new Set();
  const kept = marksCache(db).of(viewerId).following;
  if (kept) return new Set(userIds.filter((id) => kept.has(id)));
  return new Set(articleQueries(db).following.all({ viewer: viewerId, ids: idList(userIds) }).map((r) => r.id));
}

/** Call after the viewer favorites, unfavorites, follows or unfollows. */
export function forgetMarks(db: Db, viewerId: number): void {
  marksCache(db).forget(viewerId);
}

/** Forgets every reader's marks: after favorites or follows were written behind the app (tests). */
export function forgetAllMarks(db: Db): void {
  marksCache(db).clear();
}
