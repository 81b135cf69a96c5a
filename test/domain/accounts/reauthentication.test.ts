import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { api } from '../../support/api.js';
import { TestClock, createTestApp, queryOne, type TestApp } from '../../support/app.js';
import { Browser, errorMessages, inputValue, signedUp, uniqueName } from '../../support/web.js';

const PASSWORD = 'correct horse battery staple';
const MINUTE = 60 * 1000;

// One clock for the app: a test moves it past the 10-minute window instead of waiting.
const clock = new TestClock();
let t: TestApp;
before(async () => (t = await createTestApp({ LOGIN_FAILURES_PER_ADDRESS: '3' }, { now: clock.now })));
after(() => t.close());

/** A new user for one test, signed up through the one page helper under a unique name. */
async function newUser(name: string) {
  const browser = await signedUp(t.app, uniqueName(name), PASSWORD);
  return { browser, username: browser.username, email: browser.email };
}
let n = 0;
const unique = (name: string) => `${name}${++n}`;

/** The settings form with its current values plus `changes`. */
async function saveSettings(browser: Browser, changes: Record<string, string>) {
  const page = await browser.get('/settings');
  const current = {
    image: inputValue(page.body, 'image') ?? '',
    username: inputValue(page.body, 'username') ?? '',
    bio: '',
    email: inputValue(page.body, 'email') ?? '',
    password: '',
  };
  return browser.post('/settings', { _csrf: browser.csrf(), ...current, ...changes });
}

const hasCurrentPasswordField = (html: string) => /<input[^>]*name="currentPassword"/.test(html);
const userEmail = async (username: string) => (await queryOne<{ email: string }>(t.database, sql`SELECT email FROM users WHERE username = ${username}`)).email;

describe('the settings page', () => {
  test('within 10 minutes of signing in, email and password change without the current password', async () => {
    const { browser, username } = await newUser('fresh');
    const page = await browser.get('/settings');
    assert.equal(hasCurrentPasswordField(page.body), false, 'not asked for when not needed');
    clock.advance(9 * MINUTE);
    const saved = await saveSettings(browser, { email: `${username}@new.example.com`, password: 'another good passphrase' });
    assert.equal(saved.statusCode, 303);
    assert.equal(await userEmail(username), `${username}@new.example.com`);
  });

  test('later, the form asks for it; without it nothing changes and the message says why', async () => {
    const { browser, username, email } = await newUser('stale');
    clock.advance(10 * MINUTE);
    const page = await browser.get('/settings');
    assert.equal(hasCurrentPasswordField(page.body), true);
    const refused = await saveSettings(browser, { email: `${username}@evil.example.com` });
    assert.equal(refused.statusCode, 422);
    assert.deepEqual(errorMessages(refused.body), ['Current password is required to change email or password']);
    assert.equal(hasCurrentPasswordField(refused.body), true);
    assert.equal(inputValue(refused.body, 'email'), `${username}@evil.example.com`, 'the typed values are kept');
    assert.equal(await userEmail(username), email);

    const wrong = await saveSettings(browser, { email: `${username}@evil.example.com`, currentPassword: 'not my password' });
    assert.equal(wrong.statusCode, 422);
    assert.deepEqual(errorMessages(wrong.body), ['Current password is invalid']);
    assert.equal(inputValue(wrong.body, 'currentPassword'), undefined, 'a password is never sent back');
    assert.equal(await userEmail(username), email);

    const right = await saveSettings(browser, { email: `${username}@new.example.com`, currentPassword: PASSWORD });
    assert.equal(right.statusCode, 303);
    assert.equal(await userEmail(username), `${username}@new.example.com`);
  });

  test('other fields never need it', async () => {
    const { browser, username } = await newUser('bio');
    clock.advance(60 * MINUTE);
    assert.equal((await saveSettings(browser, { bio: 'just a bio' })).statusCode, 303);
    const renamed = `${username}x`;
    assert.equal((await saveSettings(browser, { username: renamed })).statusCode, 303);
  });

  test('wrong current passwords count toward the sign-in pause', async () => {
    const { browser, email } = await newUser('guessed');
    clock.advance(10 * MINUTE);
    for (let i = 1; i <= 3; i++) {
      const wrong = await saveSettings(browser, { password: 'a new passphrase here', currentPassword: `guess ${i}` });
      assert.equal(wrong.statusCode, 422, `guess ${i}`);
    }
    const paused = await saveSettings(browser, { password: 'a new passphrase here', currentPassword: PASSWORD });
    assert.equal(paused.statusCode, 429);
    assert.match(errorMessages(paused.body)[0] ?? '', /too many failed sign-ins/i);
    assert.ok(Number(paused.headers['retry-after']) > 0);
    // The same pause as signing in from this address.
    assert.equal((await new Browser(t.app).login(email, PASSWORD)).statusCode, 429);
    clock.advance(15 * MINUTE);
  });
});

describe('PUT /api/user', () => {
  const put = (token: string, user: Record<string, unknown>) =>
    api(t.app)('/user', { method: 'PUT', token, body: { user } });

  async function apiUser(name: string) {
    const username = unique(name);
    const res = await api(t.app)('/users', { method: 'POST', body: { user: { username, email: `${username}@example.com`, password: PASSWORD } } });
    assert.equal(res.statusCode, 201);
    return { username, token: res.json().user.token as string };
  }

  test('a token issued within 10 minutes changes email and password as before', async () => {
    const { username, token } = await apiUser('apifresh');
    const res = await put(token, { email: `${username}@new.example.com`, password: 'another good passphrase' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().user.email, `${username}@new.example.com`);
  });

  test('an older token needs currentPassword, with the exact RealWorld-style errors', async () => {
    const { username, token } = await apiUser('apistale');
    clock.advance(11 * MINUTE);
    const missing = await put(token, { email: `${username}@evil.example.com` });
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(missing.json(), { errors: { currentPassword: ['is required to change email or password'] } });
    const wrong = await put(token, { password: 'a takeover passphrase', currentPassword: 'nope nope' });
    assert.equal(wrong.statusCode, 422);
    assert.deepEqual(wrong.json(), { errors: { currentPassword: ['is invalid'] } });
    const right = await put(token, { email: `${username}@new.example.com`, currentPassword: PASSWORD });
    assert.equal(right.statusCode, 200);
    assert.equal(right.json().user.email, `${username}@new.example.com`);
    // Unchanged email, bio and image need nothing.
    const bio = await put(token, { email: `${username}@new.example.com`, bio: 'hello' });
    assert.equal(bio.statusCode, 200);
    assert.equal(bio.json().user.bio, 'hello');
  });

  test('a new password ends every other session and token, and the new one works', async () => {
    const { username, token } = await apiUser('apichange');
    const other = (await api(t.app)('/users/login', { method: 'POST', body: { user: { email: `${username}@example.com`, password: PASSWORD } } })).json().user
      .token as string;
    clock.advance(30 * MINUTE);
    const res = await put(token, { password: 'a brand new passphrase', currentPassword: PASSWORD });
    assert.equal(res.statusCode, 200);
    assert.equal((await api(t.app)('/user', { token })).statusCode, 200);
    assert.equal((await api(t.app)('/user', { token: other })).statusCode, 401);
  });

  test('wrong current passwords are throttled like sign-ins', async () => {
    const { token } = await apiUser('apiguess');
    clock.advance(11 * MINUTE);
    for (let i = 1; i <= 3; i++) assert.equal((await put(token, { password: 'a takeover passphrase', currentPassword: `guess ${i}` })).statusCode, 422);
    const paused = await put(token, { password: 'a takeover passphrase', currentPassword: PASSWORD });
    assert.equal(paused.statusCode, 429);
    assert.ok(Number(paused.headers['retry-after']) > 0);
    clock.advance(15 * MINUTE);
  });
});

describe('with two-factor authentication on', () => {
  /** Turns 2FA on through the page (within the window) and returns a function giving the app's current code. */
  async function turnOnTwoFactor(browser: Browser): Promise<(ms?: number) => string> {
    const page = await browser.get('/settings/security');
    const key = (/<code class="two-factor-key">([^<]+)<\/code>/.exec(page.body)?.[1] ?? '').replace(/\s/g, '');
    const app = new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30, algorithm: 'SHA1' });
    const codeAt = (ms = clock.ms) => app.generate({ timestamp: ms });
    const on = await browser.post('/settings/security/enable', { _csrf: browser.csrf(), code: codeAt() });
    assert.equal(on.statusCode, 200);
    return codeAt;
  }

  test('a stale session needs the current password and a code to change the email', async () => {
    const { browser, username, email } = await newUser('tfasettings');
    const codeAt = await turnOnTwoFactor(browser);
    clock.advance(11 * MINUTE);
    const page = await browser.get('/settings');
    assert.match(page.body, /<input[^>]*name="code"/);
    const passwordOnly = await saveSettings(browser, { email: `${username}@evil.example.com`, currentPassword: PASSWORD });
    assert.equal(passwordOnly.statusCode, 422);
    assert.deepEqual(errorMessages(passwordOnly.body), ['Authentication code is required to change email or password']);
    assert.equal(await userEmail(username), email);
    const both = await saveSettings(browser, { email: `${username}@new.example.com`, currentPassword: PASSWORD, code: codeAt() });
    assert.equal(both.statusCode, 303);
    assert.equal(await userEmail(username), `${username}@new.example.com`);
  });

  test('PUT /api/user with an older token needs user.otp too', async () => {
    const { browser, username, email } = await newUser('tfaapi');
    const codeAt = await turnOnTwoFactor(browser);
    clock.advance(MINUTE);
    const login = await api(t.app)('/users/login', { method: 'POST', body: { user: { email, password: PASSWORD, otp: codeAt() } } });
    assert.equal(login.statusCode, 200);
    const token = login.json().user.token as string;
    clock.advance(11 * MINUTE);
    const put = (user: Record<string, unknown>) => api(t.app)('/user', { method: 'PUT', token, body: { user } });
    const passwordOnly = await put({ email: `${username}@evil.example.com`, currentPassword: PASSWORD });
    assert.equal(passwordOnly.statusCode, 422);
    assert.deepEqual(passwordOnly.json(), { errors: { otp: ['is required to change email or password'] } });
    const wrongCode = await put({ email: `${username}@evil.example.com`, currentPassword: PASSWORD, otp: '000000' });
    assert.deepEqual(wrongCode.json(), { errors: { otp: ['is invalid'] } });
    const both = await put({ email: `${username}@new.example.com`, currentPassword: PASSWORD, otp: codeAt() });
    assert.equal(both.statusCode, 200);
  });
});
