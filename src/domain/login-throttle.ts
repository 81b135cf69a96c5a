import { TooManyAttemptsError } from './errors.js';

/**
 * Counts failed sign-ins per account (by normalised email) in a fixed window,
 * so one account cannot be guessed at from many addresses. Kept in memory:
 * one process serves the site, and a restart forgetting counts is harmless.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  /** Throws TooManyAttemptsError while the account is paused. */
  check(email: string, now = Date.now()): void {
    const entry = this.failures.get(key(email));
    if (entry && entry.resetAt > now && entry.count >= this.maxFailures) {
      throw new TooManyAttemptsError(Math.ceil((entry.resetAt - now) / 1000));
    }
  }

  fail(email: string, now = Date.now()): void {
    const k = key(email);
    const entry = this.failures.get(k);
    if (!entry || entry.resetAt <= now) {
      this.prune(now);
      this.failures.set(k, { count: 1, resetAt: now + this.windowMs });
    } else {
      entry.count++;
    }
  }

  succeed(email: string): void {
    this.failures.delete(key(email));
  }

  private prune(now: number): void {
    if (this.failures.size < 10_000) return;
    for (const [k, entry] of this.failures) if (entry.resetAt <= now) this.failures.delete(k);
  }
}

const key = (email: string) => email.trim().toLowerCase();
