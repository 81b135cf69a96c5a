import type { FastifyInstance } from 'fastify';
import { getArticle } from '../domain/publishing/articles.js';
import { commentArticleSlug, hideArticle, hideComment, unhideArticle, unhideComment } from '../domain/moderation/hiding.js';
import { listReports } from '../domain/moderation/moderation-queue.js';
import { suspendUser, unsuspendUser } from '../domain/moderation/suspension.js';
import { signedIn } from './auth.js';
import type { ApiContext } from './index.js';
import { presentArticle, reportJson } from './presenters.js';
import { commentIdParam, moderationInput, reportsQuery, suspensionInput } from './schemas.js';

type BySlug = { Params: { slug: string } };
type ById = { Params: { id: string } };
type ByUsername = { Params: { username: string } };

/**
 * The moderation queue's actions, for operators' scripts. Each calls the same
 * domain function as the page, which decides who may (403 for members).
 */
export async function moderationRoutes(app: FastifyInstance, { services, auth }: ApiContext) {
  const { db } = services;

  app.get('/moderation/reports', { onRequest: auth.required }, async (request) => {
    const { reports, reportsCount } = await listReports(db, signedIn(request).user, () => reportsQuery(request.query));
    return { reports: reports.map(reportJson), reportsCount };
  });

  for (const [action, act] of [
    ['hide', hideArticle],
    ['unhide', unhideArticle],
  ] as const) {
    app.post<BySlug>(`/moderation/articles/:slug/${action}`, { onRequest: auth.required }, async (request) => {
      const { user } = signedIn(request);
      await act(services, user, request.params.slug, moderationInput(request.body));
      return presentArticle(await getArticle(db, request.params.slug, user.id));
    });
  }

  for (const [action, act] of [
    ['hide', hideComment],
    ['unhide', unhideComment],
  ] as const) {
    app.post<ById>(`/moderation/comments/:id/${action}`, { onRequest: auth.required }, async (request) => {
      const { user } = signedIn(request);
      const id = commentIdParam(request.params);
      await act(services, user, id, moderationInput(request.body));
      return { comment: { id, hidden: action === 'hide', article: { slug: await commentArticleSlug(db, id) } } };
    });
  }

  app.post<ByUsername>('/moderation/users/:username/suspend', { onRequest: auth.required }, async (request) => {
    const suspension = await suspendUser(services, signedIn(request).user, request.params.username, suspensionInput(request.body));
    return { suspension: { username: request.params.username, until: suspension.until === null ? null : new Date(suspension.until).toISOString(), reason: suspension.reason } };
  });

  app.post<ByUsername>('/moderation/users/:username/unsuspend', { onRequest: auth.required }, async (request) => {
    await unsuspendUser(services, signedIn(request).user, request.params.username, moderationInput(request.body));
    return { suspension: null };
  });
}
