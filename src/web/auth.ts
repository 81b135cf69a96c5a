import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidCredentialsError, TooManyAttemptsError } from '../domain/errors.js';
import { authenticate, registerUser, type User } from '../domain/users.js';
import { formMessages } from './form-errors.js';
import type { PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { safePath } from './safe-redirect.js';

type Form = Record<string, unknown>;
type NextQuery = FastifyRequest<{ Querystring: { next?: unknown } }>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Sign up, sign in and sign out. */
export async function authPages(app: FastifyInstance, { services, config }: WebOptions) {
  const signedOut: PageAccess = { signedOut: true };
  const rateLimit = { max: config.authRateLimit, timeWindow: '1 minute' };

  app.get('/login', { config: signedOut }, async (request: NextQuery, reply) => {
    rememberNext(request);
    return reply.render('login', { title: 'Sign in' });
  });

  app.post('/login', { config: { ...signedOut, rateLimit } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const email = text(form.email);
    try {
      services.loginThrottle.check(email);
      const user = await authenticate(services, form);
      services.loginThrottle.succeed(email);
      return signIn(request, reply, user);
    } catch (error) {
      let errors = formMessages(error);
      if (error instanceof InvalidCredentialsError) {
        services.loginThrottle.fail(email);
        errors = ['email or password is invalid'];
      } else if (error instanceof TooManyAttemptsError) {
        const minutes = Math.ceil(error.retryAfterSeconds / 60);
        errors = [`Too many failed sign-ins for this account. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`];
        reply.header('retry-after', String(error.retryAfterSeconds));
        return reply.code(429).render('login', { title: 'Sign in', errors, values: { email } });
      }
      if (!errors) throw error;
      return reply.code(422).render('login', { title: 'Sign in', errors, values: { email } });
    }
  });

  app.get('/register', { config: signedOut }, async (request: NextQuery, reply) => {
    rememberNext(request);
    return reply.render('register', { title: 'Sign up' });
  });

  app.post('/register', { config: { ...signedOut, rateLimit } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    try {
      const user = await registerUser(services, { username: form.username, email: form.email, password: form.password });
      return signIn(request, reply, user);
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      const values = { username: text(form.username), email: text(form.email) };
      return reply.code(422).render('register', { title: 'Sign up', errors, values });
    }
  });

  app.post('/logout', async (request, reply) => {
    await request.session.destroy();
    reply.clearCookie('conduit_session', { path: '/' });
    return reply.redirect('/', 303);
  });

  /**
   * A sign-in or sign-up prompt elsewhere links to /login?next=… or /register?next=…;
   * remember that (same-site) path server-side. Without `next`, a pending path is kept.
   */
  function rememberNext(request: NextQuery) {
    const next = request.query.next;
    if (next !== undefined) request.session.returnTo = safePath(next);
  }

  /** New session id on every sign-in (no fixation); then back to where the visitor was going. */
  async function signIn(request: FastifyRequest, reply: FastifyReply, user: User) {
    const returnTo = safePath(request.session.returnTo);
    await request.session.regenerate();
    request.session.userId = user.id;
    return reply.redirect(returnTo, 303);
  }
}
