import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { feedArticles, listArticles, type ArticlePage } from '../domain/publishing/articles.js';
import { popularTags } from '../domain/publishing/tags.js';
import { followsTag } from '../domain/publishing/followed-tags.js';
import { homeMeta, tagMeta } from './page-meta.js';
import { sendToLogin } from './guards.js';
import type { WebOptions } from './index.js';
import { PAGE_SIZE, pageNumber, paginate } from './pagination.js';
import { safePath } from './safe-redirect.js';

type HomeRequest = FastifyRequest<{ Querystring: { page?: string; feed?: string } }>;

/** The home page's three feeds: global, the viewer's own, and one tag. */
export async function homePages(app: FastifyInstance, { services, address }: WebOptions) {
  const { db } = services;

  async function renderHome(request: FastifyRequest, reply: FastifyReply, tab: 'global' | 'following' | 'tag', result: ArticlePage, page: number, extra: {
    tag?: string;
    pageBase: string;
    pageQuery?: Record<string, string>;
  }) {
    return reply.render('home', {
      title: extra.tag ? `#${extra.tag}` : tab === 'following' ? 'Your Feed' : 'Home',
      // Your Feed is one reader's: no feed or canonical address to offer.
      meta: extra.tag !== undefined ? tagMeta(address, extra.tag, page) : tab === 'global' ? homeMeta(address, page) : undefined,
      tab,
      tag: extra.tag,
      articles: result.articles,
      pagination: paginate(result.articlesCount, page),
      pageBase: extra.pageBase,
      pageQuery: extra.pageQuery ?? {},
      popularTags: await popularTags(db),
      // A tag's page offers to follow it (signed out, the button leads to sign-in).
      followingTag: extra.tag !== undefined && (await followsTag(db, request.user?.id, extra.tag)),
      // The forms on the page come back here, page number and feed included.
      returnTo: safePath(request.url),
    });
  }

  app.get('/', { config: { publicCache: true } }, async (request: HomeRequest, reply) => {
    const page = pageNumber(request.query.page);
    const window = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
    const viewerId = request.user?.id;
    if (request.query.feed === 'following') {
      if (viewerId === undefined) return sendToLogin(request, reply);
      const result = await feedArticles(db, viewerId, window);
      return renderHome(request, reply, 'following', result, page, { pageBase: '/', pageQuery: { feed: 'following' } });
    }
    // The global feed's page links are bare "?page=N", as other Conduits write them.
    return renderHome(request, reply, 'global', await listArticles(db, window, viewerId), page, { pageBase: '' });
  });

  app.get('/tag/:tag', { config: { publicCache: true } }, async (request: FastifyRequest<{ Params: { tag: string }; Querystring: { page?: string } }>, reply) => {
    const { tag } = request.params;
    const page = pageNumber(request.query.page);
    const result = await listArticles(db, { tag, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, request.user?.id);
    return renderHome(request, reply, 'tag', result, page, { tag, pageBase: `/tag/${encodeURIComponent(tag)}` });
  });
}
