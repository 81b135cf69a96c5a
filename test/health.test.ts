// GET /healthz, as a load balancer uses it: 200 while the database answers,
// 503 when it does not; never cached, never rate-limited, no session.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;

before(async () => {
  t = await createTestApp({ AUTH_RATE_LIMIT: '2' });
});

after(async () => {
  await t.close();
});

test('answers 200 while the database answers, never cached and without a cookie', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'ok' });
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['set-cookie'], undefined);
});

test('is never rate-limited', async () => {
  const answers = await Promise.all(Array.from({ length: 200 }, () => t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '198.51.100.9' })));
  assert.deepEqual(new Set(answers.map((r) => r.statusCode)), new Set([200]));
});

test('answers 503 when the database does not answer', async () => {
  const second = await createTestApp();
  try {
    await second.database.close();
    const res = await second.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 503);
    assert.deepEqual(res.json(), { status: 'unavailable' });
    assert.equal(res.headers['cache-control'], 'no-store');
  } finally {
    await second.close();
  }
});
