import { count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { lockRows, rowsChanged } from '../../db/sql.js';
import { writeTransaction } from '../../db/write-transaction.js';
import { NotFoundError } from '../errors.js';
import { enqueueAccountDeletion } from '../federation/account-deletion-delivery.js';
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
  /** People this user blocks or mutes: those controls go with the account. */
  blocksAndMutes: number;
}

export async function accountFootprint(db: Db, userId: number): Promise<AccountFootprint> {
  const { apiTokens, articles, comments, favorites, follows, sessions, userControls } = db.t;
  const countOf = async (table: typeof articles | typeof comments, column: typeof articles.authorId | typeof comments.authorId) =>
    (await db.select({ n: count() }).from(table).where(eq(column, userId)))[0]?.n ?? 0;
  return {
    articles: await countOf(articles, articles.authorId),
    comments: await countOf(comments, comments.authorId),
    favorites: (await db.select({ n: count() }).from(favorites).where(eq(favorites.userId, userId)))[0]?.n ?? 0,
    follows: (await db.select({ n: count() }).from(follows).where(eq(follows.followerId, userId)))[0]?.n ?? 0,
    sessions: (await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId)))[0]?.n ?? 0,
    tokens: (await db.select({ n: count() }).from(apiTokens).where(eq(apiTokens.userId, userId)))[0]?.n ?? 0,
    blocksAndMutes: (await db.select({ n: count() }).from(userControls).where(eq(userControls.ownerId, userId)))[0]?.n ?? 0,
  };
}

/**
 * Deletes the user and everything that is theirs, in one transaction, after
 * re-authentication. The foreign keys cascade to articles (and their
 * comments, tags and favorites), comments, favorites, follows both ways,
 * blocks and mutes both ways, sessions and tokens; the database's triggers lower the favorite counts of
 * other people's articles for exactly the favorites the cascade removed. The
 * username and email are free again afterwards.
 */
export async function deleteAccount(deps: SignInDeps, user: User, reauth: Reauthentication): Promise<void> {
  await reauthenticate(deps, user, reauth, 'to delete your account');
  await removeAccount(deps.db, user.id, deps.now());
}

/**
 * The deletion itself, for the owner above and for an admin removing a spam
 * account (src/domain/moderation/account-removal.ts). Given a transaction's
 * handle it joins that transaction, so it commits with what calls for it.
 */
export const removeAccount = writeTransaction(async (tx, userId: number, now: number): Promise<void> => {
  const { users } = tx.t;
  // The user's row is locked first, so a favorite being added meanwhile either
  // committed before (and is removed and counted down here) or fails for want of its user.
  await lockRows(tx, sql`SELECT 1 FROM users WHERE id = ${userId}`);
  // Their fediverse followers are told, with the keys and addresses the cascade is about to delete.
  await enqueueAccountDeletion(tx, userId, now);
  const deleted = rowsChanged(await tx.delete(users).where(eq(users.id, userId)));
  if (deleted === 0) throw new NotFoundError('user');
});
