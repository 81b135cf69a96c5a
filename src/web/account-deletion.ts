import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountFootprint, deleteAccount } from '../domain/accounts/account-deletion.js';
import { passwordRouteLimit } from '../plugins/rate-limit-store.js';
import { endSession } from './end-session.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { text, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { reauthFields, reauthOf } from './reauth.js';

type Form = Record<string, unknown>;

/** Deleting one's own account: a page that says what will go, then one confirmed POST. */
export async function accountDeletionPages(app: FastifyInstance, { services, config }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };
  const rateLimit = passwordRouteLimit(config.authRateLimit);

  async function renderConfirmation(request: FastifyRequest, reply: FastifyReply, errors?: string[], askPassword = false) {
    return reply.render('delete-account', {
      title: 'Delete your account',
      footprint: await accountFootprint(services.db, request.user!.id),
      ...(await reauthFields(request, services, askPassword)),
      errors,
    });
  }

  app.get('/settings/delete', { config: signedIn }, async (request, reply) => renderConfirmation(request, reply));

  app.post('/settings/delete', { config: { ...signedIn, rateLimit } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    try {
      await deleteAccount(services, request.user!, { ...reauthOf(request), currentPassword: text(form.currentPassword) });
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      return renderConfirmation(request, formFailureStatus(reply, error), errors, true);
    }
    // The session row went with the account; this clears the cookie and what the browser kept.
    await endSession(request, reply);
    return reply.redirect('/', 303);
  });
}
