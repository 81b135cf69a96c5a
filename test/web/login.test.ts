import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { TooManyAttemptsError } from '../../src/domain/errors.js';
import { LoginThrottle } from '../../src/domain/accounts/login-throttle.js';
import { createTestApp, query, queryOne, type TestApp } from '../support/app.js';
import { Browser, errorMessages, inputValue, signedInAs } from '../support/web.js';
import { scratchDatabase } from '../support/test-database.js';

const PASSWORD = 'correct horse battery staple';
const SESSION_COOKIE = 'conduit_session';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  const response = await new Browser(t.app).register('bob');
  assert.equal(response.statusCode, 303);
});
after(() => t.close());

/** The session id inside the signed cookie value ("<sid>.<signature>"). */
function sessionId(browser: Browser): string | undefined {
  const value = browser.cookies.get(SESSION_COOKIE);
  if (!value) return undefined;
  const decoded = decodeURIComponent(value);
  return decoded.slice(0, decoded.lastIndexOf('.'));
}

async function sessionRowExists(sid: string): Promise<boolean> {
  return (await query(t.database, sql`SELECT 1 AS one FROM sessions WHERE sid = ${sid}`)).length > 0;
}

test('signing in lands on exactly / and shows the user in the navbar', async () => {
  const browser = new Browser(t.app);
  const login = await browser.get('/login');
  assert.equal(login.statusCode, 200);
  assert.equal(login.body.match(/<h1/g)?.length, 1);
  assert.match(login.body, /<h1[^>]*>Sign in<\/h1>/);
  assert.equal(login.body.match(/href="\/login"/g)?.length, 1, 'one a[href="/login"]: the navbar\'s');
  const response = await browser.post('/login', { _csrf: browser.csrf(), email: 'bob@example.com', password: PASSWORD });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/');
  assert.equal(signedInAs((await browser.get('/')).body), 'bob');
});

test('the email is matched case-insensitively and trimmed', async () => {
  const browser = new Browser(t.app);
  const response = await browser.login('  BOB@Example.COM ', PASSWORD);
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/');
});

test('a wrong password and an unknown email get the same answer and stay on the form', async () => {
  const wrong = new Browser(t.app);
  const wrongPassword = await wrong.login('bob@example.com', 'not the right password');
  const unknown = new Browser(t.app);
  const unknownEmail = await unknown.login('nobody@example.com', PASSWORD);

  for (const [response, email] of [
    [wrongPassword, 'bob@example.com'],
    [unknownEmail, 'nobody@example.com'],
  ] as const) {
    assert.equal(response.statusCode, 422);
    assert.equal(response.headers.location, undefined);
    assert.match(response.body, /<form method="post" action="\/login"/);
    assert.equal(inputValue(response.body, 'email'), email, 'the email is kept');
    assert.equal(inputValue(response.body, 'password'), undefined, 'the password is not echoed');
    assert.ok(!response.body.includes('not the right password'));
  }
  assert.deepEqual(errorMessages(wrongPassword.body), errorMessages(unknownEmail.body));
  assert.deepEqual(errorMessages(wrongPassword.body), ['email or password is invalid']);
  assert.equal(signedInAs((await wrong.get('/')).body), null);
  assert.equal(signedInAs((await unknown.get('/')).body), null);
});

test('a blank form says what is missing', async () => {
  const response = await new Browser(t.app).login('', '');
  assert.equal(response.statusCode, 422);
  assert.deepEqual(errorMessages(response.body), ["email can't be blank", "password can't be blank"]);
});

test('signing in gives a new session id and the old one is gone from the store', async () => {
  const browser = new Browser(t.app);
  await browser.get('/login');
  const before = sessionId(browser);
  assert.ok(before, 'the sign-in form starts a session for its CSRF token');
  assert.ok(await sessionRowExists(before));
  const response = await browser.post('/login', { _csrf: browser.csrf(), email: 'bob@example.com', password: PASSWORD });
  assert.equal(response.statusCode, 303);
  const afterId = sessionId(browser);
  assert.ok(afterId);
  assert.notEqual(afterId, before, 'session id rotated on sign-in');
  assert.ok(!(await sessionRowExists(before)), 'the pre-sign-in session was destroyed');
  assert.ok(await sessionRowExists(afterId));
  const row = await queryOne<{ userId: number }>(t.database, sql`SELECT user_id AS "userId" FROM sessions WHERE sid = ${afterId}`);
  const bob = await queryOne<{ id: number }>(t.database, sql`SELECT id FROM users WHERE username = 'bob'`);
  assert.equal(row.userId, bob.id);
});

test('the session cookie is HttpOnly, SameSite=Lax and path /', async () => {
  const browser = new Browser(t.app);
  await browser.get('/login');
  const response = await browser.post('/login', { _csrf: browser.csrf(), email: 'bob@example.com', password: PASSWORD });
  const setCookie = String(response.headers['set-cookie']);
  assert.match(setCookie, new RegExp(`^${SESSION_COOKIE}=`));
  assert.match(setCookie, /HttpOnly/i);
  assert.match(setCookie, /SameSite=Lax/i);
  assert.match(setCookie, /Path=\//);
  assert.ok(!/;\s*Secure/i.test(setCookie), 'plain http gets a cookie it can send back (secure: auto)');
});

describe('returning to where the visitor was going', () => {
  test('a signed-out visitor opening /settings goes to exactly /login, then back to /settings', async () => {
    const browser = new Browser(t.app);
    const settings = await browser.get('/settings');
    assert.equal(settings.statusCode, 303);
    assert.equal(settings.headers.location, '/login');
    const response = await browser.login('bob@example.com', PASSWORD);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/settings');
    const page = await browser.get('/settings');
    assert.equal(page.statusCode, 200);
  });

  test('the return path survives a failed attempt', async () => {
    const browser = new Browser(t.app);
    await browser.get('/settings');
    assert.equal((await browser.login('bob@example.com', 'wrong password!')).statusCode, 422);
    const response = await browser.login('bob@example.com', PASSWORD);
    assert.equal(response.headers.location, '/settings');
  });

  test('the return path is used once', async () => {
    const browser = new Browser(t.app);
    await browser.get('/settings');
    await browser.login('bob@example.com', PASSWORD);
    await browser.submit('/settings', '/logout', {});
    assert.equal((await browser.login('bob@example.com', PASSWORD)).headers.location, '/');
  });

  test('with nothing pending, sign-in lands on exactly /', async () => {
    const response = await new Browser(t.app).login('bob@example.com', PASSWORD);
    assert.equal(response.headers.location, '/');
  });

  for (const next of ['//evil.com', 'https://evil.com', '/\\evil.com', 'javascript:alert(1)']) {
    test(`GET /login?next=${next} then signing in lands on / (no open redirect)`, async () => {
      const browser = new Browser(t.app);
      const page = await browser.get(`/login?next=${encodeURIComponent(next)}`);
      assert.equal(page.statusCode, 200);
      const response = await browser.post('/login', { _csrf: browser.csrf(), email: 'bob@example.com', password: PASSWORD });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/');
    });
  }

  test('going via the sign-up page and its "Have an account?" link keeps the pending path', async () => {
    const browser = new Browser(t.app);
    await browser.get('/settings');
    const register = await browser.get('/register');
    const href = /<a href="([^"]+)">Have an account\?<\/a>/.exec(register.body)?.[1];
    assert.ok(href !== undefined && href.startsWith('/login'), 'the sign-up page links to sign-in');
    assert.equal(register.body.match(/href="\/login"/g)?.length, 1, 'only the navbar has a[href="/login"]');
    await browser.get(href.replaceAll('&amp;', '&'));
    const response = await browser.post('/login', { _csrf: browser.csrf(), email: 'bob@example.com', password: PASSWORD });
    assert.equal(response.headers.location, '/settings');
  });

  test('signing up after a pending path also goes back there', async () => {
    const browser = new Browser(t.app);
    await browser.get('/settings');
    const response = await browser.register('newcomer');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/settings');
  });

  test('GET /register?next=… is remembered (same-site only)', async () => {
    const browser = new Browser(t.app);
    await browser.get('/register?next=%2Farticle%2Fsome-slug');
    const response = await browser.post('/register', {
      _csrf: browser.csrf(),
      username: 'via_prompt',
      email: 'via_prompt@example.com',
      password: PASSWORD,
    });
    assert.equal(response.headers.location, '/article/some-slug');
    const evil = new Browser(t.app);
    await evil.get('/register?next=%2F%2Fevil.com');
    const second = await evil.post('/register', {
      _csrf: evil.csrf(),
      username: 'via_evil',
      email: 'via_evil@example.com',
      password: PASSWORD,
    });
    assert.equal(second.headers.location, '/');
  });

  test('GET /login?next=/settings (same site) is honoured', async () => {
    const browser = new Browser(t.app);
    await browser.get('/login?next=%2Fsettings');
    const response = await browser.post('/login', { _csrf: browser.csrf(), email: 'bob@example.com', password: PASSWORD });
    assert.equal(response.headers.location, '/settings');
  });
});

test('signed in, GET /login redirects to /', async () => {
  const browser = new Browser(t.app);
  await browser.login('bob@example.com', PASSWORD);
  const response = await browser.get('/login');
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/');
});

test('per-account throttle: the 4th failure in a row for one email gets 429 with a clear message', async () => {
  const throttled = await createTestApp({ LOGIN_FAILURES_PER_ADDRESS: '3' });
  try {
    assert.equal((await new Browser(throttled.app).register('carol')).statusCode, 303);
    for (let i = 1; i <= 3; i++) {
      // Each attempt from a new browser: the count is per account, not per session.
      const response = await new Browser(throttled.app).login('carol@example.com', `wrong password ${i}`);
      assert.equal(response.statusCode, 422, `attempt ${i}`);
    }
    const browser = new Browser(throttled.app);
    const fourth = await browser.login('CAROL@example.com', 'wrong password 4');
    assert.equal(fourth.statusCode, 429);
    assert.match(String(fourth.headers['content-type']), /^text\/html/);
    assert.ok(Number(fourth.headers['retry-after']) > 0);
    const [message] = errorMessages(fourth.body);
    assert.match(message ?? '', /too many failed sign-ins/i);
    assert.match(message ?? '', /try again in \d+ minutes?/i);
    assert.equal(inputValue(fourth.body, 'email'), 'CAROL@example.com');
    // While paused, even the right password is refused...
    assert.equal((await new Browser(throttled.app).login('carol@example.com', PASSWORD)).statusCode, 429);
    // ...but other accounts are not affected.
    assert.equal((await new Browser(throttled.app).register('dave')).statusCode, 303);
    assert.equal((await new Browser(throttled.app).login('dave@example.com', PASSWORD)).statusCode, 303);
  } finally {
    await throttled.close();
  }
});

test('a successful sign-in resets the per-account failure count', async () => {
  const throttled = await createTestApp({ LOGIN_FAILURES_PER_ADDRESS: '3' });
  try {
    assert.equal((await new Browser(throttled.app).register('erin')).statusCode, 303);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++) assert.equal((await new Browser(throttled.app).login('erin@example.com', 'nope nope')).statusCode, 422);
      assert.equal((await new Browser(throttled.app).login('erin@example.com', PASSWORD)).statusCode, 303);
    }
  } finally {
    await throttled.close();
  }
});

test('rate limit per address: the 4th POST /login within a minute gets a 429 page', async () => {
  const limited = await createTestApp({ AUTH_RATE_LIMIT: '3' });
  try {
    const browser = new Browser(limited.app);
    await browser.get('/login');
    const token = browser.csrf();
    for (let i = 1; i <= 3; i++) {
      const response = await browser.post('/login', { _csrf: token, email: 'who@example.com', password: 'whatever it is' });
      assert.equal(response.statusCode, 422, `attempt ${i}`);
    }
    const fourth = await browser.post('/login', { _csrf: token, email: 'who@example.com', password: 'whatever it is' });
    assert.equal(fourth.statusCode, 429);
    assert.match(String(fourth.headers['content-type']), /^text\/html/);
    assert.ok(!fourth.body.trimStart().startsWith('{'), 'a page, not JSON');
    assert.match(fourth.body, /<nav class="navbar/);
    assert.match(fourth.body, /Too many attempts/i);
    assert.ok(fourth.headers['retry-after'] !== undefined);
    // Reading pages is not limited.
    assert.equal((await browser.get('/login')).statusCode, 200);
  } finally {
    await limited.close();
  }
});

test('the pause ends after its window, and the message counts down in minutes', async (ctx) => {
  ctx.mock.timers.enable({ apis: ['Date'], now: Date.now() });
  const throttled = await createTestApp({ LOGIN_FAILURES_PER_ADDRESS: '1' });
  try {
    assert.equal((await new Browser(throttled.app).register('gina')).statusCode, 303);
    assert.equal((await new Browser(throttled.app).login('gina@example.com', 'wrong wrong')).statusCode, 422);
    const paused = await new Browser(throttled.app).login('gina@example.com', PASSWORD);
    assert.equal(paused.statusCode, 429);
    assert.match(errorMessages(paused.body)[0] ?? '', /Try again in 15 minutes\./);

    ctx.mock.timers.tick(14 * 60 * 1000 + 30 * 1000);
    const almost = await new Browser(throttled.app).login('gina@example.com', PASSWORD);
    assert.equal(almost.statusCode, 429);
    assert.match(errorMessages(almost.body)[0] ?? '', /Try again in 1 minute\./);

    ctx.mock.timers.tick(31 * 1000);
    assert.equal((await new Browser(throttled.app).login('gina@example.com', PASSWORD)).statusCode, 303);
  } finally {
    await throttled.close();
  }
});

describe('LoginThrottle (unit)', () => {
  const limits = (perAddress: number, perAccount: number) => ({ perAddress, perAccount, pauseMs: 1000, ceilingMs: 5000 });
  const paused = (seconds: number) => (e: unknown) => e instanceof TooManyAttemptsError && e.retryAfterSeconds === seconds;
  const ip = '192.0.2.1';

  test('counts attempts per normalised email and address; one over the limit pauses that pair', async () => {
    const throttle = new LoginThrottle(t.database.db, limits(2, 100));
    await throttle.attempt(' A@x.com', ip, 0);
    await throttle.attempt('a@X.COM ', ip, 20);
    await assert.rejects(throttle.attempt('a@x.com', ip, 30), paused(1));
    await throttle.attempt('a@x.com', '198.51.100.7', 30); // the same account from another address
    await throttle.attempt('b@x.com', ip, 30); // another account from the same address
    await throttle.attempt('a@x.com', ip, 1000); // the window has passed: a new one starts at 1
    await throttle.attempt('a@x.com', ip, 1001);
    await assert.rejects(throttle.attempt('a@x.com', ip, 1002), paused(1));
  });

  test('the per-account ceiling counts attempts from every address', async () => {
    const throttle = new LoginThrottle(t.database.db, limits(2, 3));
    await throttle.attempt('d@x.com', '192.0.2.1', 0);
    await throttle.attempt('d@x.com', '192.0.2.2', 0);
    await throttle.attempt('d@x.com', '192.0.2.3', 0);
    await assert.rejects(throttle.attempt('d@x.com', '192.0.2.9', 100), paused(5));
    await throttle.attempt('d@x.com', '192.0.2.9', 5000); // the ceiling's hour (here 5 s) is over
  });

  test('success clears the address count and takes its own attempt back from the ceiling, not earlier ones', async () => {
    const throttle = new LoginThrottle(t.database.db, limits(1, 2));
    await throttle.attempt('c@x.com', ip, 0); // a failure from elsewhere would count; this one succeeds
    await throttle.succeed('C@x.com', ip, 1);
    await throttle.attempt('c@x.com', ip, 2); // the address starts again at 1, the account at 1
    await throttle.attempt('c@x.com', '192.0.2.2', 3); // account: 2
    await assert.rejects(throttle.attempt('c@x.com', '192.0.2.3', 4), paused(5));
  });
});

test('a burst of wrong passwords sent at once is counted before any is checked', async () => {
  const throttled = await createTestApp({ LOGIN_FAILURES_PER_ADDRESS: '3' });
  try {
    assert.equal((await new Browser(throttled.app).register('burst')).statusCode, 303);
    const login = (password: string) =>
      throttled.app.inject({ method: 'POST', url: '/api/users/login', payload: { user: { email: 'burst@example.com', password } } });
    // Only wrong guesses in the burst: a right password checked early would succeed and clear the address's
    // count (as it should), and on PostgreSQL, whose writes really run side by side, that can land while
    // the rest of the burst is still being counted.
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(`guess number ${i}`)));
    const checked = answers.filter((a) => a.statusCode !== 429);
    assert.ok(checked.length <= 3, `${checked.length} of 12 reached the password check`);
    assert.equal((await login(PASSWORD)).statusCode, 429, 'the right password, after the burst, waits too');
  } finally {
    await throttled.close();
  }
});

test('signing in rehashes a password stored with older argon2 parameters', async () => {
  const shared = await scratchDatabase();
  try {
    const weak = await createTestApp({ ...shared.env, ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' });
    await new Browser(weak.app).register('hugo');
    await weak.close();
    const readHash = async (t: TestApp) => (await queryOne<{ h: string }>(t.database, sql`SELECT password_hash AS h FROM users WHERE username = 'hugo'`)).h;

    const stronger = await createTestApp({ ...shared.env, ARGON2_MEMORY_KIB: '2048', ARGON2_ITERATIONS: '2' });
    try {
      assert.match(await readHash(stronger), /m=1024,t=1/);
      assert.equal((await new Browser(stronger.app).login('hugo@example.com', PASSWORD)).statusCode, 303);
      assert.match(await readHash(stronger), /^\$argon2id\$.*m=2048,t=2/);
      assert.equal((await new Browser(stronger.app).login('hugo@example.com', PASSWORD)).statusCode, 303);
    } finally {
      await stronger.close();
    }
  } finally {
    await shared.drop();
  }
});
