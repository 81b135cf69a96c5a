import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, TestClock, type TestApp } from '../support/app.js';
import { api, ISO_DATE, postArticle, signUp } from '../support/api.js';

let t: TestApp;
let call: ReturnType<typeof api>;
let alice: string;
let bob: string;
let slug: string;
const clock = new TestClock();
before(async () => {
  t = await createTestApp({}, { now: clock.now });
  call = api(t.app);
  alice = await signUp(t.app, 'alice');
  bob = await signUp(t.app, 'bob');
  slug = (await postArticle(t.app, alice, { title: 'Discuss Me' })).slug;
});
after(() => t.close());

const comment = (body: unknown, token: string, on = slug) =>
  call(`/articles/${on}/comments`, { method: 'POST', token, body: { comment: { body } } });

test('POST creates: 201 with the comment and its author', async () => {
  const res = await comment('First!', bob);
  assert.equal(res.statusCode, 201);
  const created = res.json().comment;
  assert.deepEqual(Object.keys(created), ['id', 'createdAt', 'updatedAt', 'body', 'author']);
  assert.equal(typeof created.id, 'number');
  assert.match(created.createdAt, ISO_DATE);
  assert.equal(created.body, 'First!');
  assert.deepEqual(created.author, { username: 'bob', bio: null, image: null, following: false });
});

test('GET lists newest first for anyone; following follows the viewer', async () => {
  clock.advance(1000);
  await comment('Second', alice);
  const res = await call(`/articles/${slug}/comments`);
  assert.equal(res.statusCode, 200);
  const { comments } = res.json();
  assert.deepEqual(
    comments.map((c: { body: string }) => c.body),
    ['Second', 'First!'],
  );
  assert.ok(comments.every((c: { author: { following: boolean } }) => c.author.following === false));

  await call('/profiles/bob/follow', { method: 'POST', token: alice });
  const seen = (await call(`/articles/${slug}/comments`, { token: alice })).json().comments;
  assert.equal(seen.find((c: { body: string }) => c.body === 'First!').author.following, true);
});

test('an article without comments lists none', async () => {
  const other = await postArticle(t.app, bob, { title: 'Quiet' });
  assert.deepEqual((await call(`/articles/${other.slug}/comments`)).json(), { comments: [] });
});

test('a blank, missing or mistyped body is 422', async () => {
  for (const body of ['', '   ', null, 42]) {
    const res = await comment(body, bob);
    assert.equal(res.statusCode, 422, JSON.stringify(body));
    assert.deepEqual(Object.keys(res.json().errors), ['body']);
  }
  assert.deepEqual((await comment('', bob)).json(), { errors: { body: ["can't be blank"] } });
  const none = await call(`/articles/${slug}/comments`, { method: 'POST', token: bob, body: { body: 'hi' } });
  assert.equal(none.statusCode, 422);
  assert.deepEqual(none.json(), { errors: { comment: ["can't be blank"] } });
});

test('an unknown article is 404 article when listing, posting and deleting', async () => {
  const list = await call('/articles/nope/comments');
  const post = await comment('hello', bob, 'nope');
  const del = await call('/articles/nope/comments/1', { method: 'DELETE', token: bob });
  for (const res of [list, post, del]) {
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { errors: { article: ['not found'] } });
  }
});

test('DELETE: 403 for others, 204 for the author, then 404 comment', async () => {
  const { id } = (await comment('Delete me', bob)).json().comment;
  const forbidden = await call(`/articles/${slug}/comments/${id}`, { method: 'DELETE', token: alice });
  assert.equal(forbidden.statusCode, 403);
  assert.deepEqual(forbidden.json(), { errors: { comment: ['forbidden'] } });

  const res = await call(`/articles/${slug}/comments/${id}`, { method: 'DELETE', token: bob });
  assert.equal(res.statusCode, 204);
  assert.equal(res.body, '');
  const bodies = (await call(`/articles/${slug}/comments`)).json().comments.map((c: { body: string }) => c.body);
  assert.ok(!bodies.includes('Delete me'));

  const gone = await call(`/articles/${slug}/comments/${id}`, { method: 'DELETE', token: bob });
  assert.equal(gone.statusCode, 404);
  assert.deepEqual(gone.json(), { errors: { comment: ['not found'] } });
});

test("a comment id from another article is 404 comment", async () => {
  const other = await postArticle(t.app, bob, { title: 'Elsewhere' });
  const { id } = (await comment('On the other one', bob, other.slug)).json().comment;
  const res = await call(`/articles/${slug}/comments/${id}`, { method: 'DELETE', token: bob });
  assert.equal(res.statusCode, 404);
  assert.deepEqual(res.json(), { errors: { comment: ['not found'] } });
});

test('a comment id that is not a positive integer is 422', async () => {
  for (const id of ['abc', '0', '1.5', '99999999999999999999']) {
    const res = await call(`/articles/${slug}/comments/${id}`, { method: 'DELETE', token: bob });
    assert.equal(res.statusCode, 422, id);
    assert.deepEqual(res.json(), { errors: { id: ['must be a positive integer'] } });
  }
});

test('posting and deleting need a token, checked before the article lookup', async () => {
  const post = await call('/articles/nope/comments', { method: 'POST', body: { comment: { body: 'x' } } });
  const del = await call('/articles/nope/comments/abc', { method: 'DELETE' });
  for (const res of [post, del]) {
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { errors: { token: ['is missing'] } });
  }
});

test("deleting an article removes its comments", async () => {
  const doomed = await postArticle(t.app, alice, { title: 'Doomed' });
  await comment('Soon gone', bob, doomed.slug);
  assert.equal((await call(`/articles/${doomed.slug}`, { method: 'DELETE', token: alice })).statusCode, 204);
  assert.equal((await call(`/articles/${doomed.slug}/comments`)).statusCode, 404);
});
