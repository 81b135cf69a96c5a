import type { FastifyInstance } from 'fastify';
import type { WebOptions } from './index.js';

/** Home, articles, editor and profiles. */
export async function sitePages(app: FastifyInstance, _opts: WebOptions) {
  app.get('/', async (_request, reply) => reply.render('home', { title: 'Home' }));
}
