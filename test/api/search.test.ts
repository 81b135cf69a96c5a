// GET /api/articles?q=: this API's extension of the RealWorld list. It searches
// in relevance order and combines with every filter and with paging; without
// `q` the list is exactly the one the spec defines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, postArticle, signUp } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let call: ReturnType<typeof api>;
let bob: string;

const slugs = async (url: string, token?: string) => {
  const res = await call(url, { token });
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  return (res.json().articles as Array<{ slug: string }>).map((a) => a.slug);
};

before(async () => {
  t = await createTestApp();
  call = api(t.app);
  const ada = await signUp(t.app, 'ada');
  bob = await signUp(t.app, 'bob');
  await postArticle(t.app, ada, { title: 'Knitting basics', description: 'Start here', body: 'A sweater takes patience and wool.', tagList: ['craft'] });
  await postArticle(t.app, bob, { title: 'Winter layers', description: 'Wool socks and a sweater', body: 'Stay warm.', tagList: ['craft', 'winter'] });
  await postArticle(t.app, ada, { title: 'The sweater I finished', description: 'At last', body: 'Photos inside.', tagList: ['winter'] });
});
after(() => t.close());

test('q finds articles in relevance order: title, then description, then body', async () => {
  assert.deepEqual(await slugs('/articles?q=sweater'), ['the-sweater-i-finished', 'winter-layers', 'knitting-basics']);
  const body = (await call('/articles?q=sweater')).json();
  assert.equal(body.articlesCount, 3);
  assert.deepEqual(Object.keys(body.articles[0]).sort(), ['author', 'createdAt', 'description', 'favorited', 'favoritesCount', 'slug', 'tagList', 'title', 'updatedAt']);
});

test('q combines with tag, author, favorited, limit and offset', async () => {
  assert.deepEqual(await slugs('/articles?q=sweater&tag=winter'), ['the-sweater-i-finished', 'winter-layers']);
  assert.deepEqual(await slugs('/articles?q=sweater&author=ada'), ['the-sweater-i-finished', 'knitting-basics']);
  assert.deepEqual(await slugs('/articles?q=sweater&tag=craft&author=bob'), ['winter-layers']);
  await call('/articles/knitting-basics/favorite', { method: 'POST', token: bob });
  assert.deepEqual(await slugs('/articles?q=wool&favorited=bob'), ['knitting-basics']);
  assert.deepEqual(await slugs('/articles?q=sweater&limit=1&offset=1'), ['winter-layers']);
  assert.equal((await call('/articles?q=sweater&limit=1&offset=1')).json().articlesCount, 3);
  const mine = (await call('/articles?q=wool', { token: bob })).json().articles;
  assert.equal(mine.find((a: { slug: string }) => a.slug === 'knitting-basics').favorited, true, 'marks are the reader\'s own');
});

test('without q (or with an empty one) the list is as before, newest first', async () => {
  const newest = ['the-sweater-i-finished', 'winter-layers', 'knitting-basics'];
  assert.deepEqual(await slugs('/articles'), newest);
  assert.deepEqual(await slugs('/articles?q='), newest);
  assert.deepEqual(await slugs('/articles?tag=craft'), ['winter-layers', 'knitting-basics']);
});

test('any q answers 200 with a list; a repeated q is a 422 like the other filters', async () => {
  for (const q of ['"', '*', 'NEAR(sweater', '-sweater', 'sweater OR', '\u0000', '🧶', 'x'.repeat(1000), '(', "'; DROP TABLE articles; --"]) {
    const res = await call(`/articles?q=${encodeURIComponent(q)}`);
    assert.equal(res.statusCode, 200, q);
    assert.ok(Array.isArray(res.json().articles), q);
  }
  assert.deepEqual(await slugs(`/articles?q=${encodeURIComponent('-sweater')}`), await slugs('/articles?q=sweater'));
  const twice = await call('/articles?q=a&q=b');
  assert.equal(twice.statusCode, 422);
  assert.deepEqual(twice.json(), { errors: { q: ['must be a single value'] } });
});
