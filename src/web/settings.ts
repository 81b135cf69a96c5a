import type { FastifyInstance } from 'fastify';
import { InvalidError } from '../domain/errors.js';
import { updateUser } from '../domain/accounts/account-settings.js';
import { passwordRouteLimit } from '../plugins/rate-limit-store.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { text, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { reauthFields, reauthOf } from './reauth.js';
import { TIME_ZONES } from '../domain/accounts/time-zones.js';
import { followedTagNames } from '../domain/publishing/followed-tags.js';

type Form = Record<string, unknown>;

/** The signed-in user's own settings. */
export async function settingsPages(app: FastifyInstance, { services, config }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };
  const rateLimit = passwordRouteLimit(config.authRateLimit);

  // What the page shows besides the form: the zones to choose from, the tags followed.
  const extras = async (userId: number) => ({ timeZones: TIME_ZONES, followedTags: await followedTagNames(services.db, userId) });

  app.get('/settings', { config: signedIn }, async (request, reply) => {
    const user = request.user!;
    return reply.render('settings', {
      title: 'Settings',
      values: { image: user.image ?? '', username: user.username, bio: user.bio ?? '', email: user.email, timeZone: user.timeZone },
      ...(await extras(user.id)),
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
          // Absent (an older form): kept.
          ...(form.timeZone !== undefined && { timeZone: text(form.timeZone) }),
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
      const values = { image: text(form.image), username: text(form.username), bio: text(form.bio), email: text(form.email), timeZone: text(form.timeZone) };
      const asked = error instanceof InvalidError && ('currentPassword' in error.fields || 'otp' in error.fields);
      return formFailureStatus(reply, error).render('settings', {
        title: 'Settings',
        errors,
        values,
        ...(await extras(request.user!.id)),
        ...(await reauthFields(request, services, asked)),
      });
    }
  });
}
