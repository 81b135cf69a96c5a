// The metrics listener: loopback unless told otherwise, /metrics only, and a failed gathering is a
// 503 (logged) rather than a hang or a crash.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { METRICS_PATH, serveMetrics } from '../../src/metrics/metrics-server.js';

const base = { NODE_ENV: 'test', SESSION_SECRET: 'a-test-secret-that-is-long-enough-0123456789' };

test('metrics are off unless METRICS_PORT is set, and bind to loopback by default', () => {
  assert.equal(loadConfig(base).metrics, null);
  assert.deepEqual(loadConfig({ ...base, METRICS_PORT: '9464' }).metrics, { host: '127.0.0.1', port: 9464 });
  assert.deepEqual(loadConfig({ ...base, METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics, { host: '10.0.0.5', port: 9464 });
});

test('METRICS_PORT may not be the public port, nor out of range', () => {
  assert.throws(() => loadConfig({ ...base, PORT: '3000', METRICS_PORT: '3000' }), /METRICS_PORT \("3000"\): must differ from PORT/);
  assert.throws(() => loadConfig({ ...base, METRICS_PORT: '70000' }), /METRICS_PORT \("70000"\): must be a whole number from 1 to 65535/);
});

test('the listener serves /metrics on the host it is given, and nothing else', async (t) => {
  const errors: unknown[] = [];
  let fail = false;
  const server = await serveMetrics(
    { host: '127.0.0.1', port: 0 },
    { contentType: 'text/plain; version=0.0.4; charset=utf-8', render: async () => (fail ? Promise.reject(new Error('no answer')) : 'up 1\n') },
    (error) => errors.push(error),
  );
  t.after(() => server.close());
  const { address, port } = server.address() as AddressInfo;
  assert.equal(address, '127.0.0.1');
  const origin = `http://127.0.0.1:${port}`;

  const ok = await fetch(`${origin}${METRICS_PATH}`);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), 'up 1\n');
  assert.equal(ok.headers.get('cache-control'), 'no-store');
  assert.equal((await fetch(`${origin}/`)).status, 404);
  assert.equal((await fetch(`${origin}/metrics/../admin`)).status, 404);
  assert.equal((await fetch(`${origin}${METRICS_PATH}`, { method: 'POST' })).status, 405);

  fail = true;
  const broken = await fetch(`${origin}${METRICS_PATH}`);
  assert.equal(broken.status, 503);
  assert.equal(errors.length, 1);
});

test('a taken port is an error at start, not a silent listener elsewhere', async (t) => {
  const first = await serveMetrics({ host: '127.0.0.1', port: 0 }, { contentType: 'text/plain', render: async () => '' }, () => {});
  t.after(() => first.close());
  const { port } = first.address() as AddressInfo;
  await assert.rejects(serveMetrics({ host: '127.0.0.1', port }, { contentType: 'text/plain', render: async () => '' }, () => {}), /EADDRINUSE/);
});
