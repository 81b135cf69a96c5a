import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { deleteArticle, getArticle, isArticleAuthor } from '../domain/publishing/articles.js';
import { addComment, commentPage, deleteComment, hiddenComments } from '../domain/publishing/comments.js';
import { isModerator } from '../domain/moderation/permissions.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { bodyField, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { renderMarkdown } from './markdown.js';
import { fediverseOnArticle } from './fediverse-replies.js';
import { articleLinksTrusted } from '../domain/anti-abuse/link-trust.js';
import { articleMeta } from './page-meta.js';
import { isSaved } from '../domain/publishing/reading-list.js';
import { pageNumber, paginate } from './pagination.js';
import { isArticleMuted } from '../domain/notifications/article-mutes.js';
import { articleIdForSlug } from '../domain/publishing/article-writes.js';

/** Comments shown per page of an article, newest first: a page costs the same with a thousand comments. */
const COMMENTS_PER_PAGE = 20;

type SlugRequest = FastifyRequest<{ Params: { slug: string }; Querystring: { page?: string } }>;

/** The article page, its comments, and deleting either. */
export async function articlePages(app: FastifyInstance, { services, address }: WebOptions) {
  const { db } = services;
  const signedIn: PageAccess = { signedIn: true };
  const articlePath = (slug: string) => `/article/${encodeURIComponent(slug)}`;

  async function renderArticle(request: SlugRequest, reply: FastifyReply, form: { errors?: string[]; comment?: string } = {}) {
    const viewerId = request.user?.id;
    const article = await getArticle(db, request.params.slug, viewerId);
    const page = pageNumber(request.query.page);
    const comments = await commentPage(db, article.slug, viewerId, { limit: COMMENTS_PER_PAGE, offset: (page - 1) * COMMENTS_PER_PAGE });
    return reply.render('article', {
      title: article.title,
      meta: articleMeta(address, article),
      article,
      html: renderMarkdown(article.body, { linksTrusted: await articleLinksTrusted(db, article.slug, request.user?.id, services.now()) }),
      comments: comments.comments,
      // Hidden comments the viewer may see (their own, or all for a moderator), shown apart and marked.
      hiddenComments: await hiddenComments(db, article.slug, viewerId),
      moderator: isModerator(request.user),
      pagination: paginate(comments.total, page, COMMENTS_PER_PAGE),
      pageBase: articlePath(article.slug),
      pageQuery: {},
      pageLabel: 'Comment pages',
      isAuthor: await isArticleAuthor(db, article.slug, viewerId),
      // Private to the reader: pages for signed-out readers (the ones kept) never show it.
      saved: await isSaved(db, viewerId, article.slug),
      // Read only for a signed-in reader, whose page is never kept.
      notificationsMuted: viewerId !== undefined && (await isArticleMuted(db, viewerId, await articleIdForSlug(db, article.slug))),
      errors: form.errors,
      commentDraft: form.comment ?? '',
      // Favorites, boosts and replies from the fediverse (src/web/fediverse-replies.ts).
      fediverse: await fediverseOnArticle(db, article.slug, request.user ?? undefined),
    });
  }

  app.get('/article/:slug', { config: { publicCache: true } }, async (request: SlugRequest, reply) => renderArticle(request, reply));

  app.post('/article/:slug/delete', { config: signedIn }, async (request: SlugRequest, reply) => {
    await deleteArticle(services, request.user!.id, request.params.slug);
    return reply.redirect('/', 303);
  });

  app.post('/article/:slug/comments', { config: signedIn }, async (request: SlugRequest, reply) => {
    const body = bodyField(request, 'body');
    try {
      await addComment(services, request.user!.id, request.params.slug, { body });
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      // 422 for a bad comment, 403 when the article's author blocks the commenter, 429 past the hour's limit.
      formFailureStatus(reply, error);
      return renderArticle(request, reply, { errors, comment: typeof body === 'string' ? body : '' });
    }
    return reply.redirect(articlePath(request.params.slug), 303);
  });

  app.post(
    '/article/:slug/comments/:id/delete',
    { config: signedIn },
    async (request: FastifyRequest<{ Params: { slug: string; id: string } }>, reply) => {
      const id = Number(request.params.id);
      if (!Number.isSafeInteger(id) || id < 1) return reply.callNotFound();
      await deleteComment(services, request.user!.id, request.params.slug, id);
      return reply.redirect(articlePath(request.params.slug), 303);
    },
  );
}
