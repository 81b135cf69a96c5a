import type { FastifyInstance } from 'fastify';
import type { Database } from './db/database.js';

export const HEALTH_PATH = '/healthz';

/** Longer than this and the database counts as down: a load balancer should not wait on it. */
const PING_TIMEOUT_MS = 2_000;

/**
 * For load balancers: 200 while the database answers, 503 when it does not.
 * One trivial query, no session, never cached, never rate-limited.
 */
export async function healthRoute(app: FastifyInstance, opts: { database: Database }) {
  app.get(HEALTH_PATH, { config: { rateLimit: false } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([opts.database.ping(), timeout]);
      return { status: 'ok' };
    } catch (err) {
      reply.log.warn({ err }, 'health check: the database does not answer');
      return reply.code(503).send({ status: 'unavailable' });
    } finally {
      clearTimeout(timer);
    }
  });
}
