import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import type { Writer } from '../clock.js';
import { preparedFor } from '../../db/prepared.js';
import { write } from '../../db/write-transaction.js';
import { InvalidError } from '../errors.js';
import { requireUser, toProfile, type Profile } from '../publishing/profiles.js';
import { followedAmong } from '../publishing/viewer-marks.js';
import type { ControlKind } from './hidden-authors.js';
import { withdrawNotifications } from '../notifications/notify.js';

/** A profile as the person who may block or mute it sees it. Both flags are theirs alone: a muted user cannot tell. */
export interface ControlledProfile extends Profile {
  blocking: boolean;
  muting: boolean;
}

const p = sql.placeholder;

const statements = preparedFor((db) => {
  const { follows, userControls, users } = db.t;
  return {
    add: db
      .insert(userControls)
      .values({ ownerId: p('owner'), targetId: p('target'), kind: p('kind'), createdAt: p('now') })
      .onConflictDoNothing()
      .prepare(),
    remove: db
      .delete(userControls)
      .where(and(eq(userControls.ownerId, p('owner')), eq(userControls.kind, p('kind')), eq(userControls.targetId, p('target'))))
      .prepare(),
    // A block ends the blocked user's follow of the blocker.
    endFollow: db
      .delete(follows)
      .where(and(eq(follows.followerId, p('target')), eq(follows.followeeId, p('owner'))))
      .prepare(),
    on: db
      .select({ kind: userControls.kind })
      .from(userControls)
      .where(and(eq(userControls.ownerId, p('owner')), eq(userControls.targetId, p('target'))))
      .prepare(),
    listed: db
      .select({ kind: userControls.kind, since: userControls.createdAt, id: users.id, username: users.username, bio: users.bio, image: users.image })
      .from(userControls)
      .innerJoin(users, eq(users.id, userControls.targetId))
      .where(eq(userControls.ownerId, p('owner')))
      .orderBy(asc(users.username))
      .prepare(),
  };
});

/** Which of block and mute `viewerId` has on `targetId`. */
export async function controlsOn(db: Db, viewerId: number | undefined, targetId: number): Promise<{ blocking: boolean; muting: boolean }> {
  if (viewerId === undefined || viewerId === targetId) return { blocking: false, muting: false };
  const kinds = new Set((await statements(db).on.execute({ owner: viewerId, target: targetId })).map((r) => r.kind));
  return { blocking: kinds.has('block'), muting: kinds.has('mute') };
}

async function controlled(db: Db, viewerId: number, user: { id: number; username: string; bio: string | null; image: string | null }): Promise<ControlledProfile> {
  const following = (await followedAmong(db, viewerId, [user.id])).has(user.id);
  return { ...toProfile(user, following), ...(await controlsOn(db, viewerId, user.id)) };
}

/**
 * Turns `kind` on or off for `viewerId` on the user named `username`, in one
 * write: blocking also ends that user's follow of the viewer. Doing it twice
 * is the same as once.
 */
async function setControl({ db, now }: Writer, viewerId: number, username: string, kind: ControlKind, on: boolean): Promise<ControlledProfile> {
  const user = await requireUser(db, username);
  if (user.id === viewerId) throw new InvalidError({ profile: [`cannot ${kind} yourself`] });
  const args = { owner: viewerId, target: user.id, kind };
  await write(db, async (tx) => {
    const q = statements(tx);
    if (!on) return void (await q.remove.execute(args));
    await q.add.execute({ ...args, now: now() });
    // Both a block and a mute silence the target for the owner, what they did before included.
    await withdrawNotifications(tx, { recipientId: viewerId, actorId: user.id });
    if (kind === 'block') await q.endFollow.execute(args);
  });
  return controlled(db, viewerId, user);
}

export const blockUser = (writer: Writer, viewerId: number, username: string) => setControl(writer, viewerId, username, 'block', true);
export const unblockUser = (writer: Writer, viewerId: number, username: string) => setControl(writer, viewerId, username, 'block', false);
export const muteUser = (writer: Writer, viewerId: number, username: string) => setControl(writer, viewerId, username, 'mute', true);
export const unmuteUser = (writer: Writer, viewerId: number, username: string) => setControl(writer, viewerId, username, 'mute', false);

/** The user named `username` as `viewerId` sees them, with their block and mute. */
export async function controlledProfile(db: Db, viewerId: number, username: string): Promise<ControlledProfile> {
  return controlled(db, viewerId, await requireUser(db, username));
}

export interface ControlListEntry {
  profile: Profile;
  /** When it was turned on. */
  since: number;
}

/** Whom `viewerId` blocks and whom they mute, by username: the settings page and the API list them. Only ever their own. */
export async function blocksAndMutes(db: Db, viewerId: number): Promise<Record<'blocked' | 'muted', ControlListEntry[]>> {
  const rows = await statements(db).listed.execute({ owner: viewerId });
  const following = await followedAmong(db, viewerId, rows.map((r) => r.id));
  const entries = (kind: ControlKind) => rows.filter((r) => r.kind === kind).map((r) => ({ profile: toProfile(r, following.has(r.id)), since: r.since }));
  return { blocked: entries('block'), muted: entries('mute') };
}
