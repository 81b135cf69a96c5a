import { createHash, randomInt } from 'node:crypto';
import { and, count, eq, isNull, lt } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { Db } from '../db/connection.js';
import { recoveryCodes, twoFactor } from '../db/schema.js';
import { ConflictError, InvalidCredentialsError, InvalidError, SecondFactorError } from './errors.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Mailer } from './mail.js';
import type { PasswordHasher } from './passwords.js';
import { SITE_NAME } from './password-rules.js';
import { reauthenticate, type Reauthentication } from './reauthentication.js';
import { confirmPassword } from './sign-in.js';
import { hasTwoFactor } from './two-factor-enabled.js';

export { hasTwoFactor };
import type { User } from './users.js';

export interface TwoFactorDeps {
  db: Db;
  passwords: PasswordHasher;
  loginThrottle: LoginThrottle;
  mailer: Mailer;
  now: () => number;
}

const PERIOD_SECONDS = 30;
const RECOVERY_CODES = 10;
// No 0/O or 1/I/L: codes are read off paper and typed.
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const totpFor = (secret: string, label = 'account') =>
  new TOTP({ issuer: SITE_NAME, label, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS });

const hashCode = (code: string) => createHash('sha256').update(normaliseRecoveryCode(code)).digest('base64url');
const normaliseRecoveryCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

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

export function twoFactorStatus(db: Db, userId: number): TwoFactorStatus {
  const enabled = db.select({ userId: twoFactor.userId }).from(twoFactor).where(eq(twoFactor.userId, userId)).get() !== undefined;
  const left = enabled
    ? (db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).get()?.n ?? 0)
    : 0;
  return { enabled, recoveryCodesLeft: left };
}

/**
 * The time step of `code` if it is right for `secret` now (one step of clock
 * drift either way) and later than `afterStep`; else null. Later than the
 * last accepted step is what stops a code from being used twice.
 */
function acceptedStep(secret: string, code: string, now: number, afterStep: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
  return step > afterStep ? step : null;
}

function newRecoveryCodes(db: Pick<Db, 'insert' | 'delete'>, userId: number): string[] {
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`; // about 49 bits each
  });
  db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  db.insert(recoveryCodes)
    .values(codes.map((code) => ({ userId, codeHash: hashCode(code) })))
    .run();
  return codes;
}

/**
 * Turns the second factor on with the key the user's app was shown, once
 * they prove it works with a current code, after re-authentication.
 * Returns the recovery codes, to be shown this once.
 */
export async function enableTwoFactor(deps: TwoFactorDeps, user: User, secret: string, code: string, reauth: Reauthentication): Promise<string[]> {
  if (hasTwoFactor(deps.db, user.id)) throw new ConflictError({ twoFactor: ['is already on'] });
  await reauthenticate(deps, user, reauth, 'to turn on two-factor authentication');
  const now = deps.now();
  const step = acceptedStep(secret, code.trim(), now, 0);
  if (step === null) throw new InvalidError({ code: ['is not the current code from your app; check the time on your phone and try again'] });
  const codes = deps.db.transaction(
    (tx) => {
      tx.insert(twoFactor).values({ userId: user.id, secret, lastStep: step, enabledAt: now }).run();
      return newRecoveryCodes(tx, user.id);
    },
    { behavior: 'immediate' },
  );
  deps.mailer.send({ to: user.email, template: 'two-factor-enabled', data: { username: user.username } });
  return codes;
}

/**
 * Checks a second-factor code at sign-in: a current TOTP code not used
 * before, or an unused recovery code (then used up). Wrong codes count
 * toward the sign-in throttles of this account and address.
 */
export function verifySecondFactor(deps: TwoFactorDeps, user: User, code: string, address: string): boolean {
  const now = deps.now();
  deps.loginThrottle.check(user.email, address, now);
  const row = deps.db.select({ secret: twoFactor.secret, lastStep: twoFactor.lastStep }).from(twoFactor).where(eq(twoFactor.userId, user.id)).get();
  if (!row) return true; // nothing to check: the factor was turned off meanwhile
  const trimmed = code.trim();
  const step = acceptedStep(row.secret, trimmed, now, row.lastStep);
  // The step only moves forward, so of two requests with one code at once only one wins.
  const accepted =
    step !== null
      ? deps.db
          .update(twoFactor)
          .set({ lastStep: step })
          .where(and(eq(twoFactor.userId, user.id), lt(twoFactor.lastStep, step)))
          .run().changes === 1
      : useRecoveryCode(deps.db, user.id, trimmed, now);
  // Only now is the sign-in whole: the address's count of failures (passwords and codes) clears.
  if (accepted) deps.loginThrottle.succeed(user.email, address);
  else deps.loginThrottle.fail(user.email, address, now);
  return accepted;
}

function useRecoveryCode(db: Db, userId: number, code: string, now: number): boolean {
  if (normaliseRecoveryCode(code).length !== 10) return false;
  return (
    db
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashCode(code)), isNull(recoveryCodes.usedAt)))
      .run().changes === 1
  );
}

/** New recovery codes (the old ones stop working), after re-authentication. */
export async function regenerateRecoveryCodes(deps: TwoFactorDeps, user: User, reauth: Reauthentication): Promise<string[]> {
  if (!hasTwoFactor(deps.db, user.id)) throw new ConflictError({ twoFactor: ['is off'] });
  await reauthenticate(deps, user, reauth, 'to make new recovery codes');
  return deps.db.transaction((tx) => newRecoveryCodes(tx, user.id), { behavior: 'immediate' });
}

/** Turns the second factor off: needs the password and a code (or a recovery code), whatever the window. */
export async function disableTwoFactor(deps: TwoFactorDeps, user: User, input: { password: string; code: string }, address: string): Promise<void> {
  try {
    await confirmPassword(deps, user, input.password, address);
  } catch (error) {
    if (error instanceof InvalidCredentialsError) throw new InvalidError({ currentPassword: ['is invalid'] });
    throw error;
  }
  if (!verifySecondFactor(deps, user, input.code, address)) throw new InvalidError({ code: ['is invalid'] });
  deps.db.transaction(
    (tx) => {
      tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)).run();
      tx.delete(twoFactor).where(eq(twoFactor.userId, user.id)).run();
    },
    { behavior: 'immediate' },
  );
  deps.mailer.send({ to: user.email, template: 'two-factor-disabled', data: { username: user.username } });
}

/**
 * For sign-ins that carry the code with the password (the API's `user.otp`):
 * nothing to do without two-factor authentication, else the code must be
 * given and valid.
 */
export function requireSecondFactor(deps: TwoFactorDeps, user: User, code: unknown, address: string): void {
  if (!hasTwoFactor(deps.db, user.id)) return;
  if (typeof code !== 'string' || code.trim() === '') throw new SecondFactorError('is required');
  if (!verifySecondFactor(deps, user, code, address)) throw new SecondFactorError('is invalid');
}
