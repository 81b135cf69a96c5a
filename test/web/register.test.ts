import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, queryOne, type TestApp } from '../support/app.js';
import { Browser, errorMessages, inputValue, signedInAs } from '../support/web.js';

let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

const GOOD_PASSWORD = 'correct horse battery staple';

/** Submits the sign-up form from a fresh browser. */
async function signUp(fields: { username: string; email: string; password: string }, app = t.app) {
  const browser = new Browser(app);
  const response = await browser.submit('/register', '/register', fields);
  return { browser, response };
}

/** A refused sign-up: 422, the form again with its message list, values kept, password not echoed. */
async function assertRefused(fields: { username: string; email: string; password: string }, expected: RegExp) {
  const { browser, response } = await signUp(fields);
  assert.equal(response.statusCode, 422);
  assert.match(String(response.headers['content-type']), /^text\/html/);
  const messages = errorMessages(response.body);
  assert.ok(messages.length > 0, 'a ul.error-messages list is shown');
  assert.ok(
    messages.some((m) => expected.test(m)),
    `expected a message matching ${expected}, got ${JSON.stringify(messages)}`,
  );
  assert.match(response.body, /<h1[^>]*>Sign up<\/h1>/);
  assert.match(response.body, /<form method="post" action="\/register"/);
  assert.equal(inputValue(response.body, 'username'), fields.username);
  assert.equal(inputValue(response.body, 'email'), fields.email);
  assert.equal(inputValue(response.body, 'password'), undefined, 'the password field is empty');
  if (fields.password.length >= 4) assert.ok(!response.body.includes(fields.password), 'the password is never echoed');
  // Still signed out.
  const home = await browser.get('/');
  assert.equal(signedInAs(home.body), null);
  return messages;
}

test('a visitor registers and lands signed in on exactly /', async () => {
  const { browser, response } = await signUp({ username: 'alice', email: 'alice@example.com', password: GOOD_PASSWORD });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/');
  const home = await browser.get('/');
  assert.equal(home.statusCode, 200);
  assert.equal(signedInAs(home.body), 'alice');
  assert.equal(home.body.match(/href="\/profile\/alice"/g)?.length, 1, 'exactly one profile link');
  assert.ok(!home.body.includes('href="/login"'), 'no Sign in link once signed in');
});

test('GET /register shows the form with its heading and fields', async () => {
  const response = await new Browser(t.app).get('/register');
  assert.equal(response.statusCode, 200);
  assert.equal(response.body.match(/<h1/g)?.length, 1);
  assert.match(response.body, /<h1[^>]*>Sign up<\/h1>/);
  for (const name of ['username', 'email', 'password']) assert.match(response.body, new RegExp(`name="${name}"`));
  assert.match(response.body, /<button[^>]*type="submit"[^>]*>Sign up<\/button>/);
});

describe('validation re-renders the form with a message', () => {
  const base = { username: 'valid_user', email: 'valid@example.com', password: GOOD_PASSWORD };

  test('blank username', async () => {
    await assertRefused({ ...base, username: '' }, /^username can't be blank$/);
  });

  test('username with spaces and symbols', async () => {
    await assertRefused({ ...base, username: 'bad name!' }, /^username may only contain letters, digits, underscores and hyphens$/);
  });

  test('33-character username', async () => {
    await assertRefused({ ...base, username: 'u'.repeat(33) }, /^username is too long \(maximum is 32 characters\)$/);
  });

  test('blank email', async () => {
    await assertRefused({ ...base, email: '' }, /^email can't be blank$/);
  });

  test('invalid email', async () => {
    await assertRefused({ ...base, email: 'not-an-email' }, /^email is invalid$/);
  });

  test('7-character password', async () => {
    await assertRefused({ ...base, password: 'Zq9!xw3' }, /^password is too short \(minimum is 8 characters\)$/);
  });

  test('129-character password', async () => {
    await assertRefused({ ...base, password: 'k'.repeat(129) }, /^password is too long \(maximum is 128 characters\)$/);
  });

  test('blank password', async () => {
    await assertRefused({ ...base, password: '' }, /^password can't be blank$/);
  });

  test('every bad field is reported at once', async () => {
    const messages = await assertRefused({ username: '', email: 'nope', password: 'Qz7#k' }, /^username/);
    assert.ok(messages.some((m) => m.startsWith('email')));
    assert.ok(messages.some((m) => m.startsWith('password')));
  });

  test('a common password is refused with a clear message', async () => {
    await assertRefused({ ...base, password: 'password123' }, /^password is too common/);
  });
});

test('a 128-character password is accepted and works for signing in (never truncated)', async () => {
  const password = 'Ab3$'.repeat(32);
  assert.equal(password.length, 128);
  const { response } = await signUp({ username: 'longpass', email: 'longpass@example.com', password });
  assert.equal(response.statusCode, 303);
  const browser = new Browser(t.app);
  assert.equal((await browser.login('longpass@example.com', password)).headers.location, '/');
  // One character fewer is a different password.
  const other = new Browser(t.app);
  assert.equal((await other.login('longpass@example.com', password.slice(0, 127))).statusCode, 422);
});

test('a 64-character password is accepted', async () => {
  const password = 'x7Kq'.repeat(16);
  assert.equal(password.length, 64);
  const { browser, response } = await signUp({ username: 'sixtyfour', email: 'sixtyfour@example.com', password });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/');
  assert.equal(signedInAs((await browser.get('/')).body), 'sixtyfour');
});

test('an 8-character password is accepted', async () => {
  const { response } = await signUp({ username: 'eight', email: 'eight@example.com', password: 'Zq9!xw3k' });
  assert.equal(response.statusCode, 303);
});

test('a common password is allowed when ALLOW_COMMON_PASSWORDS=1', async () => {
  const relaxed = await createTestApp({ ALLOW_COMMON_PASSWORDS: '1' });
  try {
    const { browser, response } = await signUp(
      { username: 'suite', email: 'suite@example.com', password: 'password123' },
      relaxed.app,
    );
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/');
    assert.equal(signedInAs((await browser.get('/')).body), 'suite');
  } finally {
    await relaxed.close();
  }
});

describe('taken names', () => {
  before(async () => {
    const { response } = await signUp({ username: 'Taken_Name', email: 'Taken@Example.com', password: GOOD_PASSWORD });
    assert.equal(response.statusCode, 303);
  });

  test('a duplicate username, in another case, has already been taken', async () => {
    await assertRefused(
      { username: 'taken_NAME', email: 'fresh1@example.com', password: GOOD_PASSWORD },
      /^username has already been taken$/,
    );
  });

  test('a duplicate email, in another case, has already been taken', async () => {
    await assertRefused(
      { username: 'fresh2', email: 'taken@EXAMPLE.com', password: GOOD_PASSWORD },
      /^email has already been taken$/,
    );
  });

  test('no second account was created', async () => {
    const count = await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM users WHERE lower(username) IN ('taken_name','fresh1','fresh2')`);
    assert.equal(count.n, 1);
  });
});

test('the stored password is an argon2id hash, not the password', async () => {
  const row = await queryOne<{ hash: string }>(t.database, sql`SELECT password_hash AS hash FROM users WHERE username = 'alice'`);
  assert.match(row.hash, /^\$argon2id\$/);
  assert.ok(!row.hash.includes(GOOD_PASSWORD));
});

test('signed in, GET /register goes home', async () => {
  const browser = new Browser(t.app);
  await browser.register('already_in');
  const response = await browser.get('/register');
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/');
});
