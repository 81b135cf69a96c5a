import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { preparedFor } from '../../db/prepared.js';
import { lockRows } from '../../db/sql.js';
import type { Writer } from '../clock.js';
import { PostingLimitError } from '../errors.js';
import { HOUR_MS, hourlyLimit, type Posting } from './account-age.js';

/** A write that posts: the clock and database, and whether posting limits apply (POSTING_LIMITS). */
export interface Poster extends Writer {
  postingLimits: boolean;
}

const p = sql.placeholder;

/**
 * The newest posts of one author since a time, newest first, at most `limit`:
 * one range of the (author, created_at) index of each table.
 */
const statements = preparedFor((db) => {
  const { articles, comments, users } = db.t;
  return {
    joinedAt: db.select({ at: users.createdAt }).from(users).where(eq(users.id, p('author'))).prepare(),
    articles: db
      .select({ at: articles.createdAt })
      .from(articles)
      .where(and(eq(articles.authorId, p('author')), gt(articles.createdAt, p('since'))))
      .orderBy(desc(articles.createdAt))
      .limit(p('limit'))
      .prepare(),
    comments: db
      .select({ at: comments.createdAt })
      .from(comments)
      .where(and(eq(comments.authorId, p('author')), gt(comments.createdAt, p('since'))))
      .orderBy(desc(comments.createdAt))
      .limit(p('limit'))
      .prepare(),
  };
});

/**
 * Refuses, with PostingLimitError, one more of `what` from `authorId` when
 * they have already posted as many in the last hour as their account's age
 * allows. Called inside the write that inserts it: the author's row is
 * locked first (PostgreSQL; SQLite's write lock already serialises), so two
 * posts sent at once by one author, through any process, are counted one
 * after the other. The count is the posts themselves, so it holds across
 * every process and server and needs nothing purged (docs/decisions/0026).
 */
export async function refuseOverPostingLimit(tx: Db, poster: Poster, authorId: number, what: Posting, now: number): Promise<void> {
  if (!poster.postingLimits) return;
  await lockRows(tx, sql`SELECT 1 FROM users WHERE id = ${authorId}`);
  const q = statements(tx);
  const [user] = await q.joinedAt.execute({ author: authorId });
  if (!user) return; // gone: the insert's foreign key refuses it
  const limit = hourlyLimit(user.at, now, what);
  const recent = await q[what].execute({ author: authorId, since: now - HOUR_MS, limit });
  if (recent.length < limit) return;
  // The oldest of the newest `limit` leaves the hour first: then one more fits.
  const retryAfterMs = recent[limit - 1]!.at + HOUR_MS - now;
  throw new PostingLimitError(what, limit, Math.max(1, Math.ceil(retryAfterMs / 1000)));
}
