import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { rowsChanged } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';

// Fediverse accounts following a local author: added when we accept their
// Follow, removed by their Undo. Every read and write names the author.

export interface RemoteFollower {
  actorId: string;
  inbox: string;
  sharedInbox: string | null;
}

/** Stores (or refreshes) a follower of `userId`; following twice keeps one row. */
export async function addRemoteFollower(
  { db, now }: Writer,
  userId: number,
  follower: RemoteFollower & { followId: string | null; handle?: string | null; url?: string | null },
): Promise<void> {
  await write(db, async (tx) => {
    const { remoteFollowers } = tx.t;
    await tx
      .insert(remoteFollowers)
      .values({ userId, ...follower, createdAt: now() })
      .onConflictDoUpdate({
        target: [remoteFollowers.userId, remoteFollowers.actorId],
        set: { inbox: follower.inbox, sharedInbox: follower.sharedInbox, followId: follower.followId, handle: follower.handle ?? null, url: follower.url ?? null },
      });
  });
}

/** Removes a follower of `userId`; true when there was one. */
export async function removeRemoteFollower(db: Db, userId: number, actorId: string): Promise<boolean> {
  return write(db, async (tx) => {
    const { remoteFollowers } = tx.t;
    return rowsChanged(await tx.delete(remoteFollowers).where(and(eq(remoteFollowers.userId, userId), eq(remoteFollowers.actorId, actorId)))) > 0;
  });
}

/** The author's fediverse followers, oldest first. */
export async function remoteFollowersOf(db: Db, userId: number): Promise<RemoteFollower[]> {
  const { remoteFollowers } = db.t;
  return db
    .select({ actorId: remoteFollowers.actorId, inbox: remoteFollowers.inbox, sharedInbox: remoteFollowers.sharedInbox })
    .from(remoteFollowers)
    .where(eq(remoteFollowers.userId, userId))
    .orderBy(remoteFollowers.id);
}

export async function countRemoteFollowers(db: Db, userId: number): Promise<number> {
  const { remoteFollowers } = db.t;
  const [row] = await db.select({ n: count() }).from(remoteFollowers).where(eq(remoteFollowers.userId, userId));
  return row?.n ?? 0;
}

/** Whether the author has any fediverse follower: one index entry read, however many they have. */
export async function hasRemoteFollowers(db: Db, userId: number): Promise<boolean> {
  const { remoteFollowers } = db.t;
  const [row] = await db.select({ id: remoteFollowers.id }).from(remoteFollowers).where(eq(remoteFollowers.userId, userId)).limit(1);
  return row !== undefined;
}
