import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import { NotFoundError } from '../errors.js';

// An author's own view of their fediverse followers (settings): every read
// and write names the author asking, so nobody sees or removes another's.

export interface OwnFollower {
  actorId: string;
  /** @name@host, when their server told us; else the actor id stands for them. */
  handle: string | null;
  /** Their profile page, or the actor id. */
  link: string;
  followedAt: number;
}

/** What a removal hands the federation, to tell the follower's server (a Reject of their Follow). */
export interface RemovedFollower {
  actorId: string;
  inbox: string;
  sharedInbox: string | null;
  followId: string | null;
}

/** `userId`'s fediverse followers, newest first. */
export async function ownFollowers(db: Db, userId: number): Promise<OwnFollower[]> {
  const { remoteFollowers: f } = db.t;
  const rows = await db
    .select({ actorId: f.actorId, handle: f.handle, url: f.url, followedAt: f.createdAt })
    .from(f)
    .where(eq(f.userId, userId))
    .orderBy(f.createdAt, f.id);
  return rows.reverse().map((r) => ({ actorId: r.actorId, handle: r.handle, link: r.url ?? r.actorId, followedAt: r.followedAt }));
}

/** Removes one of `userId`'s followers (NotFoundError "follower" when they have none by that id). */
export async function removeOwnFollower(db: Db, userId: number, actorId: string): Promise<RemovedFollower> {
  return write(db, async (tx) => {
    const { remoteFollowers: f } = tx.t;
    const [gone] = await tx
      .delete(f)
      .where(and(eq(f.userId, userId), eq(f.actorId, actorId)))
      .returning({ actorId: f.actorId, inbox: f.inbox, sharedInbox: f.sharedInbox, followId: f.followId });
    if (!gone) throw new NotFoundError('follower');
    return gone;
  });
}

/** Told once a follower is removed, so their server hears of it (set when federation is on). */
export type FollowerRemoved = (username: string, removed: RemovedFollower) => Promise<void>;
