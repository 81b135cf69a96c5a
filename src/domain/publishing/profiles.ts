import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import type { Writer } from '../clock.js';
import { preparedFor } from '../../db/prepared.js';
import { write } from '../../db/write-transaction.js';
import { InvalidError, NotFoundError } from '../errors.js';
import { followedAmong } from './viewer-marks.js';
import { refuseIfBlocked } from '../personal-controls/block-check.js';
import { findUserByUsername, type User } from '../accounts/users.js';
import { assertMayWrite } from '../moderation/suspension.js';
import { queueNotification } from '../notifications/notification-queue.js';

export interface Profile {
  username: string;
  bio: string | null;
  image: string | null;
  following: boolean;
}

export function toProfile(user: Pick<User, 'username' | 'bio' | 'image'>, following: boolean): Profile {
  return { username: user.username, bio: user.bio, image: user.image, following };
}

/** The user named `username`; NotFoundError('profile') when there is none. */
export async function requireUser(db: Db, username: string): Promise<User> {
  const user = await findUserByUsername(db, username);
  if (!user) throw new NotFoundError('profile');
  return user;
}

export async function getProfile(db: Db, username: string, viewerId?: number): Promise<Profile & { id: number }> {
  const user = await requireUser(db, username);
  return { id: user.id, ...toProfile(user, (await followedAmong(db, viewerId, [user.id])).has(user.id)) };
}

const statements = preparedFor((db) => {
  const { follows } = db.t;
  return {
    follow: db
      .insert(follows)
      .values({ followerId: sql.placeholder('followerId'), followeeId: sql.placeholder('followeeId'), createdAt: sql.placeholder('now') })
      .onConflictDoNothing()
      .returning({ followeeId: follows.followeeId })
      .prepare(),
    unfollow: db
      .delete(follows)
      .where(and(eq(follows.followerId, sql.placeholder('followerId')), eq(follows.followeeId, sql.placeholder('followeeId'))))
      .returning({ followeeId: follows.followeeId })
      .prepare(),
  };
});

export async function followUser({ db, now: clock }: Writer, viewerId: number, username: string): Promise<Profile> {
  await assertMayWrite({ db, now: clock }, viewerId);
  const user = await requireUser(db, username);
  if (user.id === viewerId) throw new InvalidError({ profile: ['cannot follow yourself'] });
  const now = clock();
  await write(db, async (tx) => {
    await refuseIfBlocked(tx, user.id, viewerId, { follow: ['is not possible: this person has blocked you'] });
    const followed = await statements(tx).follow.execute({ followerId: viewerId, followeeId: user.id, now });
    // Only a new follow notifies: following again changes nothing.
    if (followed.length > 0) await queueNotification(tx, { event: 'follow', actorId: viewerId, recipientId: user.id }, now);
  });
  return toProfile(user, true);
}

export async function unfollowUser({ db, now }: Writer, viewerId: number, username: string): Promise<Profile> {
  await assertMayWrite({ db, now }, viewerId);
  const user = await requireUser(db, username);
  await write(db, async (tx) => {
    const ended = await statements(tx).unfollow.execute({ followerId: viewerId, followeeId: user.id });
    // "bob followed you" would no longer be true.
    if (ended.length > 0) await queueNotification(tx, { event: 'unfollow', actorId: viewerId, recipientId: user.id }, now());
  });
  return toProfile(user, false);
}
