import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readLog } from '../domain/moderation/moderation-log.js';
import type { PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { pageNumber, paginate } from './pagination.js';

/** Log entries a page. */
const LOG_PAGE = 50;

type PageRequest = FastifyRequest<{ Querystring: { page?: string } }>;

/** The moderation pages: the log of every action. Who may see each is decided by the domain function it calls. */
export async function moderationPages(app: FastifyInstance, { services }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };

  app.get('/moderation/log', { config: signedIn }, async (request: PageRequest, reply) => {
    const page = pageNumber(request.query.page);
    const { entries, total } = await readLog(services.db, request.user!, { limit: LOG_PAGE, offset: (page - 1) * LOG_PAGE });
    return reply.render('moderation-log', {
      title: 'Moderation log',
      entries,
      pagination: paginate(total, page, LOG_PAGE),
      pageBase: '/moderation/log',
      pageQuery: {},
      pageLabel: 'Log pages',
    });
  });
}
