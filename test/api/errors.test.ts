import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, secondInstance, type TestApp } from '../support/app.js';
import { api, postArticle, signUp } from '../support/api.js';

let t: TestApp;
let call: ReturnType<typeof api>;
let alice: string;
let bob: string;
before(async () => {
  t = await createTestApp();
  call = api(t.app);
  alice = await signUp(t.app, 'alice');
  bob = await signUp(t.app, 'bob');
});
after(() => t.close());

const json = { 'content-type': 'application/json' };

describe('authentication comes first', () => {
  test('missing token beats unknown resources, bad bodies and bad parameters', async () => {
    const cases = [
      call('/articles/nope', { method: 'PUT', body: { article: { title: '' } } }),
      call('/articles/nope', { method: 'DELETE' }),
      call('/articles/nope/favorite', { method: 'POST' }),
      call('/articles/nope/comments/xyz', { method: 'DELETE' }),
      call('/profiles/nobody/follow', { method: 'POST' }),
      call('/articles', { method: 'POST', body: '{not json', headers: json }),
      call('/articles', { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024), headers: json }),
      call('/articles/feed?limit=abc'),
      call('/user', { method: 'PUT', body: 'a=b', headers: { 'content-type': 'text/plain' } }),
    ];
    for (const res of await Promise.all(cases)) {
      assert.equal(res.statusCode, 401, res.body);
      assert.deepEqual(res.json(), { errors: { token: ['is missing'] } });
    }
  });

  test('an invalid token beats them too', async () => {
    const res = await call('/articles/nope', { method: 'PUT', token: 'bogus', body: { article: null } });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { errors: { token: ['is invalid'] } });
  });

  test('optional-auth routes refuse an invalid token rather than ignore it', async () => {
    for (const url of ['/articles', '/articles/nope', '/articles/nope/comments', '/profiles/alice']) {
      const res = await call(url, { token: 'bogus' });
      assert.equal(res.statusCode, 401, url);
      assert.deepEqual(res.json(), { errors: { token: ['is invalid'] } });
    }
  });
});

describe('request bodies', () => {
  test('malformed JSON is 400 with an errors body', async () => {
    for (const body of ['{"article": {', '{"article": {"title": "x",}}', 'undefined']) {
      const res = await call('/articles', { method: 'POST', token: alice, body, headers: json });
      assert.equal(res.statusCode, 400, body);
      assert.deepEqual(res.json(), { errors: { body: ['is not valid JSON'] } });
    }
  });

  test('prototype poisoning is refused as invalid JSON', async () => {
    const body = '{"article": {"title": "T", "description": "D", "body": "B"}, "__proto__": {"admin": true}}';
    const res = await call('/articles', { method: 'POST', token: alice, body, headers: json });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { errors: { body: ['is not valid JSON'] } });
  });

  test('a body over 1 MB is 413 with an errors body', async () => {
    const article = { title: 'Big', description: 'Big', body: 'x'.repeat(1024 * 1024 + 10) };
    const res = await call('/articles', { method: 'POST', token: alice, body: { article } });
    assert.equal(res.statusCode, 413);
    assert.deepEqual(res.json(), { errors: { body: ['is too large'] } });
  });

  test('non-JSON content types are 415 with an errors body', async () => {
    const cases: Array<[string, string]> = [
      ['application/x-www-form-urlencoded', 'article[title]=x'],
      ['text/plain', '{"article":{}}'],
      ['multipart/form-data; boundary=x', '--x--'],
    ];
    for (const [type, body] of cases) {
      const res = await call('/articles', { method: 'POST', token: alice, body, headers: { 'content-type': type } });
      assert.equal(res.statusCode, 415, type);
      assert.deepEqual(res.json(), { errors: { 'content-type': ['must be application/json'] } });
    }
  });

  test('JSON with a charset is fine', async () => {
    const body = JSON.stringify({ article: { title: 'Charset', description: 'D', body: 'B' } });
    const res = await call('/articles', { method: 'POST', token: alice, body, headers: { 'content-type': 'application/json; charset=utf-8' } });
    assert.equal(res.statusCode, 201);
  });

  test('wrong types are 422 naming the field', async () => {
    const cases: Array<[unknown, Record<string, string[]>]> = [
      [{ article: { title: 5, description: 'D', body: 'B' } }, { title: ['must be a string'] }],
      [{ article: { title: 'T', description: ['D'], body: 'B' } }, { description: ['must be a string'] }],
      [{ article: { title: 'T', description: 'D', body: 'B', tagList: 'one' } }, { tagList: ['must be a list of strings'] }],
      [{ article: [] }, { article: ['must be an object'] }],
      [{ article: 'text' }, { article: ['must be an object'] }],
      [[{ article: {} }], { body: ['must be a JSON object'] }],
      ['"just a string"', { body: ['must be a JSON object'] }],
    ];
    for (const [body, errors] of cases) {
      const res = await call('/articles', { method: 'POST', token: alice, body, ...(typeof body === 'string' && { headers: json }) });
      assert.equal(res.statusCode, 422, JSON.stringify(body));
      assert.deepEqual(res.json(), { errors });
    }
  });

  test('unknown fields are ignored, inside and outside the envelope', async () => {
    const res = await call('/articles', {
      method: 'POST',
      token: alice,
      body: { article: { title: 'Extra', description: 'D', body: 'B', favoritesCount: 99, slug: 'chosen', author: 'bob' }, extra: 1 },
    });
    assert.equal(res.statusCode, 201);
    const { article } = res.json();
    assert.equal(article.slug, 'extra');
    assert.equal(article.favoritesCount, 0);
    assert.equal(article.author.username, 'alice');
  });

  test('bodiless routes accept Content-Type: application/json with an empty body', async () => {
    const { slug } = await postArticle(t.app, alice, { title: 'Empty Bodies' });
    const empty = (url: string, method: 'POST' | 'DELETE', token: string) => call(url, { method, token, body: '', headers: json });

    assert.equal((await empty(`/articles/${slug}/favorite`, 'POST', bob)).statusCode, 200);
    assert.equal((await empty(`/articles/${slug}/favorite`, 'DELETE', bob)).statusCode, 200);
    assert.equal((await empty('/profiles/alice/follow', 'POST', bob)).statusCode, 200);
    assert.equal((await empty('/profiles/alice/follow', 'DELETE', bob)).statusCode, 200);
    const { id } = (await call(`/articles/${slug}/comments`, { method: 'POST', token: bob, body: { comment: { body: 'hi' } } })).json().comment;
    assert.equal((await empty(`/articles/${slug}/comments/${id}`, 'DELETE', bob)).statusCode, 204);
    assert.equal((await empty(`/articles/${slug}`, 'DELETE', alice)).statusCode, 204);
  });

  test('an empty JSON body where one is needed is 422 naming the envelope', async () => {
    const res = await call('/articles', { method: 'POST', token: alice, body: '', headers: json });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json(), { errors: { article: ["can't be blank"] } });
  });
});

describe('query parameters', () => {
  test('non-numeric, negative, fractional or repeated limit/offset are 422, never 500', async () => {
    const limitError = { limit: ['must be a whole number between 1 and 100'] };
    const offsetError = { offset: ['must be a whole number of 0 or more'] };
    const cases: Array<[string, Record<string, string[]>]> = [
      ['limit=abc', limitError],
      ['limit=-1', limitError],
      ['limit=0', limitError],
      ['limit=1.5', limitError],
      ['limit=1e3', limitError],
      ['limit=1&limit=2', limitError],
      ['offset=abc', offsetError],
      ['offset=-5', offsetError],
      ['limit=x&offset=y', { ...limitError, ...offsetError }],
    ];
    for (const [query, errors] of cases) {
      for (const path of ['/articles', '/articles/feed']) {
        const res = await call(`${path}?${query}`, { token: alice });
        assert.equal(res.statusCode, 422, `${path}?${query}`);
        assert.deepEqual(res.json(), { errors });
      }
    }
  });

  test('an empty limit or filter means the default', async () => {
    const res = await call('/articles?limit=&offset=&tag=');
    assert.equal(res.statusCode, 200);
  });

  test('a repeated filter is 422', async () => {
    const res = await call('/articles?tag=a&tag=b');
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json(), { errors: { tag: ['must be a single value'] } });
  });
});

describe('routes', () => {
  test('unknown /api routes and methods are 404 route', async () => {
    for (const [method, url] of [
      ['GET', '/nope'],
      ['POST', '/articles/feed'],
      ['PATCH', '/user'],
      ['GET', '/articles/x/comments/1'],
    ] as const) {
      const res = await call(url, { method });
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.deepEqual(res.json(), { errors: { route: ['not found'] } });
    }
  });

  test('/api/articles/feed is the feed, never an article slug', async () => {
    const res = await call('/articles/feed', { token: alice });
    assert.equal(res.statusCode, 200);
    assert.ok('articles' in res.json());
  });
});

describe('CORS', () => {
  const preflight = (app: TestApp, origin: string) =>
    app.app.inject({
      method: 'OPTIONS',
      url: '/api/articles',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });

  test('by default outside production any origin may call, with preflight answered 204', async () => {
    const res = await preflight(t, 'https://spa.example');
    assert.equal(res.statusCode, 204);
    assert.equal(res.headers['access-control-allow-origin'], 'https://spa.example');
    assert.equal(res.headers['access-control-allow-methods'], 'GET, POST, PUT, DELETE, OPTIONS');
    assert.equal(res.headers['access-control-allow-headers'], 'Content-Type, Authorization');
    const get = await t.app.inject({ method: 'GET', url: '/api/tags', headers: { origin: 'https://spa.example' } });
    assert.equal(get.headers['access-control-allow-origin'], 'https://spa.example');
  });

  test('error responses carry CORS headers too, so a browser can read them', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/user', headers: { origin: 'https://spa.example' } });
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['access-control-allow-origin'], 'https://spa.example');
  });

  test('pages get no CORS headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/', headers: { origin: 'https://spa.example' } });
    assert.equal(res.headers['access-control-allow-origin'], undefined);
  });

  test('a configured list allows only its origins', async () => {
    const listed = await createTestApp({ CORS_ORIGINS: 'https://app.example, https://admin.example' });
    try {
      const allowed = await preflight(listed, 'https://admin.example');
      assert.equal(allowed.statusCode, 204);
      assert.equal(allowed.headers['access-control-allow-origin'], 'https://admin.example');
      const other = await preflight(listed, 'https://evil.example');
      assert.equal(other.headers['access-control-allow-origin'], undefined);
    } finally {
      await listed.close();
    }
  });

  test('production without CORS_ORIGINS allows no origin and answers no preflight', async () => {
    const prod = await createTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
    try {
      const res = await preflight(prod, 'https://spa.example');
      assert.equal(res.headers['access-control-allow-origin'], undefined);
      assert.equal(res.statusCode, 404);
      const get = await prod.app.inject({ method: 'GET', url: '/api/tags', headers: { origin: 'https://spa.example' } });
      assert.equal(get.statusCode, 200);
      assert.equal(get.headers['access-control-allow-origin'], undefined);
    } finally {
      await prod.close();
    }
  });
});

describe('server errors', () => {
  test('an unexpected failure is 500 {"errors":{"server":["internal error"]}} with no internals', async () => {
    const fresh = await createTestApp();
    // An app on a database connection of its own, so the scratch database outlives the one closed here.
    const broken = await secondInstance(fresh);
    try {
      await broken.database.close(); // every query now throws
      const res = await broken.app.inject({ method: 'GET', url: '/api/tags' });
      assert.equal(res.statusCode, 500);
      assert.deepEqual(res.json(), { errors: { server: ['internal error'] } });
      assert.doesNotMatch(res.body, /database|stack|at /i);
    } finally {
      await broken.app.close(); // not broken.close(): its database is closed already
      await fresh.close();
    }
  });
});
