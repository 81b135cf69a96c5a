import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { BlockedError, ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError, raceLost, SuspendedError } from '../domain/errors.js';
import { suspensionNotice } from './view-helpers.js';
import { flatten } from './form-errors.js';

export function renderNotFound(reply: FastifyReply, what = 'page') {
  return reply.code(404).render('errors/not-found', { title: 'Not found', what });
}

/** What a 403 page says, by what the domain refused. */
const forbiddenMessages: Record<string, string> = {
  moderation: 'This is for moderators and admins only.',
  admin: 'This is for admins only.',
};

export function renderForbidden(reply: FastifyReply, resource = '') {
  return reply.code(403).render('errors/forbidden', {
    title: 'Forbidden',
    message: forbiddenMessages[resource] ?? "You don't have permission to do that: it belongs to someone else.",
  });
}

/**
 * One mapping from failures to pages: 404 and 403 pages for domain errors,
 * a clear 403 for a missing or stale CSRF token, the framework's 4xx with
 * its message, and a 500 page that never shows internals in production.
 */
export function handlePageError(thrown: FastifyError | Error, request: FastifyRequest, reply: FastifyReply, config: Config) {
  const error = raceLost(thrown) ?? thrown;
  if (error instanceof NotFoundError) return renderNotFound(reply, error.resource);
  if (error instanceof ForbiddenError) return renderForbidden(reply, error.resource);
  if (error instanceof SuspendedError) {
    return reply.code(403).render('errors/forbidden', { title: 'Account suspended', message: suspensionNotice(error) });
  }
  // Outside a form (a Follow button): the 403 page says what the block refused.
  if (error instanceof BlockedError) return reply.code(403).render('errors/forbidden', { title: 'Not possible', message: `${flatten(error.fields).join('. ')}.` });
  // Forms re-render themselves; this is for a rule broken outside one (e.g. following yourself).
  if (error instanceof InvalidError || error instanceof ConflictError) {
    const status = error instanceof InvalidError ? 422 : 409;
    return reply.code(status).render('errors/error', { title: 'Not possible', status, message: flatten(error.fields).join('. ') });
  }
  const code = 'code' in error ? error.code : undefined;
  if (code === 'FST_CSRF_MISSING_SECRET' || code === 'FST_CSRF_INVALID_TOKEN') {
    return reply.code(403).render('errors/forbidden', {
      title: 'Form expired',
      message:
        'This form has expired or was not sent from this site. Go back, reload the page and try again.',
    });
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status === 429) {
    return reply.code(429).render('errors/error', {
      title: 'Too many requests',
      status,
      message: 'Too many attempts. Please wait a minute and try again.',
    });
  }
  if (status >= 400 && status < 500 && !(error instanceof DomainError)) {
    return reply.code(status).render('errors/error', { title: 'Bad request', status, message: error.message });
  }
  request.log.error({ err: error }, 'page failed');
  return reply.code(500).render('errors/error', {
    title: 'Something went wrong',
    status: 500,
    message: `Something went wrong on our side. Please try again. (Reference: ${request.id})`,
    detail: config.env === 'development' ? error.stack : undefined,
  });
}
