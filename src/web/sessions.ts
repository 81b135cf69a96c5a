import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { endOtherSignIns, endSignIn, listSignIns } from '../domain/accounts/sessions-and-tokens.js';
import { twoFactorStatus } from '../domain/accounts/two-factor-enrolment.js';
import { passwordRouteLimit } from '../plugins/rate-limit-store.js';
import { describeDevice } from './device.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { text, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { reauthFields, reauthOf } from './reauth.js';

type Form = Record<string, unknown>;

/** Where the user is signed in (browsers and API tokens), and ending any of it. */
export async function sessionPages(app: FastifyInstance, { services, config }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };
  const rateLimit = passwordRouteLimit(config.authRateLimit);

  async function renderSessions(request: FastifyRequest, reply: FastifyReply, errors?: string[], askPassword = false) {
    const { browsers, tokens } = await listSignIns(services, request.user!.id, { sessionId: request.session.sessionId });
    return reply.render('sessions', {
      title: 'Sessions',
      browsers: browsers.map((b) => ({ ...b, device: describeDevice(b.userAgent) })),
      tokens,
      others: browsers.filter((b) => !b.current).length + tokens.length,
      twoFactor: (await twoFactorStatus(services.db, request.user!.id)).enabled,
      ...(await reauthFields(request, services, askPassword)),
      errors,
    });
  }

  app.get('/settings/sessions', { config: signedIn }, async (request, reply) => renderSessions(request, reply));

  // One form for every button: `end` names a session or token, or "others" for all but this browser.
  app.post('/settings/sessions', { config: { ...signedIn, rateLimit } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const which = text(form.end);
    const context = {
      keep: { sessionId: request.session.sessionId },
      reauth: { ...reauthOf(request), currentPassword: text(form.currentPassword) },
    };
    try {
      if (which === 'others') await endOtherSignIns(services, request.user!, context);
      else await endSignIn(services, request.user!, which, context);
      return reply.redirect('/settings/sessions', 303);
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      return renderSessions(request, formFailureStatus(reply, error), errors, true);
    }
  });
}
