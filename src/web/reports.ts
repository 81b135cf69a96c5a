import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError } from '../domain/errors.js';
import { fileReport, REPORT_REASONS, type ReportedThing } from '../domain/moderation/reports.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { bodyField, text, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';

type Params = { slug?: string; id?: string; username?: string };

/** The "Report" action beside each article, comment and profile: a small form (reason and note), then a thank-you. */
export async function reportPages(app: FastifyInstance, { services }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };

  /** What the path names, and where "back" goes; undefined for a comment id that is not a number. */
  function thingOf(params: Params): { thing: ReportedThing; back: string; what: string } | undefined {
    if (params.username !== undefined) {
      return { thing: { type: 'user', username: params.username }, back: `/profile/${encodeURIComponent(params.username)}`, what: `the user ${params.username}` };
    }
    const slug = params.slug ?? '';
    const back = `/article/${encodeURIComponent(slug)}`;
    if (params.id === undefined) return { thing: { type: 'article', slug }, back, what: 'this article' };
    const id = Number(params.id);
    if (!/^\d{1,15}$/.test(params.id) || id < 1) return undefined;
    return { thing: { type: 'comment', slug, id }, back, what: 'this comment' };
  }

  function renderForm(request: FastifyRequest, reply: FastifyReply, target: NonNullable<ReturnType<typeof thingOf>>, extra: { errors?: string[]; sent?: boolean; values?: { reason: string; note: string } } = {}) {
    return reply.render('report', {
      title: 'Report',
      action: request.url.split('?', 1)[0],
      what: target.what,
      back: target.back,
      reasons: REPORT_REASONS,
      values: extra.values ?? { reason: '', note: '' },
      errors: extra.errors,
      sent: extra.sent ?? false,
    });
  }

  for (const path of ['/article/:slug/report', '/article/:slug/comments/:id/report', '/profile/:username/report']) {
    app.get(path, { config: signedIn }, async (request: FastifyRequest<{ Params: Params }>, reply) => {
      const target = thingOf(request.params);
      if (!target) return reply.callNotFound();
      return renderForm(request, reply, target);
    });

    app.post(path, { config: signedIn }, async (request: FastifyRequest<{ Params: Params }>, reply) => {
      const target = thingOf(request.params);
      if (!target) return reply.callNotFound();
      const values = { reason: text(bodyField(request, 'reason')), note: text(bodyField(request, 'note')) };
      try {
        await fileReport(services, request.user!.id, target.thing, values);
      } catch (error) {
        const errors = formMessages(error);
        if (!errors) throw error;
        const status = error instanceof ConflictError ? reply.code(409) : formFailureStatus(reply, error);
        return renderForm(request, status, target, { errors, values });
      }
      return renderForm(request, reply, target, { sent: true });
    });
  }
}
