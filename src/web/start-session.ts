import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../domain/users.js';
import { safePath } from './safe-redirect.js';

/**
 * Signs `user` in on this browser: a new session id (no fixation), noting
 * when and from where for the sessions page; then back to where the visitor
 * was going, or home.
 */
export async function startSession(request: FastifyRequest, reply: FastifyReply, user: User, now: number) {
  const returnTo = safePath(request.session.returnTo);
  await request.session.regenerate();
  request.session.userId = user.id;
  request.session.signedInAt = now;
  request.session.address = request.ip;
  const userAgent = request.headers['user-agent'];
  if (userAgent) request.session.userAgent = userAgent.slice(0, 512);
  return reply.redirect(returnTo, 303);
}
