// The response cache on its own, on a bare Fastify app: what it keeps, what
// it never keeps, and how it stays within its budget.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { read } from '../../src/cache/read-tracking.js';
import { usePublicResponseCache } from '../../src/plugins/public-response-cache.js';

/** An app whose routes count how often they really run; page N reads the scope `page:N`. */
async function appWith(maxBytes = 1024 * 1024) {
  const app = Fastify();
  const state = { runs: 0, seen: 0, moved: new Map<string, number>() };
  /** What a write would do: stamp a scope with the next version. */
  const move = (scope: string) => state.moved.set(scope, ++state.seen);
  usePublicResponseCache(app, {
    name: 'test',
    versions: {
      get seen() {
        return state.seen;
      },
      isCurrent: (deps, builtAt) => deps.every((scope) => (state.moved.get(scope) ?? 0) <= builtAt),
    },
    anonymous: (request) => request.headers['x-user'] === undefined,
    vary: 'Cookie',
    maxBytes,
  });
  const publicCache = { publicCache: true };
  app.get('/page/:n', { config: publicCache }, async (request) => {
    state.runs++;
    const { n } = request.params as { n: string };
    await Promise.resolve(); // reads after an await are collected too
    read([`page:${n}`]);
    return `page ${n} ${'x'.repeat(1000)}`;
  });
  // Another process writes what this page shows while the page is being built.
  app.get('/racing', { config: publicCache }, async () => {
    state.runs++;
    read(['race']);
    if (state.runs === 2) move('race');
    return 'raced';
  });
  app.get('/cookie', { config: publicCache }, async (_request, reply) => {
    state.runs++;
    return reply.header('set-cookie', 'visitor=1').send('hello');
  });
  app.get('/missing', { config: publicCache }, async (_request, reply) => {
    state.runs++;
    return reply.code(404).send('no');
  });
  // A handler that reports no reads: nothing could ever say it changed.
  app.get('/unread', { config: publicCache }, async () => {
    state.runs++;
    return 'shows who knows what';
  });
  app.get('/private', async () => {
    state.runs++;
    return 'not opted in';
  });
  await app.ready();
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  return { app, state, move, get };
}

test('a URL read once is not kept; from its second read it is, with the same type and bytes', async () => {
  const { state, get } = await appWith();
  const first = await get('/page/1');
  await get('/page/1');
  assert.equal(state.runs, 2, 'one read is no reason to keep a page');
  const third = await get('/page/1');
  assert.equal(state.runs, 2);
  assert.equal(third.headers['server-timing'], 'cache;desc="hit"');
  assert.equal(third.body, first.body);
  assert.equal(third.headers['content-type'], first.headers['content-type']);
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

test('a response whose handler reported no reads is never kept, however often it is asked for', async () => {
  const { state, get } = await appWith();
  for (let i = 0; i < 4; i++) assert.equal((await get('/unread')).statusCode, 200);
  assert.equal(state.runs, 4);
});

test('a moved scope retires only the responses that read it', async () => {
  const { state, move, get } = await appWith();
  for (const url of ['/page/1', '/page/1', '/page/2', '/page/2']) await get(url);
  move('page:1');
  await get('/page/1');
  await get('/page/2');
  assert.equal(state.runs, 5, 'page 1 was built again, page 2 was not');
  move('elsewhere');
  await get('/page/1');
  assert.equal(state.runs, 5, 'a scope nobody read retires nothing');
});

test('a response built while its scope moved is not served again', async () => {
  const { state, get } = await appWith();
  for (let i = 0; i < 4; i++) await get('/racing');
  assert.equal(state.runs, 3, 'the copy built while it moved was built again, then kept');
});

test('kept answers carry an ETag and public no-cache; a revalidation gets a bodiless 304', async () => {
  const { state, get } = await appWith();
  const first = await get('/page/1');
  const etag = String(first.headers.etag);
  assert.match(etag, /^"[\w-]+"$/);
  assert.equal(first.headers['cache-control'], 'public, no-cache');
  assert.equal(first.headers.vary, 'Cookie');
  const again = await get('/page/1', { 'if-none-match': etag });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  assert.equal(again.headers.etag, etag);
  assert.equal((await get('/page/1', { 'if-none-match': `"other", W/${etag}` })).statusCode, 304);
  assert.equal(state.runs, 2, 'the third asking was answered from memory');
});

test('a miss that builds the same bytes still answers a matching revalidation with 304', async () => {
  const { move, get } = await appWith();
  const etag = String((await get('/page/5')).headers.etag);
  move('page:5');
  const res = await get('/page/5', { 'if-none-match': etag });
  assert.equal(res.statusCode, 304);
});

test('nothing personal gets the public headers', async () => {
  const { get } = await appWith();
  for (const [url, headers] of [['/page/1', { 'x-user': 'ann' }], ['/cookie', {}], ['/missing', {}], ['/private', {}]] as const) {
    const res = await get(url, headers);
    assert.equal(res.headers.etag, undefined, url);
    assert.notEqual(res.headers['cache-control'], 'public, no-cache', url);
  }
});

test('stays within its budget, dropping the least recently used first', async () => {
  // Each entry is about 1.2 KB with its key and bookkeeping: eight fit in 10 KB.
  const { state, get } = await appWith(10 * 1024);
  for (let n = 1; n <= 8; n++) for (let read = 0; read < 2; read++) await get(`/page/${n}`);
  const filled = state.runs;
  for (let n = 1; n <= 8; n++) await get(`/page/${n}`);
  assert.equal(state.runs, filled, 'all eight were kept');
  await get('/page/1'); // now the most recently used
  await get('/page/9');
  await get('/page/9'); // kept, over budget: the least recently used (page 2) goes
  const runs = state.runs;
  await get('/page/1');
  assert.equal(state.runs, runs, 'page 1 was kept');
  await get('/page/2');
  assert.equal(state.runs, runs + 1, 'page 2 was dropped');
});

test('a body too big for an eighth of the budget is never kept', async () => {
  const { state, get } = await appWith(8 * 1024);
  for (let i = 0; i < 3; i++) await get('/page/1');
  assert.equal(state.runs, 3);
});
