import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.js';
import { Browser } from '../support/web.js';
import { api, PASSWORD, signUp } from '../support/api.js';

let t: TestApp;
let call: ReturnType<typeof api>;
before(async () => {
  t = await createTestApp();
  call = api(t.app);
});
after(() => t.close());

const register = (user: unknown) => call('/users', { method: 'POST', body: { user } });
const login = (user: unknown) => call('/users/login', { method: 'POST', body: { user } });

describe('POST /api/users', () => {
  test('registers: 201 with the user, a token, and null bio and image', async () => {
    const res = await register({ username: 'alice', email: 'alice@example.com', password: PASSWORD });
    assert.equal(res.statusCode, 201);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const { user } = res.json();
    assert.deepEqual(Object.keys(user), ['email', 'token', 'username', 'bio', 'image']);
    assert.deepEqual({ ...user, token: undefined }, {
      email: 'alice@example.com',
      token: undefined,
      username: 'alice',
      bio: null,
      image: null,
    });
    assert.ok(typeof user.token === 'string' && user.token.length >= 32);
    const me = await call('/user', { token: user.token });
    assert.equal(me.json().user.username, 'alice');
  });

  test('a taken username or email (any case) is 409 naming the field', async () => {
    await signUp(t.app, 'bob');
    const byName = await register({ username: 'BOB', email: 'other@example.com', password: PASSWORD });
    assert.equal(byName.statusCode, 409);
    assert.deepEqual(byName.json(), { errors: { username: ['has already been taken'] } });
    const byEmail = await register({ username: 'bobby', email: 'Bob@Example.com', password: PASSWORD });
    assert.equal(byEmail.statusCode, 409);
    assert.deepEqual(byEmail.json(), { errors: { email: ['has already been taken'] } });
  });

  test('missing fields are 422, each named', async () => {
    const res = await register({});
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json(), {
      errors: { username: ["can't be blank"], email: ["can't be blank"], password: ["can't be blank"] },
    });
  });

  test('a missing or malformed envelope is 422 naming it', async () => {
    const none = await call('/users', { method: 'POST', body: { username: 'x', email: 'x@example.com', password: PASSWORD } });
    assert.equal(none.statusCode, 422);
    assert.deepEqual(none.json(), { errors: { user: ["can't be blank"] } });
    const empty = await call('/users', { method: 'POST' });
    assert.equal(empty.statusCode, 422);
    assert.deepEqual(empty.json(), { errors: { user: ["can't be blank"] } });
    const wrong = await register('alice');
    assert.equal(wrong.statusCode, 422);
    assert.deepEqual(wrong.json(), { errors: { user: ['must be an object'] } });
  });

  test('a short or common password is 422', async () => {
    const short = await register({ username: 'carol', email: 'carol@example.com', password: 'short' });
    assert.equal(short.statusCode, 422);
    assert.deepEqual(short.json(), { errors: { password: ['is too short (minimum is 8 characters)'] } });
    const common = await register({ username: 'carol', email: 'carol@example.com', password: 'password123' });
    assert.equal(common.statusCode, 422);
    assert.ok(common.json().errors.password.length > 0);
  });
});

describe('POST /api/users/login', () => {
  test('returns the user with a fresh token; both tokens work', async () => {
    const first = await signUp(t.app, 'dave');
    const res = await login({ email: 'DAVE@example.com', password: PASSWORD });
    assert.equal(res.statusCode, 200);
    const { user } = res.json();
    assert.equal(user.username, 'dave');
    assert.notEqual(user.token, first);
    for (const token of [first, user.token]) assert.equal((await call('/user', { token })).statusCode, 200);
  });

  test('a wrong password and an unknown email give the same 401', async () => {
    await signUp(t.app, 'erin');
    for (const user of [
      { email: 'erin@example.com', password: 'not the password' },
      { email: 'nobody@example.com', password: PASSWORD },
    ]) {
      const res = await login(user);
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json(), { errors: { credentials: ['invalid'] } });
    }
  });

  test('blank fields and a missing envelope are 422', async () => {
    const blank = await login({ email: '', password: '' });
    assert.equal(blank.statusCode, 422);
    assert.deepEqual(blank.json(), { errors: { email: ["can't be blank"], password: ["can't be blank"] } });
    const none = await call('/users/login', { method: 'POST', body: {} });
    assert.deepEqual(none.json(), { errors: { user: ["can't be blank"] } });
  });
});

describe('GET /api/user', () => {
  test('returns the token the request used, with Token or Bearer', async () => {
    const token = await signUp(t.app, 'frank');
    for (const authorization of [`Token ${token}`, `Bearer ${token}`]) {
      const res = await call('/user', { headers: { authorization } });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), {
        user: { email: 'frank@example.com', token, username: 'frank', bio: null, image: null },
      });
    }
  });

  test('no token is 401 "is missing"; a bad one is 401 "is invalid"', async () => {
    const missing = await call('/user');
    assert.equal(missing.statusCode, 401);
    assert.deepEqual(missing.json(), { errors: { token: ['is missing'] } });
    assert.equal(missing.headers['www-authenticate'], 'Token');
    for (const authorization of ['Token not-a-real-token', 'Basic dXNlcjpwYXNz', 'Token', 'tokenwithoutscheme']) {
      const res = await call('/user', { headers: { authorization } });
      assert.equal(res.statusCode, 401, authorization);
      assert.deepEqual(res.json(), { errors: { token: ['is invalid'] } });
    }
  });

  test('a signed-in browser session does not authenticate API calls', async () => {
    const browser = new Browser(t.app);
    await browser.register('gina');
    assert.ok(browser.cookies.size > 0);
    const res = await browser.get('/api/user');
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { errors: { token: ['is missing'] } });
  });
});

describe('PUT /api/user', () => {
  let token: string;
  before(async () => (token = await signUp(t.app, 'hank')));
  const update = (user: unknown, as = token) => call('/user', { method: 'PUT', token: as, body: { user } });

  test('updates bio and image; "" is stored as null; unknown fields are ignored', async () => {
    const res = await update({ bio: 'I write.', image: 'https://example.com/me.png', admin: true });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      user: { email: 'hank@example.com', token, username: 'hank', bio: 'I write.', image: 'https://example.com/me.png' },
    });
    const cleared = await update({ bio: '', image: '' });
    assert.equal(cleared.json().user.bio, null);
    assert.equal(cleared.json().user.image, null);
    const nulls = await update({ bio: null, image: null });
    assert.equal(nulls.statusCode, 200);
    assert.equal((await call('/profiles/hank')).json().profile.bio, null);
  });

  test('renames and changes email; the token keeps working', async () => {
    const res = await update({ username: 'hank2', email: 'hank2@example.com' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().user.username, 'hank2');
    assert.equal((await call('/user', { token })).json().user.email, 'hank2@example.com');
    assert.equal((await update({ username: 'hank', email: 'hank@example.com' })).statusCode, 200);
  });

  test('blank or null username and email are 422', async () => {
    for (const field of ['username', 'email']) {
      for (const value of ['', null]) {
        const res = await update({ [field]: value });
        assert.equal(res.statusCode, 422, `${field}=${JSON.stringify(value)}`);
        assert.deepEqual(res.json().errors, { [field]: ["can't be blank"] }, 'blank, and nothing else');
      }
    }
  });

  test('invalid values are 422 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: 'not-an-email' }, 'email'],
      [{ image: 'javascript:alert(1)' }, 'image'],
      [{ username: 'has space' }, 'username'],
      [{ bio: 5 }, 'bio'],
      [{ bio: 'x'.repeat(1001) }, 'bio'],
    ];
    for (const [user, field] of cases) {
      const res = await update(user);
      assert.equal(res.statusCode, 422, JSON.stringify(user));
      assert.deepEqual(Object.keys(res.json().errors), [field]);
    }
  });

  test('a username or email someone else has is 409', async () => {
    await signUp(t.app, 'ivy');
    const res = await update({ username: 'IVY' });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(res.json(), { errors: { username: ['has already been taken'] } });
  });

  test('passwords: "", null and under 8 are 422; 8 and 64 characters are 200', async () => {
    for (const password of ['', null]) {
      const res = await update({ password });
      assert.equal(res.statusCode, 422);
      assert.deepEqual(res.json().errors, { password: ["can't be blank"] }, 'blank, not also too short');
    }
    const short = await update({ password: '7chars!' });
    assert.deepEqual(short.json(), { errors: { password: ['is too short (minimum is 8 characters)'] } });
    for (const password of ['8chars!x', 'p'.repeat(30) + 'Q'.repeat(34)]) {
      const res = await update({ password });
      assert.equal(res.statusCode, 200, `length ${password.length}`);
      const signIn = await login({ email: 'hank@example.com', password });
      assert.equal(signIn.statusCode, 200);
    }
  });

  test('requires a token, checked before the body', async () => {
    const res = await call('/user', { method: 'PUT', body: { user: { username: '' } } });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { errors: { token: ['is missing'] } });
  });
});

describe('token revocation', () => {
  test('a password change revokes every other token and keeps the one used', async () => {
    const first = await signUp(t.app, 'jack');
    const second = (await login({ email: 'jack@example.com', password: PASSWORD })).json().user.token as string;
    const third = (await login({ email: 'jack@example.com', password: PASSWORD })).json().user.token as string;

    const res = await call('/user', { method: 'PUT', token: second, body: { user: { password: 'a brand new passphrase' } } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().user.token, second);

    assert.equal((await call('/user', { token: second })).statusCode, 200);
    for (const revoked of [first, third]) {
      const stale = await call('/user', { token: revoked });
      assert.equal(stale.statusCode, 401);
      assert.deepEqual(stale.json(), { errors: { token: ['is invalid'] } });
    }
    assert.equal((await login({ email: 'jack@example.com', password: PASSWORD })).statusCode, 401);
    assert.equal((await login({ email: 'jack@example.com', password: 'a brand new passphrase' })).statusCode, 200);
  });

  test('changing other fields revokes nothing', async () => {
    const first = await signUp(t.app, 'kate');
    const second = (await login({ email: 'kate@example.com', password: PASSWORD })).json().user.token as string;
    await call('/user', { method: 'PUT', token: second, body: { user: { bio: 'hello' } } });
    assert.equal((await call('/user', { token: first })).statusCode, 200);
  });
});

describe('limits', () => {
  test('repeated failed logins for one account are 429 with a Retry-After', async () => {
    const strict = await createTestApp({ LOGIN_FAILURES_PER_ADDRESS: '2' });
    try {
      await signUp(strict.app, 'lena');
      const attempt = (password: string) =>
        api(strict.app)('/users/login', { method: 'POST', body: { user: { email: 'lena@example.com', password } } });
      assert.equal((await attempt('wrong one')).statusCode, 401);
      assert.equal((await attempt('wrong two')).statusCode, 401);
      const blocked = await attempt(PASSWORD);
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.deepEqual(Object.keys(blocked.json().errors), ['credentials']);
    } finally {
      await strict.close();
    }
  });

  test('register and login are rate-limited per address with an errors body', async () => {
    const strict = await createTestApp({ AUTH_RATE_LIMIT: '2' });
    try {
      const attempt = () => api(strict.app)('/users/login', { method: 'POST', body: { user: { email: 'x@example.com', password: 'whatever1' } } });
      await attempt();
      await attempt();
      const limited = await attempt();
      assert.equal(limited.statusCode, 429);
      assert.deepEqual(Object.keys(limited.json().errors), ['request']);
      const registerCall = () => api(strict.app)('/users', { method: 'POST', body: { user: {} } });
      await registerCall();
      await registerCall();
      assert.equal((await registerCall()).statusCode, 429);
    } finally {
      await strict.close();
    }
  });
});
