import { randomInt } from 'node:crypto';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { Secret } from 'otpauth';
import type { Db } from '../../db/database.js';
import { lockRows } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import { ConflictError, InvalidCredentialsError, InvalidError } from '../errors.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Mailer } from '../mail.js';
import type { PasswordHasher } from './password-hashing.js';
import { reauthenticate, type Reauthentication } from './reauthentication.js';
import { confirmPassword } from './password-sign-in.js';
import { acceptedStep, hashRecoveryCode, hasTwoFactor, RECOVERY_CODE_LENGTH, totpFor, verifySecondFactor } from './two-factor-verification.js';
import type { User } from './users.js';

export interface TwoFactorDeps {
  db: Db;
  passwords: PasswordHasher;
  loginThrottle: LoginThrottle;
  mailer: Mailer;
  now: () => number;
}

const RECOVERY_CODES = 10;
// No 0/O or 1/I/L: codes are read off paper and typed.
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A fresh shared key (160 bits, as RFC 4226 recommends), in base32 as authenticator apps take it. */
export function newTwoFactorSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function otpauthUri(secret: string, username: string): string {
  return totpFor(secret, username).toString();
}

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(db: Db, userId: number): Promise<TwoFactorStatus> {
  const { recoveryCodes } = db.t;
  const enabled = await hasTwoFactor(db, userId);
  const left = enabled
    ? ((await db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))))[0]?.n ?? 0)
    : 0;
  return { enabled, recoveryCodesLeft: left };
}

/** Replaces the user's recovery codes; `tx` is a write transaction's handle. */
async function newRecoveryCodes(tx: Db, userId: number): Promise<string[]> {
  const { recoveryCodes } = tx.t;
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const chars = Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return chars.match(/.{6}/g)!.join('-');
  });
  // Two regenerations at once must leave one set, not both: the second waits for the first.
  await lockRows(tx, sql`SELECT 1 FROM two_factor WHERE user_id = ${userId}`);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}

/**
 * Turns the second factor on with the key the user's app was shown, once
 * they prove it works with a current code, after re-authentication.
 * Returns the recovery codes, to be shown this once.
 */
export async function enableTwoFactor(deps: TwoFactorDeps, user: User, secret: string, code: string, reauth: Reauthentication): Promise<string[]> {
  if (await hasTwoFactor(deps.db, user.id)) throw new ConflictError({ twoFactor: ['is already on'] });
  await reauthenticate(deps, user, reauth, 'to turn on two-factor authentication');
  const now = deps.now();
  const step = acceptedStep(secret, code.trim(), now, 0);
  if (step === null) throw new InvalidError({ code: ['is not the current code from your app; check the time on your phone and try again'] });
  const codes = await write(deps.db, async (tx) => {
    const { twoFactor } = tx.t;
    // Two requests at once both pass the check above: only the first one turns it on.
    const inserted = await tx
      .insert(twoFactor)
      .values({ userId: user.id, secret, lastStep: step, enabledAt: now })
      .onConflictDoNothing()
      .returning({ userId: twoFactor.userId });
    if (inserted.length === 0) throw new ConflictError({ twoFactor: ['is already on'] });
    return newRecoveryCodes(tx, user.id);
  });
  deps.mailer.send({ to: user.email, template: 'two-factor-enabled', data: { username: user.username } });
  return codes;
}

/** New recovery codes (the old ones stop working), after re-authentication. */
export async function regenerateRecoveryCodes(deps: TwoFactorDeps, user: User, reauth: Reauthentication): Promise<string[]> {
  if (!(await hasTwoFactor(deps.db, user.id))) throw new ConflictError({ twoFactor: ['is off'] });
  await reauthenticate(deps, user, reauth, 'to make new recovery codes');
  return write(deps.db, (tx) => newRecoveryCodes(tx, user.id));
}

/** Turns the second factor off: needs the password and a code (or a recovery code), whatever the window. */
export async function disableTwoFactor(deps: TwoFactorDeps, user: User, input: { password: string; code: string }, address: string): Promise<void> {
  try {
    await confirmPassword(deps, user, input.password, address);
  } catch (error) {
    if (error instanceof InvalidCredentialsError) throw new InvalidError({ currentPassword: ['is invalid'] });
    throw error;
  }
  if (!(await verifySecondFactor(deps, user, input.code, address))) throw new InvalidError({ code: ['is invalid'] });
  await write(deps.db, async (tx) => {
    const { recoveryCodes, twoFactor } = tx.t;
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx.delete(twoFactor).where(eq(twoFactor.userId, user.id));
  });
  deps.mailer.send({ to: user.email, template: 'two-factor-disabled', data: { username: user.username } });
}
