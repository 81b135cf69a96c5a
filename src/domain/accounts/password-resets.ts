import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { rowsChanged } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import { hitCounter } from '../../db/counters.js';
import { InvalidError, NotFoundError } from '../errors.js';
import type { LoginThrottle } from './login-throttle.js';
import { hasTwoFactor, verifySecondFactor } from './two-factor-verification.js';
import type { Mailer } from '../mail.js';
import type { PasswordHasher } from './password-hashing.js';
import { endAllSignIns } from './sessions-and-tokens.js';
import { rejectWeakPassword, userColumns, type User } from './users.js';
import { emailSchema, parseInput, passwordSchema } from '../validation.js';

const HOUR_MS = 60 * 60 * 1000;

/** A reset link works for 30 minutes, once. */
export const RESET_LIFETIME_MS = 30 * 60 * 1000;
/**
 * Links mailed per hour: to one email when asked from one network address,
 * and to one email from anywhere. Nobody can flood someone's inbox, and one
 * asker alone cannot use up the owner's links.
 */
const RESETS_PER_EMAIL_AND_ADDRESS = 3;
const RESETS_PER_EMAIL = 10;

export interface ResetDeps {
  db: Db;
  passwords: PasswordHasher;
  mailer: Mailer;
  loginThrottle: LoginThrottle;
  now: () => number;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Mails a reset link when an account has this email; otherwise does nothing.
 * Either way the caller answers the same, and as fast: the mail goes out in
 * the background. `linkFor` turns the token into the page's absolute URL.
 */
export async function requestPasswordReset(
  deps: ResetDeps,
  input: unknown,
  address: string,
  linkFor: (token: string) => string,
): Promise<void> {
  const { email } = parseInput(z.object({ email: emailSchema }), input);
  const now = deps.now();
  const key = email.toLowerCase();
  const fromHere = await hitCounter(deps.db, `reset-requests:${key}:${address}`, HOUR_MS, now);
  if (fromHere.count > RESETS_PER_EMAIL_AND_ADDRESS) return;
  if ((await hitCounter(deps.db, `reset-requests:${key}`, HOUR_MS, now)).count > RESETS_PER_EMAIL) return;
  const { users } = deps.db.t;
  const [user] = await deps.db
    .select({ id: users.id, username: users.username, email: users.email })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  if (!user) return;
  const token = randomBytes(32).toString('base64url'); // 256 bits
  await write(deps.db, async (tx) => {
    const { passwordResets } = tx.t;
    await tx
      .insert(passwordResets)
      .values({ tokenHash: hashOf(token), userId: user.id, createdAt: now, expiresAt: now + RESET_LIFETIME_MS });
  });
  deps.mailer.send({
    to: user.email,
    template: 'password-reset',
    data: { username: user.username, link: linkFor(token), minutes: RESET_LIFETIME_MS / 60_000 },
  });
}

/** The user a live reset token is for; NotFoundError for unknown, used or expired tokens. */
export async function userForReset(deps: Pick<ResetDeps, 'db' | 'now'>, token: string): Promise<User> {
  const { passwordResets, users } = deps.db.t;
  const [row] = await deps.db
    .select(userColumns(deps.db.t))
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, hashOf(token)), gt(passwordResets.expiresAt, deps.now())))
    .limit(1);
  if (!row) throw new NotFoundError('reset link');
  return row;
}

/**
 * Sets a new password through a reset link, under the usual password rules.
 * With two-factor authentication on, a code (or recovery code) is needed
 * too: the link proves the mailbox, not the second factor. The link and
 * every other one of the user's are used up, and every session and API
 * token of the user ends. The caller signs the user in afresh.
 */
export async function resetPassword(deps: ResetDeps, token: string, input: unknown, address: string): Promise<User> {
  const user = await userForReset(deps, token);
  const { password, code } = parseInput(z.object({ password: passwordSchema, code: z.string().optional() }), input);
  rejectWeakPassword(deps.passwords, password, user);
  if (await hasTwoFactor(deps.db, user.id)) {
    if (!code?.trim()) throw new InvalidError({ code: ['from your authenticator app (or a recovery code) is needed too'] });
    if (!(await verifySecondFactor(deps, user, code, address))) throw new InvalidError({ code: ['is invalid'] });
  }
  const passwordHash = await deps.passwords.hash(password);
  const changed = await write(deps.db, async (tx) => {
    const { passwordResets, users } = tx.t;
    // Deleting the row is what makes the link single-use: a second request, even at once, finds nothing.
    const used = rowsChanged(await tx.delete(passwordResets).where(eq(passwordResets.tokenHash, hashOf(token))));
    if (used === 0) return false;
    await tx.update(users).set({ passwordHash, updatedAt: deps.now() }).where(eq(users.id, user.id));
    await tx.delete(passwordResets).where(eq(passwordResets.userId, user.id));
    await endAllSignIns(tx, user.id);
    return true;
  });
  if (!changed) throw new NotFoundError('reset link');
  deps.mailer.send({ to: user.email, template: 'password-changed', data: { username: user.username, how: 'reset' } });
  return user;
}

export function purgeExpiredResets(db: Db, now: number): Promise<number> {
  return write(db, async (tx) => {
    const { passwordResets } = tx.t;
    return rowsChanged(await tx.delete(passwordResets).where(lt(passwordResets.expiresAt, now)));
  });
}

/** For the form: a reset link's token must look like one before anything is looked up. */
export function isResetTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
