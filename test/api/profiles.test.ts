import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.js';
import { api, signUp } from '../support/api.js';

let t: TestApp;
let call: ReturnType<typeof api>;
let alice: string;
before(async () => {
  t = await createTestApp();
  call = api(t.app);
  alice = await signUp(t.app, 'alice');
  await signUp(t.app, 'bob');
  await call('/user', { method: 'PUT', token: alice, body: { user: { bio: 'Writes things.' } } });
});
after(() => t.close());

test('GET /profiles/:username works without a token, following false', async () => {
  const res = await call('/profiles/alice');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { profile: { username: 'alice', bio: 'Writes things.', image: null, following: false } });
});

test('usernames are matched case-insensitively', async () => {
  assert.equal((await call('/profiles/ALICE')).json().profile.username, 'alice');
});

test('an unknown profile is 404 naming the profile', async () => {
  const res = await call('/profiles/nobody');
  assert.equal(res.statusCode, 404);
  assert.deepEqual(res.json(), { errors: { profile: ['not found'] } });
});

test('follow and unfollow answer the profile; GET reflects it', async () => {
  const followed = await call('/profiles/bob/follow', { method: 'POST', token: alice });
  assert.equal(followed.statusCode, 200);
  assert.deepEqual(followed.json(), { profile: { username: 'bob', bio: null, image: null, following: true } });
  assert.equal((await call('/profiles/bob', { token: alice })).json().profile.following, true);
  assert.equal((await call('/profiles/bob')).json().profile.following, false, 'anonymous');

  const again = await call('/profiles/bob/follow', { method: 'POST', token: alice });
  assert.equal(again.statusCode, 200, 'following twice is harmless');

  const unfollowed = await call('/profiles/bob/follow', { method: 'DELETE', token: alice });
  assert.equal(unfollowed.statusCode, 200);
  assert.equal(unfollowed.json().profile.following, false);
  assert.equal((await call('/profiles/bob', { token: alice })).json().profile.following, false);
  assert.equal((await call('/profiles/bob/follow', { method: 'DELETE', token: alice })).statusCode, 200);
});

test('following or unfollowing an unknown user is 404 profile', async () => {
  for (const method of ['POST', 'DELETE'] as const) {
    const res = await call('/profiles/nobody/follow', { method, token: alice });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { errors: { profile: ['not found'] } });
  }
});

test('following yourself is 422', async () => {
  const res = await call('/profiles/alice/follow', { method: 'POST', token: alice });
  assert.equal(res.statusCode, 422);
  assert.deepEqual(res.json(), { errors: { profile: ['cannot follow yourself'] } });
});

test('follow needs a token, checked before the user lookup', async () => {
  for (const method of ['POST', 'DELETE'] as const) {
    const res = await call('/profiles/nobody/follow', { method });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { errors: { token: ['is missing'] } });
  }
});

test('an invalid token on the optional-auth profile route is 401', async () => {
  const res = await call('/profiles/alice', { token: 'stale' });
  assert.equal(res.statusCode, 401);
  assert.deepEqual(res.json(), { errors: { token: ['is invalid'] } });
});
