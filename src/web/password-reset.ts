import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../domain/errors.js';
import { isResetTokenShaped, requestPasswordReset, resetPassword, RESET_LIFETIME_MS, userForReset } from '../domain/accounts/password-resets.js';
import { hasTwoFactor } from '../domain/accounts/two-factor-verification.js';
import { passwordRouteLimit } from '../plugins/rate-limit-store.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { bodyField, text, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { startSession } from './start-session.js';

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

/** Forgot password: ask for a link by email, then set a new password through it. */
export async function passwordResetPages(app: FastifyInstance, { services, config }: WebOptions) {
  const signedOut: PageAccess = { signedOut: true };
  const rateLimit = passwordRouteLimit(config.authRateLimit);
  // Links need the site's own address: never one taken from the request's Host header.
  const available = services.mailer.canSend && config.publicUrl !== null;
  const minutes = RESET_LIFETIME_MS / 60_000;

  app.get('/forgot', { config: signedOut }, async (_request, reply) =>
    reply.render('forgot', { title: 'Forgot your password?', available }),
  );

  app.post('/forgot', { config: { ...signedOut, rateLimit } }, async (request, reply) => {
    const email = text(bodyField(request, 'email'));
    if (!available) return reply.code(503).render('forgot', { title: 'Forgot your password?', available });
    try {
      await requestPasswordReset(services, { email }, request.ip, (token) => `${config.publicUrl}/reset/${token}`);
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      return reply.code(422).render('forgot', { title: 'Forgot your password?', available, errors, values: { email } });
    }
    // The same answer whether or not an account has this email.
    return reply.render('forgot-sent', { title: 'Check your email', email, minutes });
  });

  function renderReset(request: TokenRequest, reply: FastifyReply, askCode: boolean, errors?: string[]) {
    return reply.render('reset', { title: 'Choose a new password', token: request.params.token, askCode, errors });
  }

  function renderExpired(reply: FastifyReply) {
    return reply.code(410).render('reset-expired', { title: 'Reset link expired', minutes });
  }

  app.get('/reset/:token', { config: signedOut }, async (request: TokenRequest, reply) => {
    const { token } = request.params;
    let askCode: boolean;
    try {
      if (!isResetTokenShaped(token)) throw new NotFoundError('reset link');
      askCode = await hasTwoFactor(services.db, (await userForReset(services, token)).id);
    } catch (error) {
      if (error instanceof NotFoundError) return renderExpired(reply);
      throw error;
    }
    return renderReset(request, reply, askCode);
  });

  app.post('/reset/:token', { config: { ...signedOut, rateLimit } }, async (request: TokenRequest, reply) => {
    const { token } = request.params;
    try {
      if (!isResetTokenShaped(token)) throw new NotFoundError('reset link');
      const form = { password: bodyField(request, 'password'), code: text(bodyField(request, 'code')) };
      const user = await resetPassword(services, token, form, request.ip);
      return startSession(request, reply, user, services.now());
    } catch (error) {
      if (error instanceof NotFoundError) return renderExpired(reply);
      const errors = formMessages(error);
      if (!errors) throw error;
      const askCode = await hasTwoFactor(services.db, (await userForReset(services, token)).id);
      return renderReset(request, formFailureStatus(reply, error), askCode, errors);
    }
  });
}
