import type { FastifyInstance } from 'fastify';
import { fileReport } from '../domain/moderation/reports.js';
import { signedIn } from './auth.js';
import type { ApiContext } from './index.js';
import { reportJson } from './presenters.js';
import { commentIdParam, reportInput } from './schemas.js';

/** Readers report an article, a comment or a user: 201 with the report. */
export async function reportRoutes(app: FastifyInstance, { services, auth }: ApiContext) {
  app.post<{ Params: { slug: string } }>('/articles/:slug/report', { onRequest: auth.required }, async (request, reply) => {
    const report = await fileReport(services, signedIn(request).user.id, { type: 'article', slug: request.params.slug }, reportInput(request.body));
    return reply.code(201).send({ report: reportJson(report) });
  });

  app.post<{ Params: { slug: string; id: string } }>('/articles/:slug/comments/:id/report', { onRequest: auth.required }, async (request, reply) => {
    const thing = { type: 'comment' as const, slug: request.params.slug, id: commentIdParam(request.params) };
    const report = await fileReport(services, signedIn(request).user.id, thing, reportInput(request.body));
    return reply.code(201).send({ report: reportJson(report) });
  });

  app.post<{ Params: { username: string } }>('/profiles/:username/report', { onRequest: auth.required }, async (request, reply) => {
    const report = await fileReport(services, signedIn(request).user.id, { type: 'user', username: request.params.username }, reportInput(request.body));
    return reply.code(201).send({ report: reportJson(report) });
  });
}
