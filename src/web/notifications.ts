import type { FastifyInstance, FastifyRequest } from 'fastify';
import { setArticleMuted } from '../domain/notifications/article-mutes.js';
import { deliverySettings, saveDeliverySettings } from '../domain/notifications/delivery-settings.js';
import { inboxPage, markAllRead, markGroupRead } from '../domain/notifications/inbox.js';
import { unreadCount } from '../domain/notifications/unread-count.js';
import { DELIVERIES, KIND_LABELS, NOTIFICATION_KINDS } from '../domain/notifications/kinds.js';
import { articleIdForSlug } from '../domain/publishing/article-writes.js';
import { articleRef } from '../domain/publishing/article-summaries.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { backTo, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { pageNumber } from './pagination.js';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

/** /notifications, marking them read, muting an article's, and the mail settings (docs/decisions/0032, 0033). */
export async function notificationPages(app: FastifyInstance, { services }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };
  const { db } = services;

  app.get('/notifications', { config: signedIn }, async (request: FastifyRequest<{ Querystring: { page?: string } }>, reply) => {
    const page = pageNumber(request.query.page);
    const inbox = await inboxPage(services, request.user!.id, page);
    // Counted again: the page may have just written out notifications the navbar's count, read before it, did not see.
    request.unreadNotifications = await unreadCount(db, request.user!.id);
    return reply.render('notifications', { title: 'Notifications', ...inbox, page, returnTo: page === 1 ? '/notifications' : `/notifications?page=${page}` });
  });

  app.post('/notifications/read-all', { config: signedIn }, async (request, reply) => {
    await markAllRead(services, request.user!.id);
    return reply.redirect(backTo(request, '/notifications'), 303);
  });

  app.post('/notifications/:id/read', { config: signedIn }, async (request: IdRequest, reply) => {
    const id = Number(request.params.id);
    if (!Number.isSafeInteger(id) || id < 1) return reply.callNotFound();
    await markGroupRead(services, request.user!.id, id);
    return reply.redirect(backTo(request, '/notifications'), 303);
  });

  for (const [action, muted] of [['mute', true], ['unmute', false]] as const) {
    app.post(`/article/:slug/${action}-notifications`, { config: signedIn }, async (request: SlugRequest, reply) => {
      const { slug } = request.params;
      // A hidden article is not there for whoever may not see it.
      await articleRef(db, slug, request.user!.id);
      await setArticleMuted(services, request.user!.id, await articleIdForSlug(db, slug), muted);
      return reply.redirect(backTo(request, `/article/${encodeURIComponent(slug)}`), 303);
    });
  }

  const settingsView = { title: 'Notification settings', kinds: NOTIFICATION_KINDS, labels: KIND_LABELS, deliveries: DELIVERIES };

  app.get('/settings/notifications', { config: signedIn }, async (request, reply) => {
    return reply.render('notification-settings', { ...settingsView, values: await deliverySettings(db, request.user!.id) });
  });

  app.post('/settings/notifications', { config: signedIn }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    try {
      await saveDeliverySettings(db, request.user!.id, form);
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      return formFailureStatus(reply, error).render('notification-settings', { ...settingsView, errors, values: await deliverySettings(db, request.user!.id) });
    }
    return reply.redirect('/settings/notifications?saved=1', 303);
  });
}
