import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountChangedSince, findUserById, type User } from '../domain/accounts/users.js';
import type { Services } from '../services.js';
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

/** How long the code step may wait after the password (or a reset link). */
const PENDING_SIGN_IN_MS = 5 * 60 * 1000;

/**
 * For users with two-factor authentication: the first step was right, and
 * the session is only made after the code. The pending step lives in a new
 * session (no fixation) for 5 minutes.
 */
export async function startPendingSignIn(request: FastifyRequest, reply: FastifyReply, user: User, now: number) {
  const returnTo = request.session.returnTo;
  await request.session.regenerate();
  if (returnTo !== undefined) request.session.returnTo = returnTo;
  request.session.pendingSignIn = { userId: user.id, at: now };
  return reply.redirect('/login/code', 303);
}

/** The user whose sign-in waits for a code, if it has not expired. */
export async function pendingSignInUser(request: FastifyRequest, services: Services): Promise<User | undefined> {
  const pending = request.session.pendingSignIn;
  if (!pending || services.now() - pending.at >= PENDING_SIGN_IN_MS) return undefined;
  // A password changed or reset since the first step voids it.
  if (await accountChangedSince(services.db, pending.userId, pending.at)) return undefined;
  return findUserById(services.db, pending.userId);
}
