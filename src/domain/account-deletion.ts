import { count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { apiTokens, articles, comments, favorites, follows, sessions, users } from '../db/schema.js';
import { catchUp } from './cache/versions.js';
import { NotFoundError } from './errors.js';
import { reauthenticate, type Reauthentication } from './reauthentication.js';
import type { SignInDeps } from './sign-in.js';
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

export function accountFootprint(db: Db, userId: number): AccountFootprint {
  const countOf = (table: typeof articles | typeof comments, column: typeof articles.authorId | typeof comments.authorId) =>
    db.select({ n: count() }).from(table).where(eq(column, userId)).get()?.n ?? 0;
  return {
    articles: countOf(articles, articles.authorId),
    comments: countOf(comments, comments.authorId),
    favorites: db.select({ n: count() }).from(favorites).where(eq(favorites.userId, userId)).get()?.n ?? 0,
    follows: db.select({ n: count() }).from(follows).where(eq(follows.followerId, userId)).get()?.n ?? 0,
    sessions: db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)).get()?.n ?? 0,
    tokens: db.select({ n: count() }).from(apiTokens).where(eq(apiTokens.userId, userId)).get()?.n ?? 0,
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
  // Immediate: it reads before it writes, and must not find its snapshot stale when it comes to write.
  deps.db.transaction(
    (tx) => {
      tx.update(articles)
        .set({ favoritesCount: sql`${articles.favoritesCount} - 1` })
        .where(inArray(articles.id, tx.select({ id: favorites.articleId }).from(favorites).where(eq(favorites.userId, user.id))))
        .run();
      const deleted = tx.delete(users).where(eq(users.id, user.id)).run().changes;
      if (deleted === 0) throw new NotFoundError('user');
    },
    { behavior: 'immediate' },
  );
  catchUp(deps.db);
}
