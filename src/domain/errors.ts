import { isForeignKeyViolation, isUniqueViolation } from '../db/sql.js';

/**
 * Domain failures. Each face maps them once: pages re-render a form or show
 * the 403/404 page; the API answers {"errors": {...}} with the RealWorld status.
 */
export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {}

/** Input that breaks a rule; `fields` maps each field to its messages. */
export class InvalidError extends DomainError {
  constructor(readonly fields: FieldErrors) {
    super('invalid input');
  }
}

/** A unique value (username, email) that someone already has. */
export class ConflictError extends DomainError {
  constructor(readonly fields: FieldErrors) {
    super('conflict');
  }
}

export class NotFoundError extends DomainError {
  constructor(readonly resource: string) {
    super(`${resource} not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(readonly resource: string) {
    super(`${resource} forbidden`);
  }
}

/**
 * Something another person's block refuses (docs/decisions/0025): commenting
 * on their articles, following them. `fields` say what, for both faces.
 */
export class BlockedError extends DomainError {
  constructor(readonly fields: FieldErrors) {
    super('blocked');
  }
}

/**
 * Past the number of articles or comments an account of this age may post
 * in an hour (docs/decisions/0026); `retryAfterSeconds` tells when the
 * oldest of them leaves the hour.
 */
export class PostingLimitError extends DomainError {
  constructor(
    readonly what: 'articles' | 'comments',
    readonly perHour: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`posting limit for ${what}`);
  }
}

/** Too many of one kind of write in a window (reports): `retryAfterSeconds` tells when to try again. */
export class RateLimitedError extends DomainError {
  constructor(
    readonly resource: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`too many ${resource}s`);
  }
}

/** A write by a suspended account: until when (null: until lifted) and why. */
export class SuspendedError extends DomainError {
  constructor(
    readonly until: number | null,
    readonly reason: string,
  ) {
    super('account suspended');
  }
}

/** Wrong email or password; deliberately says nothing about which. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('invalid credentials');
  }
}

/** Too many failed sign-ins for one account; `retryAfterSeconds` tells when to try again. */
export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('too many attempts');
  }
}

/** A right password for an account with two-factor authentication, without a valid code. */
export class SecondFactorError extends DomainError {
  constructor(readonly reason: 'is required' | 'is invalid') {
    super(`second factor ${reason}`);
  }
}

/**
 * A constraint the database enforced that no domain rule caught first: two
 * requests raced for one unique value, or one deleted what the other was
 * writing about. Either way the request lost a race, not the server: both
 * faces answer it as a conflict (409), never a 500.
 */
export function raceLost(error: unknown): ConflictError | undefined {
  if (isUniqueViolation(error)) return new ConflictError({ request: ['conflicts with a change made at the same moment; please try again'] });
  if (isForeignKeyViolation(error)) return new ConflictError({ request: ['refers to something deleted at the same moment'] });
  return undefined;
}
