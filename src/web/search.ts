import type { FastifyInstance, FastifyRequest } from 'fastify';
import { searchArticles } from '../domain/discovery/search.js';
import type { WebOptions } from './index.js';
import { PAGE_SIZE, pageNumber, paginate } from './pagination.js';

type SearchRequest = FastifyRequest<{ Querystring: Record<string, unknown> }>;

/** A query parameter given once, as text; anything else (absent, repeated) reads as empty. */
const single = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** The search page: the navbar's box sends its words here, as a plain GET form. */
export async function searchPages(app: FastifyInstance, { services }: WebOptions) {
  const { db } = services;

  app.get('/search', { config: { publicCache: true } }, async (request: SearchRequest, reply) => {
    const [q, tag, author] = [single(request.query.q), single(request.query.tag), single(request.query.author)];
    const page = pageNumber(request.query.page);
    const result = await searchArticles(
      db,
      { q, tag: tag || undefined, author: author || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, snippets: true },
      request.user?.id,
    );
    // Links keep the search and its filters; empty ones are left out.
    const kept = Object.fromEntries(Object.entries({ q, tag, author }).filter(([, v]) => v !== ''));
    return reply.render('search', {
      title: q ? `Search: ${q}` : 'Search',
      q,
      tag,
      author,
      searched: result.terms.length > 0,
      commonWords: result.commonWords,
      results: result.articles,
      total: result.articlesCount,
      moreMatch: result.moreMatch,
      page,
      pagination: paginate(result.articlesCount, page),
      pageBase: '/search',
      pageQuery: kept,
      pageLabel: 'Pages of results',
      hrefWith: (change: Record<string, string>) => `/search?${new URLSearchParams(Object.entries({ ...kept, ...change }).filter(([, v]) => v !== '')).toString()}`,
    });
  });
}
