import { count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { amongIds, idList, lockRows, rowsChanged } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import { NotFoundError } from '../errors.js';
import { reauthenticate, type Reauthentication } from './reauthentication.js';
import type { SignInDeps } from './password-sign-in.js';
import type { User } from './users.js';

/** What deleting an account removes, for the confirmation page. */
export interface AccountFootprint {
  articles: number;
  comments: number;
  favorites: number;
  follows: number;
  sessions: number;
  tokens: number;
}

export async function accountFootprint(db: Db, userId: number): Promise<AccountFootprint> {
  const { apiTokens, articles, comments, favorites, follows, sessions } = db.t;
  const countOf = async (table: typeof articles | typeof comments, column: typeof articles.authorId | typeof comments.authorId) =>
    (await db.select({ n: count() }).from(table).where(eq(column, userId)))[0]?.n ?? 0;
  return {
    articles: await countOf(articles, articles.authorId),
    comments: await countOf(comments, comments.authorId),
    favorites: (await db.select({ n: count() }).from(favorites).where(eq(favorites.userId, userId)))[0]?.n ?? 0,
    follows: (await db.select({ n: count() }).from(follows).where(eq(follows.followerId, userId)))[0]?.n ?? 0,
    sessions: (await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)))[0]?.n ?? 0,
    tokens: (await db.select({ n: count() }).from(apiTokens).where(eq(apiTokens.userId, userId)))[0]?.n ?? 0,
  };
}

/**
 * Deletes the user and everything that is theirs, in one transaction, after
 * re-authentication. The foreign keys cascade to articles (and their
 * comments, tags and favorites), comments, favorites, follows both ways,
 * sessions and tokens; the favorite counts on other people's articles are
 * lowered first, as they are kept beside the rows. The username and email
 * are free again afterwards.
 */
export async function deleteAccount(deps: SignInDeps, user: User, reauth: Reauthentication): Promise<void> {
  await reauthenticate(deps, user, reauth, 'to delete your account');
  // One write transaction. The user's row is locked first, so a favorite being added meanwhile
  // either committed before (and is counted here) or fails for want of its user.
  await write(deps.db, async (tx) => {
    const { articles, favorites, users } = tx.t;
    await lockRows(tx, sql`SELECT 1 FROM users WHERE id = ${user.id}`);
    // The favorites are deleted first and the counts lowered for exactly the rows deleted: a
    // favorite taken back at the same moment is either gone already or waited for, never counted twice.
    const gone = await tx.delete(favorites).where(eq(favorites.userId, user.id)).returning({ articleId: favorites.articleId });
    if (gone.length > 0) {
      await tx
        .update(articles)
        .set({ favoritesCount: sql`${articles.favoritesCount} - 1` })
        .where(amongIds(tx, articles.id, idList(tx, gone.map((f) => f.articleId))));
    }
    const deleted = rowsChanged(await tx.delete(users).where(eq(users.id, user.id)));
    if (deleted === 0) throw new NotFoundError('user');
  });
}
