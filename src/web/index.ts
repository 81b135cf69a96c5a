import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { versionBoard } from '../cache/version-board.js';
import { usePublicResponseCache } from '../plugins/public-response-cache.js';
import type { Services } from '../services.js';
import { authPages } from './auth.js';
import { handlePageError, renderNotFound } from './errors.js';
import { sendToLogin, type PageAccess } from './guards.js';
import { accountDeletionPages } from './account-deletion.js';
import { sessionPages } from './sessions.js';
import { personalControlPages } from './personal-controls.js';
import { notificationPages } from './notifications.js';
import { unsubscribePages } from './unsubscribe.js';
import { passwordResetPages } from './password-reset.js';
import { twoFactorPages } from './two-factor.js';
import { devOutboxPages } from './dev-outbox.js';
import { adminPages } from './admin.js';
import { moderationPages } from './moderation.js';
import { reportPages } from './reports.js';
import { settingsPages } from './settings.js';
import { fediversePages } from './fediverse.js';
import { draftPages } from './drafts.js';
import { readingListPages } from './reading-list.js';
import { sitePages } from './site.js';
import { feedRoutes } from './feeds.js';
import { robotsRoute } from './robots.js';
import { sitemapRoutes } from './sitemap.js';
import { publicAddress, type PublicAddress } from './public-address.js';

export interface WebOptions {
  services: Services;
  config: Config;
  /** Where our pages are for the open web (PUBLIC_URL); undefined when unknown, and then no feeds or absolute links. */
  address?: PublicAddress;
}

/**
 * The HTML face. Every POST is checked in one place: a signed-out visitor on
 * a signed-in route goes to /login first; everything else must carry the
 * session's CSRF token.
 */
export async function webRoutes(app: FastifyInstance, opts: WebOptions) {
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });

  app.addHook('preHandler', (request, reply, done) => {
    const access: PageAccess = request.routeOptions.config;
    if (access.signedIn && !request.user) {
      sendToLogin(request, reply);
      return;
    }
    if (access.signedOut && request.user && request.method === 'GET') {
      reply.redirect('/', 303);
      return;
    }
    if (request.method === 'POST' && !access.signedLink) {
      app.csrfProtection(request, reply, done);
      return;
    }
    done();
  });
  usePublicResponseCache(app, {
    name: 'public-pages',
    versions: versionBoard(opts.services.db),
    vary: 'Cookie',
    anonymous: (request) => request.user === null,
    maxBytes: opts.config.publicCacheBytes,
  });

  app.setErrorHandler<FastifyError>((error, request, reply) => handlePageError(error, request, reply, opts.config));
  app.setNotFoundHandler((request, reply) => renderNotFound(reply));

  await app.register(authPages, opts);
  await app.register(settingsPages, opts);
  await app.register(draftPages, opts);
  await app.register(readingListPages, opts);
  await app.register(sessionPages, opts);
  await app.register(personalControlPages, opts);
  await app.register(notificationPages, opts);
  await app.register(unsubscribePages, opts);
  await app.register(accountDeletionPages, opts);
  await app.register(passwordResetPages, opts);
  await app.register(twoFactorPages, opts);
  // Mail written to the outbox folder, readable in the browser: development only, a 404 in production.
  if (opts.config.env !== 'production' && opts.config.mail.kind === 'outbox') await app.register(devOutboxPages, { dir: opts.config.mail.dir });
  await app.register(moderationPages, opts);
  await app.register(fediversePages, opts);
  await app.register(adminPages, opts);
  await app.register(reportPages, opts);
  const address = opts.config.publicUrl === null ? undefined : publicAddress(opts.config.publicUrl);
  await app.register(sitePages, { ...opts, address });
  // Feeds and sitemaps are nothing but absolute links: without PUBLIC_URL there are none.
  if (address) {
    await app.register(feedRoutes, { services: opts.services, address });
    await app.register(sitemapRoutes, { services: opts.services, address, size: opts.config.sitemapSize });
  }
  await app.register(robotsRoute, { address });
}
