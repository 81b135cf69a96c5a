import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { versionBoard } from '../cache/version-board.js';
import { usePublicResponseCache } from '../plugins/public-response-cache.js';
import type { Services } from '../services.js';
import { articleRoutes } from './articles.js';
import { authHooks, type AuthHooks } from './auth.js';
import { jsonOnly } from './body-parser.js';
import { commentRoutes } from './comments.js';
import { apiErrorHandler } from './errors.js';
import { moderationRoutes } from './moderation.js';
import { profileRoutes } from './profiles.js';
import { personalControlRoutes } from './personal-controls.js';
import { reportRoutes } from './reports.js';
import { tagRoutes } from './tags.js';
import { userRoutes } from './users.js';

export interface ApiOptions {
  services: Services;
  config: Config;
}

/** What every route file gets: the services, the config and the two auth hooks. */
export interface ApiContext extends ApiOptions {
  auth: AuthHooks;
}

/**
 * The RealWorld JSON API. Everything set here (CORS, JSON-only parsing, the
 * token decoration, the error handler) stays inside this /api scope.
 */
export async function apiRoutes(app: FastifyInstance, opts: ApiOptions) {
  const { corsOrigins } = opts.config;
  await app.register(fastifyCors, {
    // '*' reflects the caller's origin; an empty list turns CORS off (no headers, no preflight).
    origin: corsOrigins === '*' ? true : corsOrigins.length > 0 ? corsOrigins : false,
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization'],
    maxAge: 600,
    // A malformed preflight still gets 204 without CORS headers, never a text/plain 400.
    strictPreflight: false,
  });
  jsonOnly(app);
  app.decorateRequest('apiAuth', null);
  app.setErrorHandler<Error>(apiErrorHandler);
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ errors: { route: ['not found'] } }));
  // Token checks run on onRequest, so by preHandler `apiAuth` says whether anyone is signed in.
  usePublicResponseCache(app, {
    name: 'public-api',
    versions: versionBoard(opts.services.db),
    vary: 'Authorization',
    // No Authorization header at all: routes without an auth hook (tags) leave apiAuth unset even for callers with a token.
    anonymous: (request) => request.apiAuth === null && request.headers.authorization === undefined,
    maxBytes: opts.config.publicCacheBytes,
  });

  // Not `...opts`: that would also pass on `prefix` and nest the routes under /api/api.
  const context: ApiContext = { services: opts.services, config: opts.config, auth: authHooks(opts.services) };
  await app.register(userRoutes, context);
  await app.register(profileRoutes, context);
  await app.register(personalControlRoutes, context);
  await app.register(articleRoutes, context);
  await app.register(commentRoutes, context);
  await app.register(tagRoutes, context);
  await app.register(reportRoutes, context);
  await app.register(moderationRoutes, context);
}
