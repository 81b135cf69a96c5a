import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { contextPasswordMessage } from '../../../src/domain/accounts/password-rules.js';
import { api } from '../../support/api.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { Browser, errorMessages } from '../../support/web.js';

let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

describe('context-specific passwords (unit)', () => {
  const owner = { username: 'Priya_R', email: 'priya.raman@example.com' };
  const cases: Array<[string, string | null]> = [
    ['conduit2026', "must not contain the site's name (Conduit)"],
    ['conduitconduit', "must not contain the site's name (Conduit)"],
    ['My CONDUIT password', "must not contain the site's name (Conduit)"],
    ['priya_r-is-me', 'must not contain your username'],
    ['PRIYA_R', 'must not contain your username'],
    ['xx-priya.raman-xx', 'must not contain the part of your email before the @'],
    ['correct horse battery staple', null],
    ['priya rocks the house', null], // "priya" alone is neither the username nor the email's name
  ];
  for (const [password, message] of cases) {
    test(`${JSON.stringify(password)} → ${message ?? 'accepted'}`, () => assert.equal(contextPasswordMessage(password, owner), message));
  }

  test('names shorter than 3 characters are not looked for', () => {
    assert.equal(contextPasswordMessage('a long passphrase', { username: 'al', email: 'as@example.com' }), null);
  });
});

describe('on both faces', () => {
  test('sign-up page: refused with a message that says which rule', async () => {
    const browser = new Browser(t.app);
    await browser.get('/register');
    const res = await browser.post('/register', { _csrf: browser.csrf(), username: 'sam', email: 'sam@example.com', password: 'sam-says-hello' });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(errorMessages(res.body), ['password must not contain your username']);
  });

  test('API sign-up: 422 with the message on password', async () => {
    const res = await api(t.app)('/users', { method: 'POST', body: { user: { username: 'tess', email: 'tess@example.com', password: 'conduit2026' } } });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json(), { errors: { password: ["must not contain the site's name (Conduit)"] } });
  });

  test('settings: checked against the new username when it changes too', async () => {
    const browser = new Browser(t.app);
    await browser.register('uma');
    await browser.get('/settings');
    const res = await browser.post('/settings', {
      _csrf: browser.csrf(),
      image: '',
      username: 'umbrella',
      bio: '',
      email: 'uma@example.com',
      password: 'my umbrella is red',
    });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(errorMessages(res.body), ['password must not contain your username']);
  });

  test('PUT /api/user: checked against the current email', async () => {
    const token = (await api(t.app)('/users', { method: 'POST', body: { user: { username: 'valiant', email: 'victoria@example.com', password: 'correct horse battery staple' } } })).json()
      .user.token as string;
    const res = await api(t.app)('/user', { method: 'PUT', token, body: { user: { password: 'victoria-2026!' } } });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json(), { errors: { password: ['must not contain the part of your email before the @'] } });
  });
});
