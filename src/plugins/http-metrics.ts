import type { FastifyInstance } from 'fastify';
import type { Series } from '../metrics/series.js';

/** The route label of a request no route matched: one label, however many URLs are tried. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Counts every answer by method, route template and status, and times it.
 * The route is the template (`/article/:slug`), never the URL: one series per
 * route, whatever readers ask for.
 */
export function countRequests(app: FastifyInstance, series: Pick<Series, 'httpRequests' | 'httpDuration'>): void {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const method = request.method;
    series.httpRequests.inc({ method, route, status: String(reply.statusCode) });
    series.httpDuration.observe({ method, route }, reply.elapsedTime / 1000);
    done();
  });
}
