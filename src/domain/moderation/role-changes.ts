import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';
import { InvalidError, NotFoundError } from '../errors.js';
import { parseInput } from '../validation.js';
import { actorOf, COMMAND_LINE, logAction, noteSchema } from './moderation-log.js';
import { authorize, type Acting } from './permissions.js';
import { GRANTABLE, isGrantable, type Role } from './roles.js';
import { suspensionOf } from './suspension.js';

/** Who changes a role: an admin on the admin pages, or the operator at the command line. */
export type RoleChanger = Acting | 'command-line';

/** A user to change, named the way the caller knows them. */
export type UserRef = { email: string } | { username: string };

async function findUser(db: Db, ref: UserRef) {
  const { users } = db.t;
  const where = 'email' in ref ? sql`lower(${users.email}) = lower(${ref.email})` : sql`lower(${users.username}) = lower(${ref.username})`;
  const [user] = await db
    .select({ id: users.id, username: users.username, role: users.role, suspendedAt: users.suspendedAt, suspendedUntil: users.suspendedUntil, suspensionReason: users.suspensionReason })
    .from(users)
    .where(where)
    .limit(1);
  if (!user) throw new NotFoundError('user');
  return user;
}

/**
 * Gives `ref` the role `role` (moderator or admin), or makes them a member
 * again (`role` 'member': revoking). Logged in the same transaction. An admin
 * cannot change their own role on the pages (so a site never loses its last
 * admin by a slip); the command line can.
 */
export async function changeRole({ db, now }: Writer, by: RoleChanger, ref: UserRef, role: unknown, note?: unknown): Promise<{ username: string; role: Role; changed: boolean }> {
  if (by !== 'command-line') authorize(by, 'change-role');
  if (role !== 'member' && !isGrantable(role)) throw new InvalidError({ role: [`must be one of ${GRANTABLE.join(', ')}`] });
  const why = parseInput(noteSchema, note);
  return write(db, async (tx) => {
    const user = await findUser(tx, ref);
    if (by !== 'command-line' && by.id === user.id) throw new InvalidError({ role: ['of your own account can only be changed by another admin or from the command line'] });
    if (role !== 'member' && suspensionOf(user, now())) throw new InvalidError({ user: ['is suspended: lift the suspension first'] });
    if (user.role === role) return { username: user.username, role, changed: false };
    const { users } = tx.t;
    await tx.update(users).set({ role }).where(eq(users.id, user.id));
    await logAction(
      tx,
      {
        actor: by === 'command-line' ? COMMAND_LINE : actorOf(by),
        action: role === 'member' ? 'revoke' : 'grant',
        target: { type: 'user', id: user.id, label: user.username },
        note: why || (role === 'member' ? `was ${user.role}` : `now ${role}`),
      },
      now(),
    );
    return { username: user.username, role, changed: true };
  });
}
