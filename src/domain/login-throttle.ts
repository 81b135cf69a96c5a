import type { Db } from '../db/connection.js';
import { deleteCounter, hitCounter, readCounter } from './counters.js';
import { TooManyAttemptsError } from './errors.js';

export interface LoginThrottleLimits {
  /** Failures on one account from one address before that pair pauses for `pauseMs`. */
  perAddress: number;
  /** Failures on one account from anywhere within `ceilingMs` before the account pauses. */
  perAccount: number;
  pauseMs?: number;
  ceilingMs?: number;
}

/**
 * Counts failed password checks (sign-ins and re-authentication) two ways
 * (docs/decisions/0003):
 * - per account and address: someone guessing from one address pauses
 *   there, while the owner signing in from elsewhere is not locked out;
 * - per account, from any address, with a much higher ceiling: many
 *   addresses together still cannot guess far.
 * The counts live in the database, shared by every process serving the site.
 */
export class LoginThrottle {
  private readonly pauseMs: number;
  private readonly ceilingMs: number;

  constructor(
    private readonly db: Db,
    private readonly limits: LoginThrottleLimits,
  ) {
    this.pauseMs = limits.pauseMs ?? 15 * 60 * 1000;
    this.ceilingMs = limits.ceilingMs ?? 60 * 60 * 1000;
  }

  /** Throws TooManyAttemptsError while this account is paused for this address, or everywhere. */
  check(email: string, address: string, now = Date.now()): void {
    const keys = keysFor(email, address);
    for (const [key, max] of [
      [keys.pair, this.limits.perAddress],
      [keys.account, this.limits.perAccount],
    ] as const) {
      const failures = readCounter(this.db, key, now);
      if (failures && failures.count >= max) throw new TooManyAttemptsError(Math.ceil((failures.resetAt - now) / 1000));
    }
  }

  fail(email: string, address: string, now = Date.now()): void {
    const keys = keysFor(email, address);
    hitCounter(this.db, keys.pair, this.pauseMs, now);
    hitCounter(this.db, keys.account, this.ceilingMs, now);
  }

  /** The right password from this address clears its count; the account-wide count runs its hour out. */
  succeed(email: string, address: string): void {
    deleteCounter(this.db, keysFor(email, address).pair);
  }
}

function keysFor(email: string, address: string) {
  const account = email.trim().toLowerCase();
  return { pair: `login-failures:${account}:${address}`, account: `login-failures-hour:${account}` };
}
