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
