import { createHash } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { Db } from '../../db/database.js';
import { rowsChanged } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import { SecondFactorError } from '../errors.js';
import type { LoginThrottle } from './login-throttle.js';
import { SITE_NAME } from './password-rules.js';
import type { User } from './users.js';

/**
 * Checking a second factor: TOTP codes (RFC 6238: SHA-1, 6 digits, 30 s,
 * one step of drift) and recovery codes. Setting the factor up and turning
 * it off are in ./two-factor-enrolment.ts.
 */
export interface SecondFactorDeps {
  db: Db;
  loginThrottle: LoginThrottle;
  now: () => number;
}

const PERIOD_SECONDS = 30;
// 24 of 31 symbols: 119 bits, so a plain SHA-256 is enough to store them (ASVS V6.5.2 asks a salted,
// slow hash only below 112 bits; a slow hash here would cost ten of them per wrong code).
export const RECOVERY_CODE_LENGTH = 24;

export const totpFor = (secret: string, label = 'account') =>
  new TOTP({ issuer: SITE_NAME, label, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS });

const normaliseRecoveryCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
export const hashRecoveryCode = (code: string) => createHash('sha256').update(normaliseRecoveryCode(code)).digest('base64url');

/** Whether the user has turned on two-factor authentication: sign-in then needs a code too. */
export async function hasTwoFactor(db: Db, userId: number): Promise<boolean> {
  const { twoFactor } = db.t;
  const [row] = await db.select({ userId: twoFactor.userId }).from(twoFactor).where(eq(twoFactor.userId, userId)).limit(1);
  return row !== undefined;
}

/**
 * The time step of `code` if it is right for `secret` now (one step of clock
 * drift either way) and later than `afterStep`; else null. Later than the
 * last accepted step is what stops a code from being used twice.
 */
export function acceptedStep(secret: string, code: string, now: number, afterStep: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
  return step > afterStep ? step : null;
}

/**
 * Checks a second-factor code at sign-in: a current TOTP code not used
 * before, or an unused recovery code (then used up). Wrong codes count
 * toward the sign-in throttles of this account and address.
 */
export async function verifySecondFactor(deps: SecondFactorDeps, user: User, code: string, address: string): Promise<boolean> {
  const now = deps.now();
  await deps.loginThrottle.attempt(user.email, address, now);
  const { twoFactor } = deps.db.t;
  const [row] = await deps.db
    .select({ secret: twoFactor.secret, lastStep: twoFactor.lastStep })
    .from(twoFactor)
    .where(eq(twoFactor.userId, user.id))
    .limit(1);
  if (!row) return true; // nothing to check: the factor was turned off meanwhile
  const trimmed = code.trim();
  const step = acceptedStep(row.secret, trimmed, now, row.lastStep);
  // The step only moves forward, so of two requests with one code at once only one wins.
  const accepted =
    step !== null
      ? await write(deps.db, async (tx) => {
          const { twoFactor } = tx.t;
          const moved = await tx
            .update(twoFactor)
            .set({ lastStep: step })
            .where(and(eq(twoFactor.userId, user.id), lt(twoFactor.lastStep, step)));
          return rowsChanged(moved) === 1;
        })
      : await useRecoveryCode(deps.db, user.id, trimmed, now);
  // Only now is the sign-in whole: the address's count of failures (passwords and codes) clears.
  if (accepted) await deps.loginThrottle.succeed(user.email, address, now);
  return accepted;
}

async function useRecoveryCode(db: Db, userId: number, code: string, now: number): Promise<boolean> {
  if (normaliseRecoveryCode(code).length !== RECOVERY_CODE_LENGTH) return false;
  return write(db, async (tx) => {
    const { recoveryCodes } = tx.t;
    const used = await tx
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)));
    return rowsChanged(used) === 1;
  });
}

/**
 * For sign-ins that carry the code with the password (the API's `user.otp`):
 * nothing to do without two-factor authentication, else the code must be
 * given and valid.
 */
export async function requireSecondFactor(deps: SecondFactorDeps, user: User, code: unknown, address: string): Promise<void> {
  if (!(await hasTwoFactor(deps.db, user.id))) return;
  if (typeof code !== 'string' || code.trim() === '') throw new SecondFactorError('is required');
  if (!(await verifySecondFactor(deps, user, code, address))) throw new SecondFactorError('is invalid');
}
