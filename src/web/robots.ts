import type { FastifyInstance } from 'fastify';
import type { PublicAddress } from './public-address.js';

/**
 * Pages no crawler should index: forms, a reader's own pages, and what
 * answers only to a session. The pages themselves are still guarded; this
 * only keeps them out of search results.
 */
export const PRIVATE_PATHS = ['/settings', '/editor', '/login', '/register', '/logout', '/forgot', '/reset/', '/?feed=following', '/dev/', '/api/'];

/** /robots.txt: everything else may be crawled, and the sitemap says where (by PUBLIC_URL, when known). */
export async function robotsRoute(app: FastifyInstance, { address }: { address: PublicAddress | undefined }) {
  const lines = ['User-agent: *', ...PRIVATE_PATHS.map((path) => `Disallow: ${path}`)];
  if (address) lines.push('', `Sitemap: ${address.url('/sitemap.xml')}`);
  const text = `${lines.join('\n')}\n`;
  app.get('/robots.txt', (_request, reply) => reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(text));
}
