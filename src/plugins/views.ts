import { resolve } from 'node:path';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { suspensionOf } from '../domain/moderation/suspension.js';
import * as helpers from '../web/view-helpers.js';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders views/<template>.eta inside the layout and sends it as HTML. */
    render(template: string, data?: Record<string, unknown>): FastifyReply;
  }
}

export const viewsDir = resolve(import.meta.dirname, '../../views');

/**
 * Eta templates. Every view gets `it.viewer` (the signed-in user or null),
 * `it.suspension` (theirs, while suspended), `it.unread` (their unread notifications),
 * `it.path`, `it.csrf()` (called only by views with forms, so readers who
 * post nothing never get a session) and `it.h` (formatting helpers).
 */
export const viewsPlugin = fp(
  async (app: FastifyInstance, opts: { cache: boolean; now: () => number }) => {
    const eta = new Eta({ views: viewsDir, cache: opts.cache, autoEscape: true });
    if (opts.cache) rememberPaths(eta);

    app.decorateReply('render', function render(this: FastifyReply, template: string, data = {}) {
      const request = this.request;
      let token: string | undefined;
      const html = eta.render(template, {
        viewer: request.user ?? null,
        unread: request.unreadNotifications,
        // The notice every page shows a suspended account: until when, and why.
        suspension: request.user ? suspensionOf(request.user, opts.now()) : null,
        path: request.url.split('?', 1)[0],
        csrf: () => (token ??= this.generateCsrf()),
        h: helpers,
        ...data,
      });
      // Encoded once here: Fastify would otherwise measure the string for Content-Length, then encode it to write.
      return this.type('text/html; charset=utf-8').send(Buffer.from(html));
    });
  },
  { name: 'views', dependencies: ['current-user'] },
);

/**
 * Eta resolves a template's path on every render and include (a JSON key and
 * path joins each time, some forty times a page). With cached templates the
 * answer never changes, so each (including file, name) pair is resolved once.
 */
function rememberPaths(eta: Eta): void {
  const resolve = eta.resolvePath.bind(eta);
  // Keyed by the two strings as they come (no joined key to build each time).
  const known = new Map<string, Map<string, string>>();
  eta.resolvePath = (template, options) => {
    const from = options?.filepath ?? '';
    let paths = known.get(from);
    if (!paths) known.set(from, (paths = new Map()));
    let path = paths.get(template);
    if (path === undefined) paths.set(template, (path = resolve(template, options)));
    return path;
  };
}
