import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { NotFoundError, ForbiddenError, InvalidError } from '../../src/domain/errors.js';
import { handlePageError } from '../../src/web/errors.js';
import { createTestApp, queryOne, type TestApp } from '../support/app.js';
import { Browser, signedInAs } from '../support/web.js';

let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

async function sessionRowCount(): Promise<number> {
  return (await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM sessions`)).n;
}

describe('the 404 page', () => {
  test('an unknown route is a 404 HTML page in the layout with a link home', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /<nav class="navbar/);
    assert.match(response.body, /<a class="navbar-brand" href="\/">conduit<\/a>/);
    assert.match(response.body, /<h1>404<\/h1>/);
    assert.match(response.body, /We couldn&#39;t find that page|We couldn't find that page/);
    assert.match(response.body, /<a class="btn btn-outline-primary" href="\/">Back to the home page<\/a>/);
    assert.match(response.body, /<title>Not found — Conduit<\/title>/);
  });

  test('signed in, the 404 page shows the user in the navbar', async () => {
    const browser = new Browser(t.app);
    await browser.register('quinn');
    const response = await browser.get('/definitely-missing');
    assert.equal(response.statusCode, 404);
    assert.equal(signedInAs(response.body), 'quinn');
  });

  test('an unknown static-looking path is the same 404 page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/missing.css' });
    assert.equal(response.statusCode, 404);
    assert.match(response.body, /<nav class="navbar/);
  });
});

describe('handlePageError (unit, with a fake reply)', () => {
  function fakes(env: 'production' | 'development') {
    const calls: { status?: number; template?: string; data?: Record<string, unknown> } = {};
    const logged: unknown[] = [];
    const reply = {
      code(status: number) {
        calls.status = status;
        return reply;
      },
      render(template: string, data: Record<string, unknown>) {
        calls.template = template;
        calls.data = data;
        return reply;
      },
    } as unknown as FastifyReply;
    const request = { id: 'req-42', log: { error: (...args: unknown[]) => logged.push(args) } } as unknown as FastifyRequest;
    const config = loadConfig(env === 'production' ? { NODE_ENV: 'production', SESSION_SECRET: 'p'.repeat(32) } : { NODE_ENV: env });
    return { calls, logged, reply, request, config };
  }

  test('an unexpected error is a 500 page without internals in production, and is logged', () => {
    const { calls, logged, reply, request, config } = fakes('production');
    handlePageError(new Error('SQLITE_CORRUPT: secret table details'), request, reply, config);
    assert.equal(calls.status, 500);
    assert.equal(calls.template, 'errors/error');
    assert.equal(calls.data?.status, 500);
    assert.match(String(calls.data?.message), /Something went wrong on our side/);
    assert.match(String(calls.data?.message), /req-42/);
    assert.equal(calls.data?.detail, undefined, 'no stack trace in production');
    assert.ok(!JSON.stringify(calls.data).includes('SQLITE_CORRUPT'));
    assert.equal(logged.length, 1);
  });

  test('in development the 500 page carries the stack for the developer', () => {
    const { calls, reply, request, config } = fakes('development');
    handlePageError(new Error('boom'), request, reply, config);
    assert.equal(calls.status, 500);
    assert.match(String(calls.data?.detail), /boom/);
  });

  test('domain NotFound and Forbidden map to the 404 and 403 pages', () => {
    const notFound = fakes('production');
    handlePageError(new NotFoundError('article'), notFound.request, notFound.reply, notFound.config);
    assert.equal(notFound.calls.status, 404);
    assert.equal(notFound.calls.template, 'errors/not-found');
    assert.equal(notFound.calls.data?.what, 'article');

    const forbidden = fakes('production');
    handlePageError(new ForbiddenError('article'), forbidden.request, forbidden.reply, forbidden.config);
    assert.equal(forbidden.calls.status, 403);
    assert.equal(forbidden.calls.template, 'errors/forbidden');
  });

  test('a rule broken outside a form (e.g. following yourself) is a 422 page naming the rule', () => {
    const { calls, reply, request, config } = fakes('production');
    handlePageError(new InvalidError({ profile: ['cannot follow yourself'] }), request, reply, config);
    assert.equal(calls.status, 422);
    assert.match(String(calls.data?.message), /profile cannot follow yourself/);
  });

  test('an unexpected error is a 500 page without internals in production', () => {
    const { calls, reply, request, config } = fakes('production');
    handlePageError(new Error('secret internals'), request, reply, config);
    assert.equal(calls.status, 500);
    assert.doesNotMatch(JSON.stringify(calls.data), /secret internals/);
  });

  test('a framework 4xx keeps its status', () => {
    const { calls, reply, request, config } = fakes('production');
    const error = Object.assign(new Error('Body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    handlePageError(error, request, reply, config);
    assert.equal(calls.status, 413);
    assert.equal(calls.template, 'errors/error');
  });
});

test('a malformed form body is a 400 page, not a crash', async () => {
  const browser = new Browser(t.app);
  await browser.get('/login');
  const response = await browser.request({
    method: 'POST',
    url: '/login',
    payload: '{not json',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(response.statusCode, 400);
  assert.match(String(response.headers['content-type']), /^text\/html/);
  assert.match(response.body, /<nav class="navbar/);
});

describe('static files', () => {
  test('GET /styles.css has ETag and Last-Modified, and a conditional GET is a 304', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/styles.css' });
    assert.equal(first.statusCode, 200);
    assert.match(String(first.headers['content-type']), /^text\/css/);
    const etag = first.headers.etag;
    assert.ok(etag, 'ETag');
    assert.ok(first.headers['last-modified'], 'Last-Modified');
    assert.ok(first.body.length > 0);

    const again = await t.app.inject({ method: 'GET', url: '/styles.css', headers: { 'if-none-match': String(etag) } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');

    const since = await t.app.inject({
      method: 'GET',
      url: '/styles.css',
      headers: { 'if-modified-since': String(first.headers['last-modified']) },
    });
    assert.equal(since.statusCode, 304);
  });

  test('/default-avatar.svg is served as image/svg+xml with explicit width and height', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/default-avatar.svg' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^image\/svg\+xml/);
    assert.match(response.body, /<svg[^>]*\swidth="\d+"/);
    assert.match(response.body, /<svg[^>]*\sheight="\d+"/);
  });

  test('the favicon is served', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/favicon.svg' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^image\/svg\+xml/);
  });

  test('static files set no session cookie', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/styles.css' });
    assert.equal(response.headers['set-cookie'], undefined);
  });
});

describe('security headers', () => {
  test('pages carry a strict CSP and nosniff', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/' });
    const csp = String(response.headers['content-security-policy']);
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
    assert.ok(scriptSrc, 'script-src (or default-src) is set');
    assert.ok(!scriptSrc.includes("'unsafe-inline'"), 'no inline scripts');
    assert.ok(!scriptSrc.includes("'unsafe-eval'"));
    assert.ok(!scriptSrc.includes('*'));
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(directives.get('form-action'), ["'self'"]);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['referrer-policy'], 'same-origin');
    assert.equal(response.headers['x-powered-by'], undefined);
  });

  test('the 404 page and static files carry them too', async () => {
    for (const url of ['/no-such-page', '/styles.css']) {
      const response = await t.app.inject({ method: 'GET', url });
      assert.ok(response.headers['content-security-policy'], url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
    }
  });
});

describe('readers who post nothing get no session', () => {
  test('an anonymous GET / sets no cookie and creates no session row', async () => {
    const before = await sessionRowCount();
    for (const url of ['/', '/?page=2', '/no-such-page']) {
      const response = await t.app.inject({ method: 'GET', url });
      assert.equal(response.headers['set-cookie'], undefined, url);
    }
    assert.equal(await sessionRowCount(), before);
  });

  test('an unknown or forged session cookie on a read creates nothing either', async () => {
    const before = await sessionRowCount();
    const response = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: 'conduit_session=forged.value' } });
    assert.equal(response.statusCode, 200);
    assert.equal(signedInAs(response.body), null);
    assert.equal(await sessionRowCount(), before);
  });

  test('the page title is set per page', async () => {
    const home = await t.app.inject({ method: 'GET', url: '/' });
    assert.match(home.body, /<title>[^<]*Conduit<\/title>/);
    const login = await t.app.inject({ method: 'GET', url: '/login' });
    assert.match(login.body, /<title>Sign in — Conduit<\/title>/);
  });
});
