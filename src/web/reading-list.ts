import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readingList, removeFromReadingList, saveForLater } from '../domain/publishing/reading-list.js';
import { backTo, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { PAGE_SIZE, pageNumber, paginate } from './pagination.js';
import { safePath } from './safe-redirect.js';

type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

/** "Save for later" on an article, and the reader's own /reading-list. */
export async function readingListPages(app: FastifyInstance, { services }: WebOptions) {
  const { db } = services;
  const signedIn: PageAccess = { signedIn: true };
  const articlePath = (slug: string) => `/article/${encodeURIComponent(slug)}`;

  app.get('/reading-list', { config: signedIn }, async (request: FastifyRequest<{ Querystring: { page?: string } }>, reply) => {
    const page = pageNumber(request.query.page);
    const result = await readingList(db, request.user!.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return reply.render('reading-list', {
      title: 'Reading list',
      articles: result.articles,
      pagination: paginate(result.articlesCount, page),
      pageBase: '/reading-list',
      pageQuery: {},
      returnTo: safePath(request.url),
    });
  });

  app.post('/article/:slug/save', { config: signedIn }, async (request: SlugRequest, reply) => {
    await saveForLater(services, request.user!.id, request.params.slug);
    return reply.redirect(backTo(request, articlePath(request.params.slug)), 303);
  });

  app.post('/article/:slug/unsave', { config: signedIn }, async (request: SlugRequest, reply) => {
    await removeFromReadingList(services, request.user!.id, request.params.slug);
    return reply.redirect(backTo(request, articlePath(request.params.slug)), 303);
  });
}
