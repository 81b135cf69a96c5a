import type { FastifyInstance } from 'fastify';
import {
  createArticle,
  deleteArticle,
  favoriteArticle,
  feedArticles,
  getArticle,
  listArticles,
  unfavoriteArticle,
  updateArticle,
} from '../domain/publishing/articles.js';
import { searchArticles } from '../domain/discovery/search.js';
import { signedIn, viewerId } from './auth.js';
import type { ApiContext } from './index.js';
import { presentArticle, presentArticles } from './presenters.js';
import { articleInput, listQuery, pageQuery } from './schemas.js';

type BySlug = { Params: { slug: string } };

/** Articles and favorites. `/articles/feed` is a static route, so it always wins over `/articles/:slug`. */
export async function articleRoutes(app: FastifyInstance, { services, auth }: ApiContext) {
  const { db } = services;
  // `q` searches (in relevance order, with the same filters and paging); without it, the RealWorld list as specified.
  app.get('/articles', { onRequest: auth.optional, config: { publicCache: true } }, async (request) => {
    const { q, ...filter } = listQuery(request.query);
    const found = q === undefined ? await listArticles(db, filter, viewerId(request)) : await searchArticles(db, { q, ...filter }, viewerId(request));
    return presentArticles(found);
  });

  app.get('/articles/feed', { onRequest: auth.required }, async (request) =>
    presentArticles(await feedArticles(db, signedIn(request).user.id, pageQuery(request.query))),
  );

  app.get<BySlug>('/articles/:slug', { onRequest: auth.optional, config: { publicCache: true } }, async (request) =>
    presentArticle(await getArticle(db, request.params.slug, viewerId(request))),
  );

  app.post('/articles', { onRequest: auth.required }, async (request, reply) => {
    const article = await createArticle(services, signedIn(request).user.id, articleInput(request.body));
    return reply.code(201).send(presentArticle(article));
  });

  app.put<BySlug>('/articles/:slug', { onRequest: auth.required }, async (request) =>
    presentArticle(await updateArticle(services, signedIn(request).user.id, request.params.slug, articleInput(request.body))),
  );

  app.delete<BySlug>('/articles/:slug', { onRequest: auth.required }, async (request, reply) => {
    await deleteArticle(services, signedIn(request).user.id, request.params.slug);
    return reply.code(204).send();
  });

  app.post<BySlug>('/articles/:slug/favorite', { onRequest: auth.required }, async (request) =>
    presentArticle(await favoriteArticle(services, signedIn(request).user.id, request.params.slug)),
  );

  app.delete<BySlug>('/articles/:slug/favorite', { onRequest: auth.required }, async (request) =>
    presentArticle(await unfavoriteArticle(services, signedIn(request).user.id, request.params.slug)),
  );
}
