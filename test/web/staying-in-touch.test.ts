// Followed tags join Your Feed (page and API, one domain function), each
// article once, newest first, totals right; settings lists them. The reading
// list is private: one reader's, apart from favorites, counted nowhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api } from '../support/api.js';
import { TestClock, createTestApp, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';
import { Browser, PASSWORD, press, publish, signedUp } from '../support/web.js';

let t: TestApp;
const clock = new TestClock(Date.UTC(2026, 11, 7, 9, 0));
let ana: Browser;
let ben: Browser;
let cat: Browser;
let bensToken: string;

const titles = (html: string) => [...html.matchAll(/<a href="\/article\/[^"]+" class="preview-link"><h1>([^<]+)<\/h1>/g)].map((m) => m[1]);

before(async () => {
  t = await createTestApp({}, { now: clock.now });
  [ana, ben, cat] = [await signedUp(t.app, 'ana'), await signedUp(t.app, 'ben'), await signedUp(t.app, 'cat')];
  bensToken = (await api(t.app)('/users/login', { method: 'POST', body: { user: { email: 'ben@example.com', password: PASSWORD } } })).json().user.token;
  // ana writes about birds and boats; cat about birds. ben follows ana, and later the tag birds.
  for (const [who, title, tags] of [
    [ana, 'Ana on boats', ['boats']],
    [cat, 'Cat on birds', ['birds']],
    [ana, 'Ana on birds', ['birds', 'boats']],
    [cat, 'Cat on cats', ['cats']],
  ] as const) {
    clock.advance(1000);
    await publish(who, { title, tags: [...tags] });
  }
  assert.equal((await press(ben, '/profile/ana', '/profile/ana/follow')).statusCode, 303);
});
after(() => t.close());

describe(`followed tags (${testEngine})`, () => {
  test('following a tag on its page adds its articles to Your Feed, once each, newest first, on both faces', async () => {
    const feed = async () => titles((await ben.get('/?feed=following')).body);
    const apiFeed = async () => (await api(t.app)('/articles/feed', { token: bensToken })).json();
    assert.deepEqual(await feed(), ['Ana on birds', 'Ana on boats']);
    const tagPage = (await ben.get('/tag/birds')).body;
    assert.match(tagPage, /Follow tag birds/);
    const res = await press(ben, '/tag/birds', '/tag/birds/follow', { returnTo: '/tag/birds' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/tag/birds');
    assert.match((await ben.get('/tag/birds')).body, /Unfollow tag birds/);
    // "Ana on birds" is by a followed author and has the followed tag: shown once.
    assert.deepEqual(await feed(), ['Ana on birds', 'Cat on birds', 'Ana on boats']);
    const body = await apiFeed();
    assert.deepEqual(body.articles.map((a: { title: string }) => a.title), ['Ana on birds', 'Cat on birds', 'Ana on boats']);
    assert.equal(body.articlesCount, 3);
    // A new article with the tag joins the kept feed at once.
    clock.advance(1000);
    await publish(cat, { title: 'Cat on more birds', tags: ['birds'] });
    assert.deepEqual(await feed(), ['Cat on more birds', 'Ana on birds', 'Cat on birds', 'Ana on boats']);
    assert.equal((await apiFeed()).articlesCount, 4);
    const paged = (await api(t.app)('/articles/feed?limit=2&offset=2', { token: bensToken })).json();
    assert.deepEqual(paged.articles.map((a: { title: string }) => a.title), ['Cat on birds', 'Ana on boats']);
    assert.equal(paged.articlesCount, 4);
  });

  test('settings lists the tags followed, each with Unfollow; unfollowing takes their articles out', async () => {
    const settings = (await ben.get('/settings')).body;
    assert.match(settings, /Tags you follow/);
    assert.match(settings, /<a href="\/tag\/birds">birds<\/a>/);
    const res = await press(ben, '/settings', '/tag/birds/unfollow', { returnTo: '/settings' });
    assert.equal(res.headers.location, '/settings');
    assert.doesNotMatch((await ben.get('/settings')).body, /href="\/tag\/birds"/);
    assert.deepEqual(titles((await ben.get('/?feed=following')).body), ['Ana on birds', 'Ana on boats']);
    // Nobody else's feed or page changed: following is private.
    assert.doesNotMatch((await cat.get('/settings')).body, /href="\/tag\/birds"/);
  });

  test('an unknown tag cannot be followed: the 404 page', async () => {
    const res = await press(ben, '/', '/tag/no-such-tag/follow');
    assert.equal(res.statusCode, 404);
  });
});

describe(`the reading list (${testEngine})`, () => {
  const slugOf = async (title: string) =>
    ((await api(t.app)('/articles?limit=100')).json().articles as Array<{ title: string; slug: string }>).find((a) => a.title === title)!.slug;

  test('"Save for later" on an article puts it on /reading-list, newest saved first; Remove takes it off', async () => {
    for (const title of ['Cat on cats', 'Ana on boats', 'Cat on birds']) {
      const path = `/article/${await slugOf(title)}`;
      assert.match((await ben.get(path)).body, /Save for later/);
      clock.advance(1000);
      assert.equal((await press(ben, path, `${path}/save`, { returnTo: path })).statusCode, 303);
      assert.match((await ben.get(path)).body, /Remove from reading list/);
    }
    const list = (await ben.get('/reading-list')).body;
    assert.deepEqual(titles(list), ['Cat on birds', 'Ana on boats', 'Cat on cats']);
    const boats = await slugOf('Ana on boats');
    assert.equal((await press(ben, '/reading-list', `/article/${boats}/unsave`, { returnTo: '/reading-list' })).headers.location, '/reading-list');
    assert.deepEqual(titles((await ben.get('/reading-list')).body), ['Cat on birds', 'Cat on cats']);
  });

  test('private and apart from favorites: no count moves, nobody else sees it', async () => {
    const cats = await slugOf('Cat on cats');
    const article = (await api(t.app)(`/articles/${cats}`)).json().article;
    assert.equal(article.favoritesCount, 0);
    assert.equal(article.favorited, false);
    assert.deepEqual(titles((await cat.get('/reading-list')).body), []);
    assert.doesNotMatch((await t.app.inject(`/article/${cats}`)).body, /Save for later|reading list/i, 'signed out: no button');
    assert.deepEqual(titles((await ben.get('/profile/ben/favorites')).body), []);
  });

  test('paginated: ten a page', async () => {
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      const slug = await publish(ana, { title: `Filler ${i}` });
      assert.equal((await press(ben, `/article/${slug}`, `/article/${slug}/save`)).statusCode, 303);
    }
    const first = (await ben.get('/reading-list')).body;
    assert.equal(titles(first).length, 10);
    assert.equal(titles(first)[0], 'Filler 9');
    assert.deepEqual(titles((await ben.get('/reading-list?page=2')).body), ['Cat on birds', 'Cat on cats']);
  });
});
