// A page of a list is built once and shared by every reader until it could
// have changed; each reader adds only their own "favorited" and "following".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { api, postArticle, signUp } from '../../support/api.js';
import { createTestApp, queryOne, type TestApp } from '../../support/app.js';

let t: TestApp;
let call: ReturnType<typeof api>;
let ann: string;
let ben: string;
let cat: string;

const list = async (url: string, token?: string) => (await call(url, { token })).json();
const marks = (body: { articles: Array<{ slug: string; favorited: boolean; author: { following: boolean } }> }) =>
  body.articles.map((a) => `${a.slug}:${a.favorited ? 'fav' : '-'}:${a.author.following ? 'follows' : '-'}`);

before(async () => {
  t = await createTestApp();
  call = api(t.app);
  [ann, ben, cat] = [await signUp(t.app, 'ann'), await signUp(t.app, 'ben'), await signUp(t.app, 'cat')];
  await postArticle(t.app, ann, { title: 'First', tagList: ['shared'] });
  await postArticle(t.app, cat, { title: 'Second', tagList: ['shared'] });
});
after(() => t.close());

test('readers of one page each see only their own favorites and follows', async () => {
  await call('/articles/first/favorite', { method: 'POST', token: ben });
  await call('/profiles/cat/follow', { method: 'POST', token: ann });
  const orders: Array<Array<string | undefined>> = [[undefined, ben, ann], [ann, undefined, ben], [ben, ann, undefined]];
  for (const [i, order] of orders.entries()) {
    // Whoever asks first builds the shared page; the order must not matter.
    const url = `/articles?limit=${10 + i}`;
    const seen = new Map<string | undefined, string[]>();
    for (const token of order) seen.set(token, marks(await list(url, token)));
    assert.deepEqual(seen.get(undefined), ['second:-:-', 'first:-:-'], url);
    assert.deepEqual(seen.get(ben), ['second:-:-', 'first:fav:-'], url);
    assert.deepEqual(seen.get(ann), ['second:-:follows', 'first:-:-'], url);
  }
  for (const [token, expected] of [[undefined, ['second:-:-', 'first:-:-']], [ben, ['second:-:-', 'first:fav:-']], [ann, ['second:-:follows', 'first:-:-']]] as const) {
    assert.deepEqual(marks(await list('/articles?tag=shared', token)), expected);
  }
});

test('a name that matches nobody (as the database compares names) never hides the real author\'s list', async () => {
  // JavaScript lowercases the Kelvin sign to "k"; SQLite's lower() leaves it alone, so there the name
  // matches nobody. PostgreSQL's lower() follows the database's locale, which may fold it to "k" too:
  // then the name is kate's, as the database says, and the real list is still not hidden.
  const kate = await signUp(t.app, 'kate');
  await postArticle(t.app, kate, { title: 'By Kate' });
  const kelvin = '\u212Aate';
  const { n: matches } = await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM users WHERE lower(username) = lower(${kelvin})`);
  if (t.database.engine === 'sqlite') assert.equal(matches, 0);
  const impostor = await list(`/articles?author=${encodeURIComponent(kelvin)}`);
  assert.equal(impostor.articlesCount, matches);
  const real = await list('/articles?author=kate');
  assert.deepEqual(real.articles.map((a: { slug: string }) => a.slug), ['by-kate']);
  assert.equal((await list('/articles?author=KATE')).articlesCount, 1);
});

test('a favorite shows in the counts of every reader at once', async () => {
  const count = async (token?: string) => (await list('/articles?tag=shared', token)).articles.find((a: { slug: string }) => a.slug === 'second').favoritesCount;
  const before = await count(ann);
  await call('/articles/second/favorite', { method: 'POST', token: ben });
  assert.deepEqual([await count(), await count(ann), await count(ben)], [before + 1, before + 1, before + 1]);
});

test('a follow or an unfollow changes that reader\'s feed at once, and nobody else\'s', async () => {
  const feed = async (token: string) => (await list('/articles/feed', token)).articles.map((a: { slug: string }) => a.slug);
  assert.deepEqual(await feed(ben), []);
  await call('/profiles/ann/follow', { method: 'POST', token: ben });
  assert.deepEqual(await feed(ben), ['first']);
  assert.deepEqual(await feed(ann), ['second']);
  await call('/profiles/ann/follow', { method: 'DELETE', token: ben });
  assert.deepEqual(await feed(ben), []);
  assert.deepEqual(await feed(ann), ['second']);
});

test('a new article by a followed author joins the feed at once', async () => {
  await postArticle(t.app, cat, { title: 'Third' });
  assert.deepEqual((await list('/articles/feed', ann)).articles.map((a: { slug: string }) => a.slug), ['third', 'second']);
  assert.equal((await list('/articles/feed', ann)).articlesCount, 2);
});

test('a list filtered by who favorited follows their favorites at once', async () => {
  const favorites = async () => (await list('/articles?favorited=ben')).articles.map((a: { slug: string }) => a.slug);
  assert.deepEqual(await favorites(), ['second', 'first']);
  await call('/articles/first/favorite', { method: 'DELETE', token: ben });
  assert.deepEqual(await favorites(), ['second']);
});
