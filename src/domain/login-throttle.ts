import type { Db } from '../db/connection.js';
import { deleteCounter, hitCounter, readCounter } from './counters.js';
import { TooManyAttemptsError } from './errors.js';

/**
 * Counts failed sign-ins per account (by normalised email) in a fixed window,
 * so one account cannot be guessed at from many addresses. The counts live in
 * the database: with several processes serving the site, a count kept in each
 * would let an attacker try N times as many passwords.
 */
export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly maxFailures: number,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  /** Throws TooManyAttemptsError while the account is paused. */
  check(email: string, now = Date.now()): void {
    const failures = readCounter(this.db, key(email), now);
    if (failures && failures.count >= this.maxFailures) {
      throw new TooManyAttemptsError(Math.ceil((failures.resetAt - now) / 1000));
    }
  }

  fail(email: string, now = Date.now()): void {
    hitCounter(this.db, key(email), this.windowMs, now);
  }

  succeed(email: string): void {
    deleteCounter(this.db, key(email));
  }
}

const key = (email: string) => `login-failures:${email.trim().toLowerCase()}`;
