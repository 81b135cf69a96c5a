import type { FastifyInstance, FastifyRequest } from 'fastify';
import { draftArticles, publishDraft } from '../domain/publishing/articles.js';
import type { PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { PAGE_SIZE, pageNumber, paginate } from './pagination.js';
import { safePath } from './safe-redirect.js';

/** The author's own drafts and scheduled articles, and publishing one now. */
export async function draftPages(app: FastifyInstance, { services }: WebOptions) {
  const { db } = services;
  const signedIn: PageAccess = { signedIn: true };

  app.get('/drafts', { config: signedIn }, async (request: FastifyRequest<{ Querystring: { page?: string } }>, reply) => {
    const page = pageNumber(request.query.page);
    const result = await draftArticles(db, request.user!.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return reply.render('drafts', {
      title: 'Drafts',
      articles: result.articles,
      timeZone: request.user!.timeZone,
      pagination: paginate(result.articlesCount, page),
      pageBase: '/drafts',
      pageQuery: {},
      returnTo: safePath(request.url),
    });
  });

  app.post('/article/:slug/publish', { config: signedIn }, async (request: FastifyRequest<{ Params: { slug: string } }>, reply) => {
    const article = await publishDraft(services, request.user!.id, request.params.slug);
    return reply.redirect(`/article/${encodeURIComponent(article.slug)}`, 303);
  });
}
