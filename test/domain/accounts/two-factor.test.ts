import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { api } from '../../support/api.js';
import { TestClock, createTestApp, queryOne, type TestApp } from '../../support/app.js';
import { Browser, errorMessages, signedInAs, signedUp } from '../../support/web.js';

const PASSWORD = 'correct horse battery staple';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const STEP = 30 * SECOND;

// One clock for the app: tests step it through TOTP periods and windows instead of waiting.
const clock = new TestClock();
let t: TestApp;
before(async () => (t = await createTestApp({ LOGIN_FAILURES_PER_ADDRESS: '3' }, { now: clock.now })));
after(() => t.close());

let n = 0;
const unique = (name: string) => `tf${name}${++n}`;

/** The code an authenticator app with `key` shows at `ms` (the app's clock by default). */
const totp = (key: string, ms = clock.ms) =>
  new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: ms });

/** A 6-digit code that is right for none of the steps the server accepts now (one either side). */
function wrongCode(key: string): string {
  const near = new Set([-1, 0, 1].map((d) => totp(key, clock.ms + d * STEP)));
  for (let i = 0; ; i++) {
    const code = String(i).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/** The shared key on /settings/security, without the spaces it is shown with. */
function keyOn(html: string): string {
  const shown = /<code class="two-factor-key">([^<]+)<\/code>/.exec(html)?.[1];
  assert.ok(shown, 'the page shows the key');
  return shown.replace(/\s+/g, '');
}

/** The codes listed on a recovery-codes page. */
function recoveryCodesOn(html: string): string[] {
  const list = /<ul class="recovery-codes">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1] ?? '');
}

const statusText = (html: string) => (/<p class="two-factor-status">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, '');

/** A new user for one test, signed up through the one page helper under a unique name. */
async function newUser(name: string) {
  const browser = await signedUp(t.app, unique(name), PASSWORD);
  return { browser, username: browser.username, email: browser.email };
}

/** A fresh user with two-factor on; the clock is then moved one step on, so the next code is new. */
async function withTwoFactor(name: string) {
  const user = await newUser(name);
  const page = await user.browser.get('/settings/security');
  const key = keyOn(page.body);
  const enabled = await user.browser.post('/settings/security/enable', { _csrf: user.browser.csrf(), code: totp(key) });
  assert.equal(enabled.statusCode, 200, errorMessages(enabled.body).join('; '));
  const codes = recoveryCodesOn(enabled.body);
  assert.equal(codes.length, 10);
  clock.advance(STEP);
  return { ...user, key, codes };
}

/** Password on the sign-in page: the code step, not yet signed in. */
async function passwordStep(email: string, browser = new Browser(t.app)) {
  const res = await browser.login(email, PASSWORD);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/login/code');
  return browser;
}

const enterCode = (browser: Browser, code: string) => browser.submit('/login/code', '/login/code', { code });

async function signedInName(browser: Browser) {
  return signedInAs((await browser.get('/')).body);
}

const apiLogin = (email: string, extra: Record<string, unknown> = {}) =>
  api(t.app)('/users/login', { method: 'POST', body: { user: { email, password: PASSWORD, ...extra } } });

/** Bounded wait for the outbox (mail is written in the background): the files for `template` to `email`. */
async function mailTo(email: string, template: string): Promise<string[]> {
  const outbox = join(dirname(t.config.databasePath), 'outbox');
  const found = () =>
    existsSync(outbox)
      ? readdirSync(outbox)
          .filter((name) => name.includes(`-${template}-`) && name.endsWith('.eml'))
          .map((name) => readFileSync(join(outbox, name), 'utf8'))
          .filter((message) => message.includes(email))
      : [];
  for (let tries = 0; tries < 200; tries++) {
    const messages = found();
    if (messages.length > 0) return messages;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return found();
}

describe('setting up on /settings/security', () => {
  test('while off: an inline SVG QR code (nothing external, no script, no style) and the key, the same on reload', async () => {
    const { browser } = await newUser('setup');
    const page = await browser.get('/settings/security');
    assert.equal(page.statusCode, 200);
    assert.match(statusText(page.body), /Two-factor authentication is off/);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page.body)?.[0];
    assert.ok(svg, 'an inline <svg>');
    assert.doesNotMatch(svg, /style=/i);
    assert.doesNotMatch(svg, /<script/i);
    assert.doesNotMatch(svg, /href=/i);
    assert.doesNotMatch(page.body, /<img[^>]*qr/i, 'no QR image from elsewhere');
    assert.doesNotMatch(page.body, /<script/i);
    const shown = /<code class="two-factor-key">([^<]+)<\/code>/.exec(page.body)?.[1] ?? '';
    assert.match(shown, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, 'base32 in groups of 4');
    const key = keyOn(page.body);
    assert.equal(key.length, 32, '160 bits');
    assert.equal(keyOn((await browser.get('/settings/security')).body), key, 'a reload shows the same key');
    assert.equal(/<svg[\s\S]*?<\/svg>/.exec((await browser.get('/settings/security')).body)?.[0], svg, 'and the same QR code');
  });

  test('a wrong code is refused with a message and it stays off', async () => {
    const { browser } = await newUser('wrongenable');
    const key = keyOn((await browser.get('/settings/security')).body);
    const res = await browser.post('/settings/security/enable', { _csrf: browser.csrf(), code: wrongCode(key) });
    assert.equal(res.statusCode, 422);
    const messages = errorMessages(res.body);
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /not the current code/);
    assert.match(statusText(res.body), /is off/);
    assert.equal(keyOn(res.body), key, 'the same key to try again with');
    assert.match(statusText((await browser.get('/settings/security')).body), /is off/);
    const empty = await browser.post('/settings/security/enable', { _csrf: browser.csrf(), code: '' });
    assert.equal(empty.statusCode, 422);
  });

  test('the right code turns it on and shows 10 recovery codes once; a notice is mailed', async () => {
    const { browser, email } = await newUser('enable');
    const key = keyOn((await browser.get('/settings/security')).body);
    const res = await browser.post('/settings/security/enable', { _csrf: browser.csrf(), code: totp(key) });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Two-factor authentication is on/);
    const codes = recoveryCodesOn(res.body);
    assert.equal(codes.length, 10);
    for (const code of codes) assert.match(code, /^[A-Z0-9]{6}-[A-Z0-9]{6}-[A-Z0-9]{6}-[A-Z0-9]{6}$/);
    assert.equal(new Set(codes).size, 10);

    const later = await browser.get('/settings/security');
    assert.equal(later.statusCode, 200);
    assert.match(statusText(later.body), /Two-factor authentication is on/);
    assert.match(statusText(later.body), /You have 10 unused recovery codes/);
    for (const code of codes) assert.ok(!later.body.includes(code), 'the codes are not shown again');
    assert.ok(!later.body.includes('two-factor-key'), 'nor the key');
    assert.doesNotMatch(later.body, /<svg/);

    const mail = await mailTo(email, 'two-factor-enabled');
    assert.equal(mail.length, 1, 'one two-factor-enabled notice');
    assert.match(mail[0] ?? '', /Two-factor authentication is now on/);
    for (const code of codes) assert.ok(!(mail[0] ?? '').includes(code), 'the notice carries no recovery code');
  });

  test('turning it on twice is refused', async () => {
    const { browser } = await withTwoFactor('twice');
    await browser.get('/settings/security');
    const again = await browser.post('/settings/security/enable', { _csrf: browser.csrf(), code: '123456' });
    // No setup key in the session any more: back to the page, nothing changed.
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, '/settings/security');
  });

  test('more than 10 minutes after signing in it needs the current password too', async () => {
    const { browser } = await newUser('stale');
    const key = keyOn((await browser.get('/settings/security')).body);
    clock.advance(10 * MINUTE);
    const page = await browser.get('/settings/security');
    assert.match(page.body, /name="currentPassword"/);
    const without = await browser.post('/settings/security/enable', { _csrf: browser.csrf(), code: totp(key) });
    assert.equal(without.statusCode, 422);
    assert.deepEqual(errorMessages(without.body), ['Current password is required to turn on two-factor authentication']);
    assert.match(statusText(without.body), /is off/);
    const wrong = await browser.post('/settings/security/enable', { _csrf: browser.csrf(), code: totp(key), currentPassword: 'not my password' });
    assert.equal(wrong.statusCode, 422);
    assert.deepEqual(errorMessages(wrong.body), ['Current password is invalid']);
    assert.match(statusText((await browser.get('/settings/security')).body), /is off/);
    const right = await browser.post('/settings/security/enable', { _csrf: browser.csrf(), code: totp(key), currentPassword: PASSWORD });
    assert.equal(right.statusCode, 200);
    assert.equal(recoveryCodesOn(right.body).length, 10);
  });
});

describe('signing in on the pages', () => {
  test('the password alone does not sign in: the code page comes next', async () => {
    const { email } = await withTwoFactor('pending');
    const browser = await passwordStep(email);
    const codePage = await browser.get('/login/code');
    assert.equal(codePage.statusCode, 200);
    assert.match(codePage.body, /name="code"/);
    assert.equal(await signedInName(browser), null, 'signed out');
    const settings = await browser.get('/settings');
    assert.equal(settings.statusCode, 303);
    assert.equal(settings.headers.location, '/login');
    assert.equal((await browser.get('/settings/security')).headers.location, '/login');
  });

  test('a valid code signs in, to home or the remembered path', async () => {
    const { email, username, key } = await withTwoFactor('valid');
    const browser = await passwordStep(email);
    const res = await enterCode(browser, totp(key));
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/');
    assert.equal(await signedInName(browser), username);

    clock.advance(STEP);
    const returning = new Browser(t.app);
    assert.equal((await returning.get('/settings')).headers.location, '/login');
    await passwordStep(email, returning);
    const back = await enterCode(returning, totp(key));
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, '/settings');
    assert.equal((await returning.get('/settings')).statusCode, 200);
  });

  test('a code works once: the same code on a fresh sign-in in the same step is refused; the next step’s works', async () => {
    const { email, username, key } = await withTwoFactor('replay');
    const code = totp(key);
    const first = await passwordStep(email);
    assert.equal((await enterCode(first, code)).statusCode, 303);
    assert.equal(await signedInName(first), username);

    const second = await passwordStep(email);
    const replayed = await enterCode(second, code);
    assert.equal(replayed.statusCode, 422);
    assert.equal(errorMessages(replayed.body).length, 1);
    assert.equal(await signedInName(second), null);

    // Nor a code of an earlier step still within the drift window.
    assert.equal((await enterCode(second, totp(key, clock.ms - STEP))).statusCode, 422);

    clock.advance(STEP);
    const later = await enterCode(second, totp(key));
    assert.equal(later.statusCode, 303);
    assert.equal(await signedInName(second), username);
  });

  test('a code from one step either side of the server’s clock is accepted (drift)', async () => {
    const { email, username, key } = await withTwoFactor('drift');
    const browser = await passwordStep(email);
    const ahead = await enterCode(browser, totp(key, clock.ms + STEP));
    assert.equal(ahead.statusCode, 303);
    assert.equal(await signedInName(browser), username);
    // Later than the step just used, but two steps behind the server: too old.
    clock.advance(4 * STEP);
    const tooOld = await passwordStep(email);
    assert.equal((await enterCode(tooOld, totp(key, clock.ms - 2 * STEP))).statusCode, 422, 'two steps behind is too old');
    assert.equal((await enterCode(tooOld, totp(key, clock.ms - STEP))).statusCode, 303, 'one step behind is fine');
  });

  test('a recovery code signs in once, then is used up', async () => {
    const { email, username, codes, browser: owner } = await withTwoFactor('recovery');
    const code = codes[3] ?? '';
    const browser = await passwordStep(email);
    const res = await enterCode(browser, code);
    assert.equal(res.statusCode, 303);
    assert.equal(await signedInName(browser), username);

    const again = await passwordStep(email);
    const reused = await enterCode(again, code);
    assert.equal(reused.statusCode, 422);
    assert.equal(await signedInName(again), null);
    // Typed loosely (lower case, no dash), another one works.
    const loose = (codes[4] ?? '').toLowerCase().replaceAll('-', '');
    assert.equal((await enterCode(again, loose)).statusCode, 303);
    assert.equal(await signedInName(again), username);

    assert.match(statusText((await owner.get('/settings/security')).body), /You have 8 unused recovery codes/);
  });

  test('one recovery code used leaves 9 unused', async () => {
    const { email, codes, browser: owner } = await withTwoFactor('nine');
    assert.equal((await enterCode(await passwordStep(email), codes[0] ?? '')).statusCode, 303);
    assert.match(statusText((await owner.get('/settings/security')).body), /You have 9 unused recovery codes/);
  });

  test('a wrong code is refused with a message, and the page stays', async () => {
    const { email, key } = await withTwoFactor('wrong');
    const browser = await passwordStep(email);
    // Two wrong codes: fewer than the throttle (3) allows, so the right one still gets through.
    for (const code of [wrongCode(key), 'ABCDE-FGHJK']) {
      const res = await enterCode(browser, code);
      assert.equal(res.statusCode, 422, `code ${JSON.stringify(code)}`);
      assert.deepEqual(errorMessages(res.body), [
        'That code is not right, or was already used. Try the current one from your app, or a recovery code.',
      ]);
      assert.match(res.body, /action="\/login\/code"/);
    }
    assert.equal(await signedInName(browser), null);
    assert.equal((await enterCode(browser, totp(key))).statusCode, 303);
  });

  test('the code step expires after 5 minutes', async () => {
    const { email, key } = await withTwoFactor('expiry');
    const browser = await passwordStep(email);
    clock.advance(4 * MINUTE + 59 * SECOND);
    assert.equal((await browser.get('/login/code')).statusCode, 200, 'still there just before');
    const csrf = browser.csrf();
    clock.advance(1 * SECOND);
    const page = await browser.get('/login/code');
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/login');
    const late = await browser.post('/login/code', { _csrf: csrf, code: totp(key) });
    assert.equal(late.statusCode, 303);
    assert.equal(late.headers.location, '/login');
    assert.equal(await signedInName(browser), null);
  });

  test('the code page without a password first sends to /login', async () => {
    const browser = new Browser(t.app);
    const page = await browser.get('/login/code');
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/login');
  });

  test('wrong codes count toward the sign-in pause: after 3, even the right code gets 429', async () => {
    const { email, key } = await withTwoFactor('throttled');
    const browser = await passwordStep(email);
    for (let i = 1; i <= 3; i++) assert.equal((await enterCode(browser, wrongCode(key))).statusCode, 422, `wrong code ${i}`);
    const paused = await enterCode(browser, totp(key));
    assert.equal(paused.statusCode, 429);
    assert.match(errorMessages(paused.body)[0] ?? '', /too many failed sign-ins/i);
    assert.ok(Number(paused.headers['retry-after']) > 0);
    assert.equal(await signedInName(browser), null);
    // The same pause for the password step from this address, and for the API.
    assert.equal((await new Browser(t.app).login(email, PASSWORD)).statusCode, 429);
    assert.equal((await apiLogin(email, { otp: totp(key) })).statusCode, 429);
    clock.advance(15 * MINUTE);
  });
});

describe('POST /api/users/login', () => {
  test('with two-factor on: otp is required and must be right', async () => {
    const { email, username, key, codes } = await withTwoFactor('api');
    const missing = await apiLogin(email);
    assert.equal(missing.statusCode, 401);
    assert.deepEqual(missing.json(), { errors: { otp: ['is required'] } });
    const blank = await apiLogin(email, { otp: '  ' });
    assert.equal(blank.statusCode, 401);
    assert.deepEqual(blank.json(), { errors: { otp: ['is required'] } });
    const wrong = await apiLogin(email, { otp: wrongCode(key) });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), { errors: { otp: ['is invalid'] } });

    const ok = await apiLogin(email, { otp: totp(key) });
    assert.equal(ok.statusCode, 200);
    const token = ok.json().user.token as string;
    assert.ok(token);
    assert.equal(ok.json().user.username, username);
    assert.equal((await api(t.app)('/user', { token })).statusCode, 200);

    const replayed = await apiLogin(email, { otp: totp(key) });
    assert.equal(replayed.statusCode, 401);
    assert.deepEqual(replayed.json(), { errors: { otp: ['is invalid'] } });

    const recovered = await apiLogin(email, { otp: codes[0] });
    assert.equal(recovered.statusCode, 200);
    assert.ok(recovered.json().user.token);
    assert.equal((await apiLogin(email, { otp: codes[0] })).statusCode, 401, 'a recovery code works once');
  });

  test('a wrong password is still the credentials error, before any otp check', async () => {
    const { email, key } = await withTwoFactor('apipw');
    const res = await api(t.app)('/users/login', { method: 'POST', body: { user: { email, password: 'not my password', otp: totp(key) } } });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { errors: { credentials: ['invalid'] } });
  });

  test('without two-factor, logging in is as before, with or without an otp field', async () => {
    const { email, username } = await newUser('apiplain');
    for (const extra of [{}, { otp: '123456' }, { otp: '' }]) {
      const res = await apiLogin(email, extra);
      assert.equal(res.statusCode, 200, JSON.stringify(extra));
      assert.equal(res.json().user.username, username);
      assert.ok(res.json().user.token);
    }
  });
});

describe('recovery codes', () => {
  test('making new ones stops the old ones working; the new ones work', async () => {
    const { browser, email, username, codes: old } = await withTwoFactor('regen');
    await browser.get('/settings/security');
    const res = await browser.post('/settings/security/recovery-codes', { _csrf: browser.csrf() });
    assert.equal(res.statusCode, 200);
    const codes = recoveryCodesOn(res.body);
    assert.equal(codes.length, 10);
    for (const code of codes) assert.match(code, /^[A-Z0-9]{6}-[A-Z0-9]{6}-[A-Z0-9]{6}-[A-Z0-9]{6}$/);
    assert.equal(codes.filter((code) => old.includes(code)).length, 0);

    const signIn = await passwordStep(email);
    assert.equal((await enterCode(signIn, old[0] ?? '')).statusCode, 422, 'an old code');
    assert.equal((await enterCode(signIn, codes[0] ?? '')).statusCode, 303, 'a new code');
    assert.equal(await signedInName(signIn), username);
    assert.equal((await apiLogin(email, { otp: old[1] })).statusCode, 401);
    assert.equal((await apiLogin(email, { otp: codes[1] })).statusCode, 200);
    assert.match(statusText((await browser.get('/settings/security')).body), /You have 8 unused recovery codes/);
  });

  test('more than 10 minutes after signing in, new codes need the current password and a code', async () => {
    const { browser, codes: old, key } = await withTwoFactor('regenstale');
    clock.advance(10 * MINUTE);
    const page = await browser.get('/settings/security');
    assert.match(page.body, /id="recovery-current-password"/);
    assert.match(page.body, /id="recovery-code"/);
    const without = await browser.post('/settings/security/recovery-codes', { _csrf: browser.csrf() });
    assert.equal(without.statusCode, 422);
    assert.deepEqual(errorMessages(without.body), ['Current password is required to make new recovery codes']);
    const wrong = await browser.post('/settings/security/recovery-codes', { _csrf: browser.csrf(), currentPassword: 'not my password' });
    assert.equal(wrong.statusCode, 422);
    assert.deepEqual(errorMessages(wrong.body), ['Current password is invalid']);
    const noCode = await browser.post('/settings/security/recovery-codes', { _csrf: browser.csrf(), currentPassword: PASSWORD });
    assert.equal(noCode.statusCode, 422);
    assert.deepEqual(errorMessages(noCode.body), ['Authentication code is required to make new recovery codes']);
    const badCode = await browser.post('/settings/security/recovery-codes', { _csrf: browser.csrf(), currentPassword: PASSWORD, code: wrongCode(key) });
    assert.deepEqual(errorMessages(badCode.body), ['Authentication code is invalid']);
    assert.match(statusText((await browser.get('/settings/security')).body), /You have 10 unused recovery codes/);
    const right = await browser.post('/settings/security/recovery-codes', { _csrf: browser.csrf(), currentPassword: PASSWORD, code: totp(key) });
    assert.equal(right.statusCode, 200);
    const codes = recoveryCodesOn(right.body);
    assert.equal(codes.length, 10);
    assert.equal(codes.filter((code) => old.includes(code)).length, 0);
  });
});

describe('turning it off', () => {
  const disable = async (browser: Browser, fields: Record<string, string>) => {
    await browser.get('/settings/security');
    return browser.post('/settings/security/disable', { _csrf: browser.csrf(), ...fields });
  };
  const isOn = async (browser: Browser) => /is on/.test(statusText((await browser.get('/settings/security')).body));

  test('needs the password: missing or wrong leaves it on', async () => {
    const { browser, key } = await withTwoFactor('offpw');
    const missing = await disable(browser, { code: totp(key) });
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(errorMessages(missing.body), ['Current password is invalid']);
    assert.equal(await isOn(browser), true);
    const wrong = await disable(browser, { currentPassword: 'not my password', code: totp(key) });
    assert.equal(wrong.statusCode, 422);
    assert.deepEqual(errorMessages(wrong.body), ['Current password is invalid']);
    assert.equal(await isOn(browser), true);
  });

  test('needs a code: missing or wrong leaves it on', async () => {
    const { browser, key } = await withTwoFactor('offcode');
    const missing = await disable(browser, { currentPassword: PASSWORD });
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(errorMessages(missing.body), ['The code is invalid']);
    assert.equal(await isOn(browser), true);
    const wrong = await disable(browser, { currentPassword: PASSWORD, code: wrongCode(key) });
    assert.equal(wrong.statusCode, 422);
    assert.deepEqual(errorMessages(wrong.body), ['The code is invalid']);
    assert.equal(await isOn(browser), true);
  });

  test('with both: off, sign-in asks for the password only, the API needs no otp, and a notice is mailed', async () => {
    const { browser, email, username, key } = await withTwoFactor('off');
    const res = await disable(browser, { currentPassword: PASSWORD, code: totp(key) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/settings/security');
    const page = await browser.get('/settings/security');
    assert.match(statusText(page.body), /is off/);
    assert.notEqual(keyOn(page.body), key, 'a new key to set up with');
    const left = await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.username = ${username}`);
    assert.equal(left.n, 0, 'the recovery codes are gone');

    const fresh = new Browser(t.app);
    const signIn = await fresh.login(email, PASSWORD);
    assert.equal(signIn.statusCode, 303);
    assert.equal(signIn.headers.location, '/');
    assert.equal(await signedInName(fresh), username);
    const viaApi = await apiLogin(email);
    assert.equal(viaApi.statusCode, 200);
    assert.ok(viaApi.json().user.token);

    const mail = await mailTo(email, 'two-factor-disabled');
    assert.equal(mail.length, 1);
    assert.match(mail[0] ?? '', /Two-factor authentication is now off/);
  });

  test('a recovery code does instead of a code from the app', async () => {
    const { browser, codes } = await withTwoFactor('offrecovery');
    const res = await disable(browser, { currentPassword: PASSWORD, code: codes[9] ?? '' });
    assert.equal(res.statusCode, 303);
    assert.equal(await isOn(browser), false);
  });
});

test('deleting an account removes its two-factor key and recovery codes', async () => {
  const { browser, username } = await withTwoFactor('deleted');
  const { id } = await queryOne<{ id: number }>(t.database, sql`SELECT id FROM users WHERE username = ${username}`);
  const rows = async (table: string) => (await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM ${sql.identifier(table)} WHERE user_id = ${id}`)).n;
  assert.equal(await rows('two_factor'), 1);
  assert.equal(await rows('recovery_codes'), 10);
  await browser.get('/settings/delete');
  assert.equal((await browser.post('/settings/delete', { _csrf: browser.csrf() })).statusCode, 303);
  assert.equal(await rows('two_factor'), 0);
  assert.equal(await rows('recovery_codes'), 0);
});

describe('the second factor cannot be sidestepped', () => {
  test('a sign-in waiting for its code is void once the password changes', async () => {
    const { browser: owner, email, key } = await withTwoFactor('pendingvoid');
    const intruder = new Browser(t.app);
    assert.equal((await intruder.login(email, PASSWORD)).headers.location, '/login/code');
    assert.equal((await intruder.get('/login/code')).statusCode, 200);
    clock.advance(1000);
    // The owner changes the password (within their own sign-in's window).
    await owner.get('/settings');
    const changed = await owner.post('/settings', {
      _csrf: owner.csrf(),
      image: '',
      username: email.split('@')[0]!,
      bio: '',
      email,
      password: 'the owner picks a new one',
    });
    assert.equal(changed.statusCode, 303);
    clock.advance(30 * 1000);
    const code = await intruder.post('/login/code', { _csrf: intruder.csrf(), code: totp(key) });
    assert.equal(code.headers.location, '/login');
    assert.equal(await signedInName(intruder), null);
  });

  test(
    'a right password does not wipe the count of wrong codes from this address',
    async () => {
      const { email, key } = await withTwoFactor('rethrottle');
      for (let i = 1; i <= 3; i++) assert.equal((await apiLogin(email, { otp: wrongCode(key) })).statusCode, 401, `wrong code ${i}`);
      const paused = await apiLogin(email, { otp: totp(key) });
      clock.advance(15 * MINUTE);
      assert.equal(paused.statusCode, 429);
    },
  );

  test(
    'a password reset link does not sign in without the second factor',
    async () => {
      const { email, username, key } = await withTwoFactor('reset');
      const browser = new Browser(t.app);
      assert.equal((await browser.submit('/forgot', '/forgot', { email })).statusCode, 200);
      const message = ((await mailTo(email, 'password-reset'))[0] ?? '').replace(/=\r?\n/g, '');
      const link = /\/reset\/[A-Za-z0-9_-]+/.exec(message)?.[0];
      assert.ok(link, 'a reset link was mailed');
      const form = await browser.get(link);
      assert.match(form.body, /<input[^>]*name="code"/, 'the reset form asks for the code');
      const withoutCode = await browser.post(link, { _csrf: browser.csrf(), password: 'a whole new passphrase here' });
      assert.equal(withoutCode.statusCode, 422);
      assert.deepEqual(errorMessages(withoutCode.body), ['The code from your authenticator app (or a recovery code) is needed too']);
      const wrong = await browser.post(link, { _csrf: browser.csrf(), password: 'a whole new passphrase here', code: wrongCode(key) });
      assert.equal(wrong.statusCode, 422);
      assert.equal(await signedInName(browser), null, `signed in as ${username} with no code`);
      // Nothing changed yet: the old password still signs in (up to the code step).
      assert.equal((await new Browser(t.app).login(email, PASSWORD)).headers.location, '/login/code');
      const reset = await browser.submit(link, link, { password: 'a whole new passphrase here', code: totp(key) });
      assert.equal(reset.statusCode, 303);
      assert.equal(await signedInName(browser), username);
    },
  );
});
