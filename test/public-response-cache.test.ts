// The response cache on its own, on a bare Fastify app: what it keeps, what
// it never keeps, and how it stays within its budget.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { usePublicResponseCache } from '../src/plugins/public-response-cache.js';

/** An app whose routes count how often they really run. */
async function appWith(maxBytes = 1024 * 1024) {
  const app = Fastify();
  const state = { version: 0, runs: 0 };
  usePublicResponseCache(app, {
    version: () => state.version,
    anonymous: (request) => request.headers['x-user'] === undefined,
    maxBytes,
  });
  const publicCache = { publicCache: true };
  app.get('/page/:n', { config: publicCache }, async (request) => {
    state.runs++;
    return `page ${(request.params as { n: string }).n} ${'x'.repeat(1000)}`;
  });
  app.get('/cookie', { config: publicCache }, async (_request, reply) => {
    state.runs++;
    return reply.header('set-cookie', 'visitor=1').send('hello');
  });
  app.get('/missing', { config: publicCache }, async (_request, reply) => {
    state.runs++;
    return reply.code(404).send('no');
  });
  app.get('/private', async () => {
    state.runs++;
    return 'not opted in';
  });
  await app.ready();
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  return { app, state, get };
}

test('a signed-out repeat is answered without running the route, with the same type and bytes', async () => {
  const { state, get } = await appWith();
  const first = await get('/page/1');
  const again = await get('/page/1');
  assert.equal(state.runs, 1);
  assert.equal(again.body, first.body);
  assert.equal(again.headers['content-type'], first.headers['content-type']);
});

test('never kept: signed-in requests, responses with a cookie, non-200s, routes not opted in', async () => {
  const { state, get } = await appWith();
  await get('/page/1', { 'x-user': 'ann' });
  await get('/page/1', { 'x-user': 'ann' });
  assert.equal(state.runs, 2, 'signed in: built each time');
  await get('/page/1');
  await get('/page/1', { 'x-user': 'ann' });
  assert.equal(state.runs, 4, 'a signed-in reader never gets the kept page');
  for (const url of ['/cookie', '/missing', '/private']) {
    const before: number = state.runs;
    await get(url);
    await get(url);
    assert.equal(state.runs, before + 2, url);
  }
});

test('a new content version retires every entry', async () => {
  const { state, get } = await appWith();
  await get('/page/1');
  await get('/page/2');
  state.version++;
  await get('/page/1');
  await get('/page/2');
  assert.equal(state.runs, 4);
});

test('stays within its budget, dropping the least recently used first', async () => {
  // Each entry is about 1.2 KB with its key and bookkeeping: eight fit in 10 KB.
  const { state, get } = await appWith(10 * 1024);
  for (let n = 1; n <= 8; n++) await get(`/page/${n}`);
  const filled = state.runs;
  for (let n = 1; n <= 8; n++) await get(`/page/${n}`);
  assert.equal(state.runs, filled, 'all eight were kept');
  await get('/page/1'); // now the most recently used
  await get('/page/9'); // over budget: the least recently used (page 2) goes
  const runs = state.runs;
  await get('/page/1');
  assert.equal(state.runs, runs, 'page 1 was kept');
  await get('/page/2');
  assert.equal(state.runs, runs + 1, 'page 2 was dropped');
});

test('a body too big for an eighth of the budget is never kept', async () => {
  const { state, get } = await appWith(8 * 1024);
  await get('/page/1');
  await get('/page/1');
  assert.equal(state.runs, 2);
});
