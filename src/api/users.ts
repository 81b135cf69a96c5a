import type { FastifyInstance } from 'fastify';
import { signIn } from '../domain/accounts/password-sign-in.js';
import { issueToken } from '../domain/accounts/api-tokens.js';
import { requireSecondFactor } from '../domain/accounts/two-factor-verification.js';
import { updateUser } from '../domain/accounts/account-settings.js';
import { registerUser } from '../domain/accounts/users.js';
import { passwordRouteLimit } from '../plugins/rate-limit-store.js';
import { signedIn } from './auth.js';
import type { ApiContext } from './index.js';
import { presentUser } from './presenters.js';
import { userInput } from './schemas.js';

/** Register, log in, read and update the current user. */
export async function userRoutes(app: FastifyInstance, { services, config, auth }: ApiContext) {
  // Per-address limit on the routes that may cost an argon2 hash each.
  const rateLimit = passwordRouteLimit(config.authRateLimit);

  app.post('/users', { config: { rateLimit } }, async (request, reply) => {
    const user = await registerUser(services, userInput(request.body));
    return reply.code(201).send(presentUser(user, await issueToken(services.db, user.id, services.now())));
  });

  app.post('/users/login', { config: { rateLimit } }, async (request) => {
    const input = userInput(request.body);
    // The sign-in page's own function: the same throttles, per account and address and per account.
    const user = await signIn(services, input, request.ip);
    // With two-factor authentication on, `user.otp` carries the code (or a recovery code).
    await requireSecondFactor(services, user, input.otp, request.ip);
    return presentUser(user, await issueToken(services.db, user.id, services.now()));
  });

  app.get('/user', { onRequest: auth.required }, async (request) => {
    const { user, token } = signedIn(request);
    return presentUser(user, token);
  });

  app.put('/user', { onRequest: auth.required, config: { rateLimit } }, async (request) => {
    const { user, token, tokenHash, signedInAt } = signedIn(request);
    const input = userInput(request.body);
    // A new email or password needs a token issued in the last 10 minutes, or `currentPassword` (and `otp`
    // with two-factor authentication on); a new password revokes every other session and token, and the
    // one making the change keeps working.
    const updated = await updateUser(services, user, input, {
      keep: { tokenHash },
      reauth: { signedInAt, address: request.ip, code: typeof input.otp === 'string' ? input.otp : undefined },
    });
    return presentUser(updated, token);
  });
}
