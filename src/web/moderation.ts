import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hideArticle, hideComment, unhideArticle, unhideComment } from '../domain/moderation/hiding.js';
import { readLog } from '../domain/moderation/moderation-log.js';
import { dismissReports, reportQueue } from '../domain/moderation/moderation-queue.js';
import { deleteSpamAccount } from '../domain/moderation/account-removal.js';
import { suspendUser, unsuspendUser } from '../domain/moderation/suspension.js';
import { WAITING_LISTED, waitingRemoteComments } from '../domain/federation/remote-comments.js';
import { shownRemoteComment } from './fediverse-replies.js';
import { backTo, bodyField, text, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { pageNumber, paginate } from './pagination.js';

/** Log entries a page. */
const LOG_PAGE = 50;

type PageRequest = FastifyRequest<{ Querystring: { page?: string } }>;
type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;
type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type UserRequest = FastifyRequest<{ Params: { username: string } }>;

/** The form's note, as the domain reads it (`{ note }`). */
const noteOf = (request: FastifyRequest) => ({ note: bodyField(request, 'note') });

/** The moderation pages: the log of every action. Who may see each is decided by the domain function it calls. */
export async function moderationPages(app: FastifyInstance, { services }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };

  app.get('/moderation', { config: signedIn }, async (request: PageRequest, reply) => {
    const groups = await reportQueue(services.db, request.user!);
    // Replies from the fediverse waiting on any article, a page of them (`page`): the article's page shows each article's alone.
    const page = pageNumber(request.query.page);
    const { replies, total } = await waitingRemoteComments(services.db, request.user!, { limit: WAITING_LISTED, offset: (page - 1) * WAITING_LISTED });
    return reply.render('moderation-queue', {
      title: 'Moderation',
      groups,
      waiting: replies.map(shownRemoteComment),
      waitingTotal: total,
      returnTo: page === 1 ? '/moderation' : `/moderation?page=${page}`,
      pagination: paginate(total, page, WAITING_LISTED),
      pageBase: '/moderation',
      pageQuery: {},
      pageLabel: 'Pages of waiting replies',
    });
  });

  app.post('/moderation/reports/:type/:id/dismiss', { config: signedIn }, async (request: FastifyRequest<{ Params: { type: string; id: string } }>, reply) => {
    await dismissReports(services, request.user!, request.params, noteOf(request));
    return reply.redirect(backTo(request, '/moderation'), 303);
  });

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

  for (const [action, act] of [
    ['hide', hideArticle],
    ['unhide', unhideArticle],
  ] as const) {
    app.post(`/moderation/articles/:slug/${action}`, { config: signedIn }, async (request: SlugRequest, reply) => {
      await act(services, request.user!, request.params.slug, noteOf(request));
      return reply.redirect(backTo(request, `/article/${encodeURIComponent(request.params.slug)}`), 303);
    });
  }

  for (const [action, act] of [
    ['hide', hideComment],
    ['unhide', unhideComment],
  ] as const) {
    app.post(`/moderation/comments/:id/${action}`, { config: signedIn }, async (request: IdRequest, reply) => {
      const id = Number(request.params.id);
      if (!Number.isSafeInteger(id) || id < 1) return reply.callNotFound();
      await act(services, request.user!, id, noteOf(request));
      return reply.redirect(backTo(request, '/moderation'), 303);
    });
  }

  app.post('/moderation/users/:username/suspend', { config: signedIn }, async (request: UserRequest, reply) => {
    const days = text(bodyField(request, 'days')).trim();
    // An empty days field means until lifted; anything else must be a whole number (the domain says so if not).
    const input = { days: days === '' ? undefined : /^\d+$/.test(days) ? Number(days) : days, reason: bodyField(request, 'reason') };
    // From the queue: the article or comment whose reports this suspension settles too ("article:12").
    const [type, id] = text(bodyField(request, 'resolves')).split(':');
    const resolves = (type === 'article' || type === 'comment') && /^\d{1,15}$/.test(id ?? '') ? { type: type as 'article' | 'comment', id: Number(id) } : undefined;
    await suspendUser(services, request.user!, request.params.username, input, resolves);
    return reply.redirect(backTo(request, `/profile/${encodeURIComponent(request.params.username)}`), 303);
  });

  app.post('/moderation/users/:username/unsuspend', { config: signedIn }, async (request: UserRequest, reply) => {
    await unsuspendUser(services, request.user!, request.params.username, noteOf(request));
    return reply.redirect(backTo(request, `/profile/${encodeURIComponent(request.params.username)}`), 303);
  });

  app.post('/admin/users/:username/delete', { config: signedIn }, async (request: UserRequest, reply) => {
    await deleteSpamAccount(services, request.user!, request.params.username, noteOf(request));
    return reply.redirect('/moderation/log', 303);
  });
}
