import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidCredentialsError } from '../domain/errors.js';
import { hasTwoFactor, verifySecondFactor } from '../domain/accounts/two-factor-verification.js';
import { signIn } from '../domain/accounts/password-sign-in.js';
import { registerUser } from '../domain/accounts/users.js';
import { passwordRouteLimit } from '../plugins/rate-limit-store.js';
import { endSession } from './end-session.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { bodyField, text, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { safePath } from './safe-redirect.js';
import { pendingSignInUser, startPendingSignIn, startSession } from './start-session.js';

const SIGN_IN = 'Sign in to Conduit to write articles, comment and follow the authors you like.';
const SIGN_UP = 'Join Conduit: write articles in Markdown, tag them, follow authors and discuss.';

type Form = Record<string, unknown>;
type NextQuery = FastifyRequest<{ Querystring: { next?: unknown } }>;

/** Sign up, sign in and sign out. */
export async function authPages(app: FastifyInstance, { services, config }: WebOptions) {
  const signedOut: PageAccess = { signedOut: true };
  const rateLimit = passwordRouteLimit(config.authRateLimit);

  app.get('/login', { config: signedOut }, async (request: NextQuery, reply) => {
    rememberNext(request);
    return reply.render('login', { title: 'Sign in', description: SIGN_IN });
  });

  app.post('/login', { config: { ...signedOut, rateLimit } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const email = text(form.email);
    try {
      const user = await signIn(services, { email: form.email, password: form.password }, request.ip);
      if (await hasTwoFactor(services.db, user.id)) return startPendingSignIn(request, reply, user, services.now());
      return startSession(request, reply, user, services.now());
    } catch (error) {
      const errors = error instanceof InvalidCredentialsError ? ['email or password is invalid'] : formMessages(error);
      if (!errors) throw error;
      return formFailureStatus(reply, error).render('login', { title: 'Sign in', description: SIGN_IN, errors, values: { email } });
    }
  });

  // The second step for users with two-factor authentication: the password was right, now a code.
  app.get('/login/code', { config: signedOut }, async (request, reply) => {
    if (!(await pendingSignInUser(request, services))) return reply.redirect('/login', 303);
    return reply.render('login-code', { title: 'Two-factor authentication' });
  });

  app.post('/login/code', { config: { ...signedOut, rateLimit } }, async (request, reply) => {
    const user = await pendingSignInUser(request, services);
    if (!user) return reply.redirect('/login', 303);
    const code = text(bodyField(request, 'code'));
    try {
      if (await verifySecondFactor(services, user, code, request.ip)) return startSession(request, reply, user, services.now());
      const errors = ['That code is not right, or was already used. Try the current one from your app, or a recovery code.'];
      return reply.code(422).render('login-code', { title: 'Two-factor authentication', errors });
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      return formFailureStatus(reply, error).render('login-code', { title: 'Two-factor authentication', errors });
    }
  });

  app.get('/register', { config: signedOut }, async (request: NextQuery, reply) => {
    rememberNext(request);
    return reply.render('register', { title: 'Sign up', description: SIGN_UP });
  });

  app.post('/register', { config: { ...signedOut, rateLimit } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    try {
      const user = await registerUser(services, { username: form.username, email: form.email, password: form.password });
      return startSession(request, reply, user, services.now());
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      const values = { username: text(form.username), email: text(form.email) };
      return reply.code(422).render('register', { title: 'Sign up', description: SIGN_UP, errors, values });
    }
  });

  app.post('/logout', async (request, reply) => {
    await endSession(request, reply);
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
}
