import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, queryOne, type TestApp } from '../support/app.js';
import { Browser, signedInAs } from '../support/web.js';

const SESSION_COOKIE = 'conduit_session';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  assert.equal((await new Browser(t.app).register('frank')).statusCode, 303);
});
after(() => t.close());

function sidOf(cookieValue: string): string {
  const decoded = decodeURIComponent(cookieValue);
  return decoded.slice(0, decoded.lastIndexOf('.'));
}

async function sessionRows(sid: string): Promise<number> {
  return (await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM sessions WHERE sid = ${sid}`)).n;
}

test('the settings page has the logout button as a POST form', async () => {
  const browser = new Browser(t.app);
  await browser.login('frank@example.com');
  const page = await browser.get('/settings');
  assert.match(page.body, /<form method="post" action="\/logout">[\s\S]*?name="_csrf"[\s\S]*?<button class="btn btn-outline-danger" type="submit">Or click here to logout.<\/button>/);
});

test('POST /logout ends the session server-side: the old cookie is signed out and its row is gone', async () => {
  const browser = new Browser(t.app);
  await browser.login('frank@example.com');
  const oldCookie = browser.cookies.get(SESSION_COOKIE);
  assert.ok(oldCookie);
  const sid = sidOf(oldCookie);
  assert.equal(await sessionRows(sid), 1);
  assert.equal(signedInAs((await browser.get('/')).body), 'frank');

  const response = await browser.submit('/settings', '/logout', {});
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/');
  // The browser is told to forget the cookie.
  const setCookie = String(response.headers['set-cookie'] ?? '');
  assert.match(setCookie, new RegExp(`${SESSION_COOKIE}=;`));
  assert.equal(browser.cookies.has(SESSION_COOKIE), false);
  const home = await browser.get('/');
  assert.equal(signedInAs(home.body), null);
  assert.match(home.body, /href="\/login">Sign in</);

  // Someone who kept a copy of the old cookie is signed out too.
  const replay = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${oldCookie}` } });
  assert.equal(replay.statusCode, 200);
  assert.equal(signedInAs(replay.body), null);
  assert.match(replay.body, /href="\/login">Sign in</);
  const settings = await t.app.inject({ method: 'GET', url: '/settings', headers: { cookie: `${SESSION_COOKIE}=${oldCookie}` } });
  assert.equal(settings.statusCode, 303);
  assert.equal(settings.headers.location, '/login');

  assert.equal(await sessionRows(sid), 0, 'the sessions table no longer has that row');
});

test('logging out one browser leaves the user\'s other sessions signed in', async () => {
  const first = new Browser(t.app);
  const second = new Browser(t.app);
  await first.login('frank@example.com');
  await second.login('frank@example.com');
  await first.submit('/settings', '/logout', {});
  assert.equal(signedInAs((await first.get('/')).body), null);
  assert.equal(signedInAs((await second.get('/')).body), 'frank');
});

test('GET /logout is not a way to log out (404)', async () => {
  const browser = new Browser(t.app);
  await browser.login('frank@example.com');
  const response = await browser.get('/logout');
  assert.equal(response.statusCode, 404);
  assert.equal(signedInAs((await browser.get('/')).body), 'frank');
});

test('POST /logout without a CSRF token does not log out', async () => {
  const browser = new Browser(t.app);
  await browser.login('frank@example.com');
  const response = await browser.post('/logout', {});
  assert.equal(response.statusCode, 403);
  assert.equal(signedInAs((await browser.get('/')).body), 'frank');
});
