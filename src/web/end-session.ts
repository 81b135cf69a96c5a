import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../plugins/session.js';

/**
 * Signs this browser out: the session row goes, the cookie is cleared, and
 * the browser is told to drop what it cached and every cookie of this site,
 * so Back cannot show a signed-in page again (ASVS V14.3.1).
 */
export async function endSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await request.session.destroy();
  // Secure over https: browsers refuse to clear a __Host- cookie without it.
  reply.clearCookie(SESSION_COOKIE, { path: '/', secure: request.protocol === 'https' });
  reply.header('clear-site-data', '"cache", "cookies"');
}
