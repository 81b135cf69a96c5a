import { createServer, type Server } from 'node:http';

export const METRICS_PATH = '/metrics';

/** What the listener serves: the numbers as Prometheus's text format, on demand. */
export interface MetricsSource {
  contentType: string;
  render(): Promise<string>;
}

/**
 * The metrics on their own listener (METRICS_HOST:METRICS_PORT, loopback by
 * default), never on the public port: they name every route and show the
 * traffic. Plain node:http, so a busy or broken app cannot stop a scrape.
 * Resolves once listening; rejects when it cannot (the port is taken).
 */
export function serveMetrics(where: { host: string; port: number }, source: MetricsSource, onError: (error: unknown) => void): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== METRICS_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`Metrics are at ${METRICS_PATH}\n`);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('GET only\n');
      return;
    }
    source.render().then(
      (body) => response.writeHead(200, { 'content-type': source.contentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : body),
      (error: unknown) => {
        onError(error);
        response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The metrics could not be gathered; see the log\n');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
