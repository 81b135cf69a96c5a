import { resolve } from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { apiRoutes } from './api/index.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { currentUserPlugin } from './plugins/current-user.js';
import { countRequests } from './plugins/http-metrics.js';
import { refuseNul } from './plugins/refuse-nul.js';
import { rateLimitPlugin } from './plugins/rate-limit-store.js';
import { securityPlugin } from './plugins/security.js';
import { sessionPlugin } from './plugins/session.js';
import { viewsPlugin } from './plugins/views.js';
import { versionBoard } from './cache/version-board.js';
import { siteMailer } from './mail/site-mailer.js';
import { healthRoute, HEALTH_PATH } from './health.js';
import type { Series } from './metrics/series.js';
import type { Federation } from '@fedify/fedify';
import { createServices, type ServiceOptions, type Services } from './services.js';
import { webRoutes } from './web/index.js';

export const publicDir = resolve(import.meta.dirname, '../public');

declare module 'fastify' {
  interface FastifyInstance {
    /** What both faces hand to the domain; server.ts gives them to the job runner too. */
    readonly services: Services;
    /** ActivityPub (src/federation/), when on: server.ts starts its queue beside the job runner. */
    readonly federation: Federation<void> | null;
  }
}

/** A URL as logs may show it: without the token of a password-reset link. */
export const redactSecrets = (url: string) => url.replace(/^\/reset\/[^/?#]+/, '/reset/[token]');

export interface AppOptions extends ServiceOptions {
  /** The process's metrics (src/metrics/), when METRICS_PORT turns them on: every request is counted there. */
  metrics?: Series | undefined;
}

/** Builds the whole app on an open database. Never listens: server.ts and tests decide that. */
export async function buildApp(config: Config, database: Database, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // `npm run dev` reads its log as lines (pino-pretty, a devDependency, formats them in a worker
      // thread); production and tests keep one JSON line per event, as the cluster primary writes them.
      ...(config.env === 'development' && {
        transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } },
      }),
      // A reset link's token is a key to the account for 30 minutes: it never reaches a log line.
      serializers: {
        req: (request) => ({ method: request.method, url: redactSecrets(request.url), host: request.host, remoteAddress: request.ip }),
      },
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const mailer = siteMailer(config, app.log);
  const services = createServices(config, database, { mailer, ...options });
  app.decorate('services', services);
  // First, at the root: every answer is counted, a 404 or a cached page too.
  if (options.metrics) countRequests(app, options.metrics);
  refuseNul(app);
  // Mail queued by the last requests goes out before the process ends.
  app.addHook('onClose', async () => services.mailer.settled());

  // Before anything reads: see every write committed so far, by any process (docs/decisions/0010).
  // Not for the health check, which must answer 503 (not fail) when the database is down.
  // A callback hook rather than an async one: when nothing was committed (SQLite can tell
  // synchronously) the request goes on without a promise.
  const board = versionBoard(services.db);
  app.addHook('onRequest', (request, _reply, done) => {
    const pending = request.routeOptions.url === HEALTH_PATH ? undefined : board.catchUpQuickly();
    if (!pending) return done();
    pending.then(() => done(), done);
  });
  // Nothing is kept by browsers or shared caches unless a route says so (static files, public pages).
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  // Before any route: Fedify answers what is its own (WebFinger, inboxes, a profile asked for as
  // JSON-LD) and passes the rest on. Off, Fedify is not even loaded.
  let federation: Federation<void> | null = null;
  if (config.federation && config.publicUrl) {
    const { setUpFederation } = await import('./federation/setup.js');
    federation = setUpFederation(app, services, { origin: config.publicUrl, ...config.federation, pollMs: config.jobsPollMs });
  }
  app.decorate('federation', federation);

  await app.register(healthRoute, { database });
  await app.register(securityPlugin);
  await app.register(rateLimitPlugin, { db: services.db, now: services.now });
  await app.register(fastifyFormbody, { bodyLimit: 1024 * 1024 });
  await app.register(fastifyStatic, {
    root: publicDir,
    // ETag and Last-Modified come with every file, so revisits get 304s.
    maxAge: config.env === 'production' ? '1h' : 0,
    index: false,
    wildcard: false,
  });
  await app.register(sessionPlugin, { services, secrets: config.sessionSecrets, secure: config.cookieSecure });
  await app.register(currentUserPlugin, { db: services.db });
  await app.register(viewsPlugin, { cache: config.env === 'production', now: services.now });

  await app.register(apiRoutes, { prefix: '/api', services, config });
  await app.register(webRoutes, { services, config });

  return app;
}
