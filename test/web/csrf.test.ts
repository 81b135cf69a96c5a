import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, queryOne, type TestApp } from '../support/app.js';
import { Browser, signedInAs } from '../support/web.js';

const PASSWORD = 'correct horse battery staple';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  assert.equal((await new Browser(t.app).register('grace')).statusCode, 303);
});
after(() => t.close());

function assertFormExpired(response: LightMyRequestResponse) {
  assert.equal(response.statusCode, 403);
  assert.match(String(response.headers['content-type']), /^text\/html/);
  assert.match(response.body, /<nav class="navbar/, 'a page in the layout');
  assert.match(response.body, /This form has expired or was not sent from this site/);
  assert.match(response.body, /reload the page and try again/);
  assert.match(response.body, /href="\/"/);
}

async function userCount(): Promise<number> {
  return (await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM users`)).n;
}

function graceRow() {
  return queryOne(t.database, sql`SELECT username, email, bio, image, password_hash AS hash FROM users WHERE email = 'grace@example.com'`);
}

/** A token that is well-formed but belongs to another session. */
async function foreignToken(url: string): Promise<string> {
  const other = new Browser(t.app);
  // /settings needs a signed-in user: another account's session.
  if (url === '/settings') assert.equal((await other.register(`other${await userCount()}`)).statusCode, 303);
  await other.get(url);
  return other.csrf();
}

// Each case: the token to send (undefined = none) and what the browser has done first.
const tokens: Array<[string, (page: string) => Promise<string | undefined>]> = [
  ['without a token', async () => undefined],
  ['with a made-up token', async () => 'not-a-real-token'],
  ['with another session\'s token', (page) => foreignToken(page)],
];

describe('POST /settings (signed in)', () => {
  for (const [label, token] of tokens) {
    test(`${label} is refused and nothing changes`, async () => {
      const browser = new Browser(t.app);
      await browser.login('grace@example.com', PASSWORD);
      await browser.get('/settings');
      const before = await graceRow();
      const _csrf = await token('/settings');
      const fields = { username: 'mallory', email: 'mallory@example.com', bio: 'pwned', image: '', password: 'a brand new password' };
      const response = await browser.post('/settings', _csrf === undefined ? fields : { ...fields, _csrf });
      assertFormExpired(response);
      assert.deepEqual(await graceRow(), before);
      assert.equal(signedInAs((await browser.get('/')).body), 'grace');
    });
  }
});

describe('POST /login', () => {
  for (const [label, token] of tokens) {
    test(`${label} is refused and does not sign in`, async () => {
      const browser = new Browser(t.app);
      await browser.get('/login');
      const _csrf = await token('/login');
      const fields = { email: 'grace@example.com', password: PASSWORD };
      const response = await browser.post('/login', _csrf === undefined ? fields : { ...fields, _csrf });
      assertFormExpired(response);
      assert.equal(signedInAs((await browser.get('/')).body), null);
    });
  }

  test('from a browser that has no session at all is refused', async () => {
    const browser = new Browser(t.app);
    const response = await browser.post('/login', { email: 'grace@example.com', password: PASSWORD });
    assertFormExpired(response);
    assert.equal(signedInAs((await browser.get('/')).body), null);
  });
});

describe('POST /register', () => {
  for (const [label, token] of tokens) {
    test(`${label} is refused and creates no account`, async () => {
      const browser = new Browser(t.app);
      await browser.get('/register');
      const count = await userCount();
      const _csrf = await token('/register');
      const fields = { username: 'sneaky', email: 'sneaky@example.com', password: PASSWORD };
      const response = await browser.post('/register', _csrf === undefined ? fields : { ...fields, _csrf });
      assertFormExpired(response);
      assert.equal(await userCount(), count);
      assert.equal(signedInAs((await browser.get('/')).body), null);
    });
  }
});

describe('POST /logout', () => {
  for (const [label, token] of tokens) {
    test(`${label} is refused and keeps the user signed in`, async () => {
      const browser = new Browser(t.app);
      await browser.login('grace@example.com', PASSWORD);
      await browser.get('/settings');
      const _csrf = await token('/settings');
      const response = await browser.post('/logout', _csrf === undefined ? {} : { _csrf });
      assertFormExpired(response);
      assert.equal(signedInAs((await browser.get('/')).body), 'grace');
    });
  }
});

test('a token from before sign-in does not work after it (the session was replaced)', async () => {
  const browser = new Browser(t.app);
  await browser.get('/login');
  const oldToken = browser.csrf();
  await browser.post('/login', { _csrf: oldToken, email: 'grace@example.com', password: PASSWORD });
  const response = await browser.post('/logout', { _csrf: oldToken });
  assertFormExpired(response);
  assert.equal(signedInAs((await browser.get('/')).body), 'grace');
});
