import type { FastifyInstance } from 'fastify';
import { updateUser } from '../domain/users.js';
import { formMessages } from './form-errors.js';
import type { PageAccess } from './guards.js';
import type { WebOptions } from './index.js';

type Form = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The signed-in user's own settings. */
export async function settingsPages(app: FastifyInstance, { services }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };

  app.get('/settings', { config: signedIn }, async (request, reply) => {
    const user = request.user!;
    return reply.render('settings', {
      title: 'Settings',
      values: { image: user.image ?? '', username: user.username, bio: user.bio ?? '', email: user.email },
    });
  });

  app.post('/settings', { config: signedIn }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const password = text(form.password);
    try {
      const user = await updateUser(
        services,
        request.user!.id,
        {
          image: text(form.image),
          username: text(form.username),
          bio: text(form.bio),
          email: text(form.email),
          // An empty password field means "keep the current password".
          ...(password !== '' && { password }),
        },
        { sessionId: request.session.sessionId },
      );
      return reply.redirect(`/profile/${encodeURIComponent(user.username)}`, 303);
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      const values = { image: text(form.image), username: text(form.username), bio: text(form.bio), email: text(form.email) };
      return reply.code(422).render('settings', { title: 'Settings', errors, values });
    }
  });
}
