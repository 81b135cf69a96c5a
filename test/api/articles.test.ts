import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { coldStatements, createTestApp, execute, TestClock, type TestApp } from '../support/app.js';
import { api, ISO_DATE, postArticle, signUp } from '../support/api.js';

let t: TestApp;
let call: ReturnType<typeof api>;
let alice: string;
let bob: string;
let carol: string;
before(async () => {
  t = await createTestApp();
  call = api(t.app);
  alice = await signUp(t.app, 'alice');
  bob = await signUp(t.app, 'bob');
  carol = await signUp(t.app, 'carol');
});
after(() => t.close());

const ARTICLE_KEYS = ['slug', 'title', 'description', 'body', 'tagList', 'createdAt', 'updatedAt', 'favorited', 'favoritesCount', 'author'];
const SUMMARY_KEYS = ARTICLE_KEYS.filter((k) => k !== 'body');

describe('POST /api/articles', () => {
  test('creates: 201 with the full article; tags trimmed, deduplicated and sorted', async () => {
    const res = await call('/articles', {
      method: 'POST',
      token: alice,
      body: { article: { title: 'How to Train Your Dragon', description: 'Ever wonder how?', body: 'You have to believe', tagList: [' dragons', 'Training', 'dragons', ''] } },
    });
    assert.equal(res.statusCode, 201);
    const { article } = res.json();
    assert.deepEqual(Object.keys(article), ARTICLE_KEYS);
    assert.equal(article.slug, 'how-to-train-your-dragon');
    assert.equal(article.title, 'How to Train Your Dragon');
    assert.equal(article.description, 'Ever wonder how?');
    assert.equal(article.body, 'You have to believe');
    assert.deepEqual(article.tagList, ['Training', 'dragons']);
    assert.match(article.createdAt, ISO_DATE);
    assert.equal(article.createdAt, article.updatedAt);
    assert.equal(article.favorited, false);
    assert.equal(article.favoritesCount, 0);
    assert.deepEqual(article.author, { username: 'alice', bio: null, image: null, following: false });
  });

  test('a duplicate title gets a different slug', async () => {
    const first = await postArticle(t.app, alice, { title: 'Same Title' });
    const second = await postArticle(t.app, bob, { title: 'Same Title' });
    assert.equal(first.slug, 'same-title');
    assert.match(second.slug, /^same-title-[a-z0-9]+$/);
  });

  test('the title "Feed" never takes the feed route as its slug', async () => {
    const article = await postArticle(t.app, alice, { title: 'Feed' });
    assert.notEqual(article.slug, 'feed');
    const res = await call(`/articles/${article.slug}`);
    assert.equal(res.json().article.title, 'Feed');
  });

  test('missing fields are 422, each named; no envelope is 422 article', async () => {
    const blank = await call('/articles', { method: 'POST', token: alice, body: { article: {} } });
    assert.equal(blank.statusCode, 422);
    assert.deepEqual(blank.json(), {
      errors: { title: ["can't be blank"], description: ["can't be blank"], body: ["can't be blank"] },
    });
    const none = await call('/articles', { method: 'POST', token: alice, body: { title: 'x' } });
    assert.equal(none.statusCode, 422);
    assert.deepEqual(none.json(), { errors: { article: ["can't be blank"] } });
  });

  test('tagList null or not a list is 422', async () => {
    for (const tagList of [null, 'dragons', [1]]) {
      const res = await call('/articles', { method: 'POST', token: alice, body: { article: { title: 'T', description: 'D', body: 'B', tagList } } });
      assert.equal(res.statusCode, 422, JSON.stringify(tagList));
      assert.deepEqual(res.json(), { errors: { tagList: ['must be a list of strings'] } });
    }
  });

  test('needs a token', async () => {
    const res = await call('/articles', { method: 'POST', body: { article: { title: 'T', description: 'D', body: 'B' } } });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { errors: { token: ['is missing'] } });
  });
});

describe('GET /api/articles/:slug', () => {
  test('anyone can read; favorited and following follow the viewer', async () => {
    const { slug } = await postArticle(t.app, alice, { title: 'Readable' });
    const anonymous = await call(`/articles/${slug}`);
    assert.equal(anonymous.statusCode, 200);
    assert.deepEqual(Object.keys(anonymous.json().article), ARTICLE_KEYS);
    await call('/profiles/alice/follow', { method: 'POST', token: carol });
    await call(`/articles/${slug}/favorite`, { method: 'POST', token: carol });
    const seen = (await call(`/articles/${slug}`, { token: carol })).json().article;
    assert.equal(seen.favorited, true);
    assert.equal(seen.author.following, true);
    await call('/profiles/alice/follow', { method: 'DELETE', token: carol });
  });

  test('an unknown slug is 404 article', async () => {
    const res = await call('/articles/no-such-article');
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { errors: { article: ['not found'] } });
  });
});

describe('PUT /api/articles/:slug', () => {
  test('without a title: slug, createdAt and omitted fields kept; updatedAt moves', async () => {
    const created = await postArticle(t.app, alice, { title: 'Keep My Slug', tagList: ['one', 'two'] });
    const res = await call(`/articles/${created.slug}`, { method: 'PUT', token: alice, body: { article: { body: 'New body' } } });
    assert.equal(res.statusCode, 200);
    const { article } = res.json();
    assert.equal(article.slug, created.slug);
    assert.equal(article.body, 'New body');
    assert.equal(article.title, 'Keep My Slug');
    assert.equal(article.description, created.description);
    assert.deepEqual(article.tagList, ['one', 'two']);
    assert.equal(article.createdAt, created.createdAt);
    assert.ok(article.updatedAt > created.updatedAt);
  });

  test('a new title gives a new slug; the old one is gone', async () => {
    const created = await postArticle(t.app, alice, { title: 'Old Title' });
    const res = await call(`/articles/${created.slug}`, { method: 'PUT', token: alice, body: { article: { title: 'New Title' } } });
    assert.equal(res.json().article.slug, 'new-title');
    assert.equal((await call('/articles/new-title')).statusCode, 200);
    assert.equal((await call(`/articles/${created.slug}`)).statusCode, 404);
  });

  test('tagList: [] clears, omitted keeps, null is 422', async () => {
    const { slug } = await postArticle(t.app, alice, { title: 'Tagged', tagList: ['a', 'b'] });
    const put = (article: unknown) => call(`/articles/${slug}`, { method: 'PUT', token: alice, body: { article } });
    const kept = await put({ description: 'changed' });
    assert.deepEqual(kept.json().article.tagList, ['a', 'b']);
    const refused = await put({ tagList: null });
    assert.equal(refused.statusCode, 422);
    assert.deepEqual(refused.json(), { errors: { tagList: ['must be a list of strings'] } });
    assert.deepEqual((await put({ tagList: ['c'] })).json().article.tagList, ['c']);
    const cleared = await put({ tagList: [] });
    assert.deepEqual(cleared.json().article.tagList, []);
  });

  test('blank fields are 422', async () => {
    const { slug } = await postArticle(t.app, alice, { title: 'Blanks' });
    const res = await call(`/articles/${slug}`, { method: 'PUT', token: alice, body: { article: { title: '  ', body: '' } } });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json(), { errors: { title: ["can't be blank"], body: ["can't be blank"] } });
  });

  test("someone else's article is 403; an unknown one 404", async () => {
    const { slug } = await postArticle(t.app, alice, { title: 'Not Yours' });
    const forbidden = await call(`/articles/${slug}`, { method: 'PUT', token: bob, body: { article: { title: 'Mine now' } } });
    assert.equal(forbidden.statusCode, 403);
    assert.deepEqual(forbidden.json(), { errors: { article: ['forbidden'] } });
    const missing = await call('/articles/nope', { method: 'PUT', token: bob, body: { article: { title: 'x' } } });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.json(), { errors: { article: ['not found'] } });
  });
});

describe('DELETE /api/articles/:slug', () => {
  test("204 for the author; 403 for others; 404 once gone", async () => {
    const { slug } = await postArticle(t.app, alice, { title: 'Short Lived' });
    const forbidden = await call(`/articles/${slug}`, { method: 'DELETE', token: bob });
    assert.equal(forbidden.statusCode, 403);
    assert.deepEqual(forbidden.json(), { errors: { article: ['forbidden'] } });
    const res = await call(`/articles/${slug}`, { method: 'DELETE', token: alice });
    assert.equal(res.statusCode, 204);
    assert.equal(res.body, '');
    const gone = await call(`/articles/${slug}`, { method: 'DELETE', token: alice });
    assert.equal(gone.statusCode, 404);
    assert.deepEqual(gone.json(), { errors: { article: ['not found'] } });
  });
});

describe('favorites', () => {
  test('favorite and unfavorite answer 200 with the full article and count', async () => {
    const { slug } = await postArticle(t.app, alice, { title: 'Lovable', body: 'Full body here' });
    const fav = (token: string, method: 'POST' | 'DELETE' = 'POST') => call(`/articles/${slug}/favorite`, { method, token });

    const first = await fav(bob);
    assert.equal(first.statusCode, 200);
    assert.deepEqual(Object.keys(first.json().article), ARTICLE_KEYS);
    assert.equal(first.json().article.body, 'Full body here');
    assert.equal(first.json().article.favorited, true);
    assert.equal(first.json().article.favoritesCount, 1);

    assert.equal((await fav(bob)).json().article.favoritesCount, 1, 'favoriting twice counts once');
    const own = await fav(alice);
    assert.equal(own.statusCode, 200, 'favoriting your own article is allowed');
    assert.equal(own.json().article.favoritesCount, 2);
    assert.equal((await call(`/articles/${slug}`)).json().article.favoritesCount, 2);

    const un = await fav(bob, 'DELETE');
    assert.equal(un.statusCode, 200);
    assert.equal(un.json().article.favorited, false);
    assert.equal(un.json().article.favoritesCount, 1);
    assert.equal((await fav(bob, 'DELETE')).json().article.favoritesCount, 1, 'unfavoriting twice counts once');
    await fav(alice, 'DELETE');
  });

  test('unknown article is 404; no token is 401 first', async () => {
    for (const method of ['POST', 'DELETE'] as const) {
      const missing = await call('/articles/nope/favorite', { method, token: bob });
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(missing.json(), { errors: { article: ['not found'] } });
      const anonymous = await call('/articles/nope/favorite', { method });
      assert.equal(anonymous.statusCode, 401);
    }
  });
});

describe('GET /api/tags', () => {
  test('lists every tag in use, sorted', async () => {
    const res = await call('/tags');
    assert.equal(res.statusCode, 200);
    const { tags } = res.json();
    assert.ok(Array.isArray(tags));
    assert.ok(tags.includes('Training') && tags.includes('dragons'));
    assert.deepEqual(tags, [...tags].sort());
    assert.ok(!tags.includes('a'), 'a tag no article uses any more is gone');
  });
});

describe('lists (a fresh database)', () => {
  let l: TestApp;
  let get: ReturnType<typeof api>;
  let ann: string;
  let ben: string;
  let cid: string;
  const slugs: string[] = []; // oldest first
  const clock = new TestClock();
  before(async () => {
    l = await createTestApp({}, { now: clock.now });
    get = api(l.app);
    ann = await signUp(l.app, 'ann');
    ben = await signUp(l.app, 'ben');
    cid = await signUp(l.app, 'cid');
    const plan: Array<[string, string[]]> = [
      [ann, ['red']],
      [ben, ['red', 'blue']],
      [ann, []],
      [cid, ['blue']],
      [ben, ['green']],
    ];
    for (const [i, [token, tagList]] of plan.entries()) {
      slugs.push((await postArticle(l.app, token, { title: `Article ${i}`, tagList })).slug);
      clock.advance(1000); // distinct createdAt
    }
    await get(`/articles/${slugs[0]}/favorite`, { method: 'POST', token: cid });
    await get(`/articles/${slugs[3]}/favorite`, { method: 'POST', token: cid });
  });
  after(() => l.close());

  const slugsOf = (res: { json(): { articles: Array<{ slug: string }> } }) => res.json().articles.map((a) => a.slug);

  test('newest first, without bodies, with the total count', async () => {
    const res = await get('/articles');
    assert.equal(res.statusCode, 200);
    const page = res.json();
    assert.equal(page.articlesCount, 5);
    assert.deepEqual(slugsOf(res), [...slugs].reverse());
    for (const article of page.articles) {
      assert.deepEqual(Object.keys(article), SUMMARY_KEYS);
      assert.match(article.createdAt, ISO_DATE);
    }
  });

  test('limit and offset page through; articlesCount stays the total', async () => {
    const newest = [...slugs].reverse();
    const first = await get('/articles?limit=2');
    assert.deepEqual(slugsOf(first), newest.slice(0, 2));
    assert.equal(first.json().articlesCount, 5);
    const second = await get('/articles?limit=2&offset=2');
    assert.deepEqual(slugsOf(second), newest.slice(2, 4));
    const last = await get('/articles?limit=2&offset=4');
    assert.deepEqual(slugsOf(last), newest.slice(4));
    const beyond = await get('/articles?offset=10');
    assert.deepEqual(beyond.json(), { articles: [], articlesCount: 5 });
    const huge = await get('/articles?limit=500');
    assert.equal(huge.statusCode, 200, 'limits over 100 are capped, not refused');
    assert.equal(huge.json().articles.length, 5);
  });

  test('equal timestamps are ordered by id, newest first', async () => {
    const tied = new Date('2026-01-01T00:00:00.000Z').getTime();
    await execute(l.database, sql`UPDATE articles SET created_at = ${tied}`);
    try {
      assert.deepEqual(slugsOf(await get('/articles')), [...slugs].reverse());
    } finally {
      // Restore distinct times for the other tests.
      for (const [i, slug] of slugs.entries()) await execute(l.database, sql`UPDATE articles SET created_at = ${tied + i} WHERE slug = ${slug}`);
    }
  });

  test('filters by tag, author and favorited (case-insensitive usernames)', async () => {
    const byTag = await get('/articles?tag=red');
    assert.deepEqual(slugsOf(byTag), [slugs[1], slugs[0]]);
    assert.equal(byTag.json().articlesCount, 2);
    assert.deepEqual(slugsOf(await get('/articles?author=BEN')), [slugs[4], slugs[1]]);
    assert.deepEqual(slugsOf(await get('/articles?favorited=cid')), [slugs[3], slugs[0]]);
    assert.deepEqual(slugsOf(await get('/articles?tag=blue&author=cid')), [slugs[3]]);
    assert.deepEqual((await get('/articles?author=nobody')).json(), { articles: [], articlesCount: 0 });
    assert.deepEqual((await get('/articles?tag=nothing')).json(), { articles: [], articlesCount: 0 });
  });

  test('favorited reflects the viewer', async () => {
    const mine = (await get('/articles', { token: cid })).json().articles;
    assert.deepEqual(
      mine.filter((a: { favorited: boolean }) => a.favorited).map((a: { slug: string }) => a.slug),
      [slugs[3], slugs[0]],
    );
    const favs = mine.find((a: { slug: string }) => a.slug === slugs[0]);
    assert.equal(favs.favoritesCount, 1);
  });

  test('the feed shows only followed authors, newest first, with following true', async () => {
    await get('/profiles/ann/follow', { method: 'POST', token: cid });
    await get('/profiles/ben/follow', { method: 'POST', token: cid });
    const res = await get('/articles/feed', { token: cid });
    assert.equal(res.statusCode, 200);
    const feed = res.json();
    assert.deepEqual(slugsOf(res), [slugs[4], slugs[2], slugs[1], slugs[0]]);
    assert.equal(feed.articlesCount, 4);
    for (const article of feed.articles) {
      assert.deepEqual(Object.keys(article), SUMMARY_KEYS);
      assert.equal(article.author.following, true);
      assert.notEqual(article.author.username, 'cid');
    }
    const paged = await get('/articles/feed?limit=1&offset=1', { token: cid });
    assert.deepEqual(slugsOf(paged), [slugs[2]]);
    assert.equal(paged.json().articlesCount, 4);
    assert.deepEqual((await get('/articles/feed', { token: ann })).json(), { articles: [], articlesCount: 0 });
  });

  test('the feed needs a token', async () => {
    const res = await get('/articles/feed');
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), { errors: { token: ['is missing'] } });
  });

  test('a page costs the same number of SQL statements whatever its size', async () => {
    for (let i = 0; i < 20; i++) await postArticle(l.app, i % 2 ? ann : ben, { title: `Bulk ${i}`, tagList: [`t${i % 3}`] });
    const statements = async (url: string, token?: string) => {
      // What building the answer costs: on an instance that has nothing cached.
      const { n, res } = await coldStatements(l, (app) => api(app)(url, { token }));
      assert.equal(res.statusCode, 200);
      return { count: n, size: res.json().articles.length as number };
    };
    await statements('/articles?limit=1'); // fills the cached total, which later pages reuse
    const ten = await statements('/articles?limit=10');
    const twenty = await statements('/articles?limit=20');
    assert.equal(ten.size, 10);
    assert.equal(twenty.size, 20);
    assert.equal(ten.count, twenty.count);
    await statements('/articles?limit=1', cid); // loads the reader's favorites and follows, which later pages reuse
    const tenSignedIn = await statements('/articles?limit=10', cid);
    const twentySignedIn = await statements('/articles?limit=20', cid);
    assert.equal(tenSignedIn.count, twentySignedIn.count);
    await statements('/articles/feed?limit=1', cid); // fills the cached feed total
    const feedTen = await statements('/articles/feed?limit=10', cid);
    const feedTwenty = await statements('/articles/feed?limit=20', cid);
    assert.equal(feedTwenty.size, 20);
    assert.equal(feedTen.count, feedTwenty.count);
  });
});
