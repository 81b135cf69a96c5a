import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { preparedFor } from '../db/prepared.js';
import { follows } from '../db/schema.js';
import { InvalidError, NotFoundError } from './errors.js';
import { catchUp } from './cache/versions.js';
import { followedAmong } from './viewer-marks.js';
import { findUserByUsername, type User } from './users.js';

export interface Profile {
  username: string;
  bio: string | null;
  image: string | null;
  following: boolean;
}

export function toProfile(user: Pick<User, 'username' | 'bio' | 'image'>, following: boolean): Profile {
  return { username: user.username, bio: user.bio, image: user.image, following };
}

function requireUser(db: Db, username: string): User {
  const user = findUserByUsername(db, username);
  if (!user) throw new NotFoundError('profile');
  return user;
}

export function getProfile(db: Db, username: string, viewerId?: number): Profile & { id: number } {
  const user = requireUser(db, username);
  return { id: user.id, ...toProfile(user, followedAmong(db, viewerId, [user.id]).has(user.id)) };
}

const statements = preparedFor((db) => ({
  follow: db
    .insert(follows)
    .values({ followerId: sql.placeholder('followerId'), followeeId: sql.placeholder('followeeId'), createdAt: sql.placeholder('now') })
    .onConflictDoNothing()
    .prepare(),
  unfollow: db
    .delete(follows)
    .where(and(eq(follows.followerId, sql.placeholder('followerId')), eq(follows.followeeId, sql.placeholder('followeeId'))))
    .prepare(),
}));

export function followUser(db: Db, viewerId: number, username: string): Profile {
  const user = requireUser(db, username);
  if (user.id === viewerId) throw new InvalidError({ profile: ['cannot follow yourself'] });
  statements(db).follow.run({ followerId: viewerId, followeeId: user.id, now: Date.now() });
  catchUp(db);
  return toProfile(user, true);
}

export function unfollowUser(db: Db, viewerId: number, username: string): Profile {
  const user = requireUser(db, username);
  statements(db).unfollow.run({ followerId: viewerId, followeeId: user.id });
  catchUp(db);
  return toProfile(user, false);
}
