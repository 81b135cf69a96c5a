import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { Browser, signedInAs } from '../support/web.js';

let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

describe('Cache-Control: no-store for everything personal', () => {
  test('every page a signed-in user gets, public pages included', async () => {
    const browser = new Browser(t.app);
    await browser.register('nostore');
    for (const url of ['/', '/settings', '/settings/sessions', '/settings/delete', '/editor', '/profile/nostore', '/tag/none', '/?feed=following']) {
      const res = await browser.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['cache-control'], 'no-store', url);
    }
  });

  test('every authenticated API answer, reads included', async () => {
    const call = api(t.app);
    const token = (await call('/users', { method: 'POST', body: { user: { username: 'apinostore', email: 'apinostore@example.com', password: 'correct horse battery staple' } } })).json().user
      .token as string;
    for (const url of ['/user', '/articles', '/articles/feed', '/tags', '/profiles/apinostore']) {
      const res = await call(url, { token });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['cache-control'], 'no-store', url);
    }
    const login = await call('/users/login', { method: 'POST', body: { user: { email: 'apinostore@example.com', password: 'correct horse battery staple' } } });
    assert.equal(login.headers['cache-control'], 'no-store');
  });
});

describe('signing out', () => {
  test('sends Clear-Site-Data for the cache and cookies, and ends the session', async () => {
    const browser = new Browser(t.app);
    await browser.register('leaver');
    const cookie = browser.cookieHeader;
    await browser.get('/');
    const res = await browser.post('/logout', { _csrf: browser.csrf() });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/');
    assert.equal(res.headers['clear-site-data'], '"cache", "cookies"');
    const replay = await t.app.inject({ url: '/settings', headers: { cookie } });
    assert.equal(replay.headers.location, '/login');
  });

  test('every signed-in page has a Sign out button in the navbar that posts to /logout', async () => {
    const browser = new Browser(t.app);
    await browser.register('navbar');
    for (const url of ['/', '/editor', '/profile/navbar', '/settings']) {
      const html = (await browser.get(url)).body;
      const nav = /<nav class="navbar[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
      assert.match(nav, /<form class="nav-signout" method="post" action="\/logout">/, url);
      assert.match(nav, /<input class="nav-signout-button" type="submit" value="Sign out">/, url);
      assert.doesNotMatch(nav, /<button/, `${url}: the layout has no button elements`);
    }
    const signedOut = (await new Browser(t.app).get('/')).body;
    assert.doesNotMatch(signedOut, /Sign out/);
  });
});

describe('the session cookie name', () => {
  test('over http in development it is plain', async () => {
    const res = await new Browser(t.app).register('plainname');
    const cookie = res.cookies.find((c) => c.name.endsWith('conduit_session'));
    assert.equal(cookie?.name, 'conduit_session');
    assert.equal(cookie?.secure, undefined);
  });

  test('over https it is __Host- prefixed, Secure, Path=/ and without Domain; it works and nothing plain is trusted', async () => {
    const proxied = await createTestApp({ TRUST_PROXY: '1' });
    try {
      const https = { 'x-forwarded-proto': 'https' };
      const browser = new Browser(proxied.app);
      await browser.get('/register', https);
      const res = await browser.post('/register', { _csrf: browser.csrf(), username: 'hosted', email: 'hosted@example.com', password: 'correct horse battery staple' }, https);
      assert.equal(res.statusCode, 303);
      const setCookie = [res.headers['set-cookie']].flat().find((c) => c?.includes('conduit_session='));
      assert.match(setCookie ?? '', /^__Host-conduit_session=/);
      assert.match(setCookie ?? '', /; Secure/);
      assert.match(setCookie ?? '', /; Path=\//);
      assert.doesNotMatch(setCookie ?? '', /Domain=/i);
      assert.equal(signedInAs((await browser.get('/', https)).body), 'hosted');
      // The same value under the plain name is ignored over https (it could have been planted over http).
      const value = browser.cookies.get('__Host-conduit_session')!;
      const planted = await proxied.app.inject({ url: '/', headers: { ...https, cookie: `conduit_session=${value}` } });
      assert.equal(signedInAs(planted.body), null);
      // Signing out clears the prefixed cookie.
      await browser.get('/', https);
      const out = await browser.post('/logout', { _csrf: browser.csrf() }, https);
      const cleared = String([out.headers['set-cookie']].flat()[0]);
      assert.match(cleared, /^__Host-conduit_session=;/);
      // Browsers take a __Host- cookie, even an expiring one, only with Secure.
      assert.match(cleared, /; Secure/);
    } finally {
      await proxied.close();
    }
  });
});

test('log lines never carry a password-reset token', async () => {
  const { redactSecrets } = await import('../../src/app.js');
  assert.equal(redactSecrets('/reset/iHJ0m-Kqp3Al5OkHKt9ZdZf7mpBDjKwd5PHmMhu7j9Y'), '/reset/[token]');
  assert.equal(redactSecrets('/reset/abc?x=1'), '/reset/[token]?x=1');
  assert.equal(redactSecrets('/article/reset/abc'), '/article/reset/abc');
});
