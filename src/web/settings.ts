import type { FastifyInstance } from 'fastify';
import { InvalidError } from '../domain/errors.js';
import { updateUser } from '../domain/accounts/account-settings.js';
import { passwordRouteLimit } from '../plugins/rate-limit-store.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { text, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { reauthFields, reauthOf } from './reauth.js';

type Form = Record<string, unknown>;

/** The signed-in user's own settings. */
export async function settingsPages(app: FastifyInstance, { services, config }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };
  const rateLimit = passwordRouteLimit(config.authRateLimit);

  app.get('/settings', { config: signedIn }, async (request, reply) => {
    const user = request.user!;
    return reply.render('settings', {
      title: 'Settings',
      values: { image: user.image ?? '', username: user.username, bio: user.bio ?? '', email: user.email },
      ...(await reauthFields(request, services)),
    });
  });

  app.post('/settings', { config: { ...signedIn, rateLimit } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const password = text(form.password);
    const currentPassword = text(form.currentPassword);
    try {
      const user = await updateUser(
        services,
        request.user!,
        {
          image: text(form.image),
          username: text(form.username),
          bio: text(form.bio),
          email: text(form.email),
          // An empty password field means "keep the current password".
          ...(password !== '' && { password }),
          ...(currentPassword !== '' && { currentPassword }),
        },
        { keep: { sessionId: request.session.sessionId }, reauth: reauthOf(request) },
      );
      return reply.redirect(`/profile/${encodeURIComponent(user.username)}`, 303);
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      // Neither password is ever sent back.
      const values = { image: text(form.image), username: text(form.username), bio: text(form.bio), email: text(form.email) };
      const asked = error instanceof InvalidError && ('currentPassword' in error.fields || 'otp' in error.fields);
      return formFailureStatus(reply, error).render('settings', { title: 'Settings', errors, values, ...(await reauthFields(request, services, asked)) });
    }
  });
}
