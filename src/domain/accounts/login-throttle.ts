import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import { deleteCounter, hitCounter, undoHit } from '../../db/counters.js';
import { TooManyAttemptsError } from '../errors.js';

export interface LoginThrottleLimits {
  /** Failures on one account from one address before that pair pauses for `pauseMs`. */
  perAddress: number;
  /** Failures on one account from anywhere within `ceilingMs` before the account pauses. */
  perAccount: number;
  pauseMs?: number;
  ceilingMs?: number;
}

/**
 * Counts password and code checks (sign-ins and re-authentication) two ways
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

  /**
   * Counts an attempt before the password or code is checked, and throws
   * TooManyAttemptsError when it is over either limit. Counting first, in
   * one atomic statement per counter, is what stops a burst of requests sent
   * at once from all being checked before any of them is counted. An attempt
   * stays counted as a failure unless `succeed` takes it back.
   */
  async attempt(email: string, address: string, now: number): Promise<void> {
    const keys = keysFor(email, address);
    // Both counts in one write: each hit is still its own atomic upsert.
    const [pair, account] = await write(this.db, async (tx) => [
      await hitCounter(tx, keys.pair, this.pauseMs, now),
      await hitCounter(tx, keys.account, this.ceilingMs, now),
    ]);
    for (const [counter, max] of [
      [pair, this.limits.perAddress],
      [account, this.limits.perAccount],
    ] as const) {
      if (counter.count > max) throw new TooManyAttemptsError(Math.ceil((counter.resetAt - now) / 1000));
    }
  }

  /**
   * A right password with a code still to come: this attempt is taken back,
   * but failures so far (wrong codes among them) keep counting until the code.
   */
  async release(email: string, address: string, now: number): Promise<void> {
    const keys = keysFor(email, address);
    await write(this.db, async (tx) => {
      await undoHit(tx, keys.pair, now);
      await undoHit(tx, keys.account, now);
    });
  }

  /**
   * The sign-in is whole: this address's count clears, and this attempt no
   * longer counts toward the account's hourly ceiling; earlier failures do.
   */
  async succeed(email: string, address: string, now: number): Promise<void> {
    const keys = keysFor(email, address);
    await write(this.db, async (tx) => {
      await deleteCounter(tx, keys.pair);
      await undoHit(tx, keys.account, now);
    });
  }
}

function keysFor(email: string, address: string) {
  const account = email.trim().toLowerCase();
  return { pair: `login-failures:${account}:${address}`, account: `login-failures-hour:${account}` };
}
