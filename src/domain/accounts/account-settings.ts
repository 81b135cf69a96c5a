import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { isUniqueViolation } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import { NotFoundError } from '../errors.js';
import type { Mailer } from '../mail.js';
import { bioSchema, emailSchema, imageSchema, parseInput, passwordSchema, usernameSchema } from '../validation.js';
import type { LoginThrottle } from './login-throttle.js';
import { isTimeZone } from './time-zones.js';
import { reauthenticate, type Reauthentication } from './reauthentication.js';
import { endAllSignIns, type KeepCredential } from './sessions-and-tokens.js';
import { assertAvailable, rejectWeakPassword, throwTaken, userColumns, type User, type UserDeps } from './users.js';

// A signed-in user changing their own account: profile, username, email and password.

/** Every field optional; an absent field is kept. Password "" is rejected here (the page maps "" to absent). */
export const userUpdateSchema = z.object({
  // Checked by reauthenticate, never stored.
  currentPassword: z.string({ error: 'must be a string' }).max(1024, 'is invalid').optional(),
  username: usernameSchema.optional(),
  email: emailSchema.optional(),
  password: passwordSchema.optional(),
  bio: bioSchema.optional(),
  image: imageSchema.optional(),
  timeZone: z
    .string({ error: 'must be a string' })
    .refine(isTimeZone, 'is not a time zone we know')
    .optional(),
});

export type UserUpdate = z.input<typeof userUpdateSchema>;

/** What a change that may need the current password also needs. */
export interface AccountDeps extends UserDeps {
  loginThrottle: LoginThrottle;
  mailer: Mailer;
  now: () => number;
}

export interface UpdateContext {
  keep: KeepCredential;
  /** The credential making the change, for email and password changes; the password comes in the input. */
  reauth: Omit<Reauthentication, 'currentPassword'>;
}

/**
 * Updates the signed-in user's own account. A new email or password needs
 * a recent sign-in or the current password. Changing the password signs out
 * every other session and revokes every other API token of that user.
 */
export async function updateUser(deps: AccountDeps, current: User, input: unknown, context: UpdateContext): Promise<User> {
  const { db, passwords } = deps;
  const data = parseInput(userUpdateSchema, input);
  if (data.password !== undefined) {
    rejectWeakPassword(passwords, data.password, { username: data.username ?? current.username, email: data.email ?? current.email });
  }
  // Before anything is looked up: a session alone cannot even learn whether an email is taken.
  const emailChanges = data.email !== undefined && data.email !== current.email;
  if (emailChanges || data.password !== undefined) {
    await reauthenticate(deps, current, { ...context.reauth, currentPassword: data.currentPassword }, 'to change email or password');
  }
  const wanted = { username: data.username, email: data.email };
  await assertAvailable(db, wanted, current.id);
  const passwordHash = data.password !== undefined ? await passwords.hash(data.password) : undefined;
  const { keep } = context;

  let user: User;
  try {
    // Its first statement writes, so it holds the write lock before it reads anything.
    user = await write(db, async (tx) => {
      const { passwordResets, users } = tx.t;
      const [updated] = await tx
        .update(users)
        .set({
          ...(data.username !== undefined && { username: data.username }),
          ...(data.email !== undefined && { email: data.email }),
          ...(data.bio !== undefined && { bio: data.bio }),
          ...(data.image !== undefined && { image: data.image }),
          ...(data.timeZone !== undefined && { timeZone: data.timeZone }),
          ...(passwordHash !== undefined && { passwordHash }),
          updatedAt: deps.now(),
        })
        .where(eq(users.id, current.id))
        .returning(userColumns(tx.t));
      if (!updated) throw new NotFoundError('user');
      if (passwordHash !== undefined) {
        await endAllSignIns(tx, current.id, keep);
      }
      // A reset link mailed before a new password or to the old address must not undo the change.
      if (passwordHash !== undefined || emailChanges) await tx.delete(passwordResets).where(eq(passwordResets.userId, current.id));
      return updated;
    });
  } catch (error) {
    // Someone took the name or email between the check and the update.
    if (isUniqueViolation(error)) await throwTaken(db, error, wanted, current.id);
    throw error;
  }
  // Told at the address the account had: if the email changed, its old owner still hears of it.
  if (passwordHash !== undefined) {
    deps.mailer.send({ to: current.email, template: 'password-changed', data: { username: user.username, how: 'changed' } });
  }
  if (emailChanges) deps.mailer.send({ to: current.email, template: 'email-changed', data: { username: user.username, newEmail: user.email } });
  return user;
}

