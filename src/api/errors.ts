import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  BlockedError,
  ConflictError,
  ForbiddenError,
  InvalidCredentialsError,
  InvalidError,
  NotFoundError,
  PostingLimitError,
  raceLost,
  SecondFactorError,
  RateLimitedError,
  SuspendedError,
  TooManyAttemptsError,
  type FieldErrors,
} from '../domain/errors.js';

/** No usable token on a route that needs one. Raised by the auth hooks, mapped below. */
export class UnauthorizedError extends Error {
  constructor(readonly reason: 'is missing' | 'is invalid') {
    super(`token ${reason}`);
  }
}

/** A request body the API cannot read (not JSON). */
export class UnsupportedMediaTypeError extends Error {
  readonly statusCode = 415;
  constructor() {
    super('Unsupported Media Type');
  }
}

export interface ApiError {
  status: number;
  errors: FieldErrors;
}

const statusOf = (error: Error): number | undefined => {
  const status = (error as Partial<FastifyError>).statusCode;
  return typeof status === 'number' ? status : undefined;
};

/** Every failure the API can meet, as a RealWorld status and `errors` body. The only such mapping. */
export function toApiError(thrown: Error): ApiError {
  const error = raceLost(thrown) ?? thrown;
  if (error instanceof UnauthorizedError) return { status: 401, errors: { token: [error.reason] } };
  if (error instanceof InvalidCredentialsError) return { status: 401, errors: { credentials: ['invalid'] } };
  if (error instanceof SecondFactorError) return { status: 401, errors: { otp: [error.reason] } };
  if (error instanceof TooManyAttemptsError) {
    const minutes = Math.ceil(error.retryAfterSeconds / 60);
    return { status: 429, errors: { credentials: [`too many failed attempts, try again in ${minutes} minutes`] } };
  }
  if (error instanceof PostingLimitError) {
    const minutes = Math.ceil(error.retryAfterSeconds / 60);
    const field = error.what === 'articles' ? 'article' : 'comment';
    return { status: 429, errors: { [field]: [`is over the limit for this account (${error.perHour} ${error.what} an hour while it is new), try again in ${minutes} minutes`] } };
  }
  if (error instanceof BlockedError) return { status: 403, errors: error.fields };
  if (error instanceof InvalidError) return { status: 422, errors: error.fields };
  if (error instanceof ConflictError) return { status: 409, errors: error.fields };
  if (error instanceof NotFoundError) return { status: 404, errors: { [error.resource]: ['not found'] } };
  if (error instanceof ForbiddenError) return { status: 403, errors: { [error.resource]: ['forbidden'] } };
  if (error instanceof RateLimitedError) {
    const minutes = Math.ceil(error.retryAfterSeconds / 60);
    return { status: 429, errors: { [error.resource]: [`too many, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`] } };
  }
  if (error instanceof SuspendedError) {
    return { status: 403, errors: { account: [`is suspended until ${error.until === null ? 'lifted' : new Date(error.until).toISOString()}`] } };
  }

  // Framework and plugin errors carry their own 4xx status; their messages are safe to show.
  const status = statusOf(error);
  if (status === undefined || status < 400 || status >= 500) return { status: 500, errors: { server: ['internal error'] } };
  const code = (error as Partial<FastifyError>).code;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY') return { status, errors: { body: ['is not valid JSON'] } };
  if (status === 413) return { status, errors: { body: ['is too large'] } };
  if (status === 415) return { status, errors: { 'content-type': ['must be application/json'] } };
  // Rate limits and other framework refusals keep their own message.
  return { status, errors: { request: [error.message] } };
}

/** The /api scope's error handler: headers that go with some statuses, and a log line for every 500. */
export function apiErrorHandler(error: Error, request: FastifyRequest, reply: FastifyReply) {
  const { status, errors } = toApiError(error);
  if (status >= 500) request.log.error({ err: error }, 'api request failed');
  if (error instanceof UnauthorizedError) reply.header('www-authenticate', 'Token');
  if (error instanceof TooManyAttemptsError || error instanceof PostingLimitError || error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.code(status).send({ errors });
}
