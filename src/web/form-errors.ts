import type { FastifyReply } from 'fastify';
import { BlockedError, ConflictError, InvalidError, PostingLimitError, RateLimitedError, TooManyAttemptsError, type FieldErrors } from '../domain/errors.js';

const inMinutes = (seconds: number) => {
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
};

/** Turns a validation, conflict, block or throttle failure into the form's message list, or undefined for other errors. */
export function formMessages(error: unknown): string[] | undefined {
  if (error instanceof InvalidError || error instanceof ConflictError || error instanceof BlockedError) return flatten(error.fields);
  if (error instanceof PostingLimitError) {
    return [`New accounts may post ${error.perHour} ${error.what} an hour, and you have reached that. Try again in ${inMinutes(error.retryAfterSeconds)}; your text is kept below.`];
  }
  if (error instanceof TooManyAttemptsError) {
    return [`Too many failed sign-ins for this account. Try again in ${inMinutes(error.retryAfterSeconds)}.`];
  }
  if (error instanceof RateLimitedError) {
    const minutes = Math.ceil(error.retryAfterSeconds / 60);
    return [`Too many ${error.resource}s for now. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`];
  }
  return undefined;
}

/** Sets the status (and Retry-After) a form re-rendered after `error` answers with. */
export function formFailureStatus(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof BlockedError) return reply.code(403);
  if (!(error instanceof TooManyAttemptsError || error instanceof PostingLimitError || error instanceof RateLimitedError)) return reply.code(422);
  return reply.code(429).header('retry-after', String(error.retryAfterSeconds));
}

const labels: Record<string, string> = {
  comment: 'Commenting',
  follow: 'Following',
  body: 'Body',
  tagList: 'Tags',
  currentPassword: 'Current password',
  code: 'The code',
  otp: 'Authentication code',
  reason: 'Reason',
  note: 'Note',
  report: 'A report',
  publishAt: 'Publish time',
  timeZone: 'Time zone',
};

export function flatten(fields: FieldErrors): string[] {
  return Object.entries(fields).flatMap(([field, messages]) =>
    messages.map((message) => `${labels[field] ?? field} ${message}`),
  );
}
