import type { FastifyInstance } from 'fastify';
import { InvalidCredentialsError } from '../domain/errors.js';
import { issueToken } from '../domain/tokens.js';
import { authenticate, registerUser, updateUser } from '../domain/users.js';
import { signedIn } from './auth.js';
import type { ApiContext } from './index.js';
import { presentUser } from './presenters.js';
import { userInput } from './schemas.js';

/** Register, log in, read and update the current user. */
export async function userRoutes(app: FastifyInstance, { services, config, auth }: ApiContext) {
  // Per-address limit on the two routes that cost an argon2 hash each.
  const rateLimit = { max: config.authRateLimit, timeWindow: '1 minute' };

  app.post('/users', { config: { rateLimit } }, async (request, reply) => {
    const user = await registerUser(services, userInput(request.body));
    return reply.code(201).send(presentUser(user, issueToken(services.db, user.id)));
  });

  app.post('/users/login', { config: { rateLimit } }, async (request) => {
    const credentials = userInput(request.body);
    const email = typeof credentials.email === 'string' ? credentials.email : '';
    // Per-account throttle, shared with the sign-in page: many addresses cannot guess one password.
    services.loginThrottle.check(email);
    try {
      const user = await authenticate(services, credentials);
      services.loginThrottle.succeed(email);
      return presentUser(user, issueToken(services.db, user.id));
    } catch (error) {
      if (error instanceof InvalidCredentialsError) services.loginThrottle.fail(email);
      throw error;
    }
  });

  app.get('/user', { onRequest: auth.required }, async (request) => {
    const { user, token } = signedIn(request);
    return presentUser(user, token);
  });

  app.put('/user', { onRequest: auth.required }, async (request) => {
    const { user, token, tokenHash } = signedIn(request);
    // A new password revokes every other session and token; the one making the change keeps working.
    const updated = await updateUser(services, user.id, userInput(request.body), { tokenHash });
    return presentUser(updated, token);
  });
}
