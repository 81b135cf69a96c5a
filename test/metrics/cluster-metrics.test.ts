// `npm start` with METRICS_PORT: the primary answers for every worker, summed, on its own
// loopback listener, while the public port knows nothing of /metrics.
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { freePort, servingPids, startPrimary, status, until, type Primary } from '../support/cluster.js';
import { parseMetrics, samples, total } from '../support/prometheus.js';
import { testEngine } from '../support/test-database.js';

function fetchText(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((done, fail) => {
    get(url, { agent: false, timeout: 10_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.once('end', () => done({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }));
    }).once('error', fail);
  });
}

describe(`npm start with METRICS_PORT: every worker's numbers in one answer (${testEngine})`, () => {
  let primary: Primary;
  let site: string;
  let metricsUrl: string;

  before(async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    site = `http://127.0.0.1:${port}`;
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    primary = await startPrimary(port, { METRICS_PORT: String(metricsPort) });
    await until('two workers listening', () => primary.workerPids().length >= 2, primary);
  });
  after(() => primary?.cleanUp());

  test('requests served by both workers are summed; Node metrics stay per worker', async () => {
    assert.ok(
      primary.lines.some((l) => l.pid === primary.child.pid && l.msg.startsWith('metrics of every worker on http://127.0.0.1:')),
      'the primary says where the metrics are, on loopback',
    );
    const requests = 30;
    for (let i = 0; i < requests; i++) assert.equal(await status(`${site}/`), 200);
    for (let i = 0; i < 4; i++) assert.equal(await status(`${site}/article/nothing-here-${i}`), 404);
    const workers = primary.workerPids();
    // Each request came on its own connection, which the primary hands out in turn.
    await until('requests served by both workers', () => workers.every((pid) => servingPids(primary).has(pid)), primary);

    const answer = await fetchText(metricsUrl);
    assert.equal(answer.status, 200, answer.body);
    assert.match(answer.type, /^text\/plain/);
    const scrape = parseMetrics(answer.body);
    assert.equal(total(scrape, 'http_requests_total', { method: 'GET', route: '/', status: '200' }), requests);
    assert.equal(total(scrape, 'http_requests_total', { method: 'GET', route: '/article/:slug', status: '404' }), 4);
    assert.equal(total(scrape, 'http_request_duration_seconds_count', { method: 'GET', route: '/' }), requests);
    // Every signed-out GET of a cacheable page looked in the page cache once (the missing articles too).
    assert.equal(total(scrape, 'conduit_cache_requests_total', { cache: 'public-pages' }), requests + 4);
    assert.ok(total(scrape, 'conduit_db_query_duration_seconds_count') > 0);
    assert.equal(samples(scrape, 'conduit_jobs_waiting').length, 1, 'one database-wide gauge, not one per worker');
    assert.equal(samples(scrape, 'conduit_backup_last_success_timestamp_seconds').length, 1);

    const perWorker = new Set(samples(scrape, 'process_resident_memory_bytes').map((s) => s.labels.worker));
    assert.equal(perWorker.size, 2, `RSS for each worker: ${[...perWorker].join(', ')}`);
    // The p99 of Node's event-loop delay monitor; the plain lag gauge is measured after each scrape, so it shows from the second.
    const lag = samples(scrape, 'nodejs_eventloop_lag_p99_seconds');
    assert.equal(new Set(lag.map((s) => s.labels.worker)).size, 2, 'event-loop lag for each worker');
    assert.ok(samples(scrape, 'nodejs_heap_size_used_bytes').every((s) => s.value > 0));
  });

  test('the public port serves no metrics', async () => {
    assert.equal(await status(`${site}/metrics`), 404);
  });
});
