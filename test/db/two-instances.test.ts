// Two instances of the app on one database, as two worker processes or
// two machines would run it: every write on one shows on the other's next
// request, for signed-out pages, signed-in pages and the API. Each check first
// reads on B, so B has the old answer kept when A writes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/open.js';
import { api, postArticle, signUp } from '../support/api.js';
import { createTestApp, execute, secondInstance, type TestApp } from '../support/app.js';
import { texts } from '../support/html.js';
import { readAtom } from '../support/xml-documents.js';
import { giveRole } from '../support/roles.js';
import { Browser, press, signedInAs, signedUp } from '../support/web.js';

let a: TestApp;
let b: TestApp;
/** The API of each instance. */
let callA: ReturnType<typeof api>;
let callB: ReturnType<typeof api>;
/** Signed out, on B. */
let anonB: Browser;
/** Signed in through the pages on A; the same cookie is used on B. */
let readerA: Browser;
let readerB: Browser;
let readerToken: string;
let writerToken: string;

before(async () => {
  a = await createTestApp();
  b = await secondInstance(a);
  callA = api(a.app);
  callB = api(b.app);
  anonB = new Browser(b.app);
  writerToken = await signUp(a.app, 'writer');
  readerA = await signedUp(a.app, 'reader');
  readerB = readerA.on(b.app);
  readerToken = (await callA('/users/login', { method: 'POST', body: { user: { email: 'reader@example.com', password: 'correct horse battery staple' } } })).json().user.token;
});
after(async () => {
  await b.close();
  await a.close();
});

const titlesOn = (html: string) => texts(html, '.article-preview h1');
const apiSlugs = async (url: string, token?: string) => ((await callB(url, { token })).json().articles as Array<{ slug: string }>).map((x) => x.slug);

describe('a write on one instance shows on the next request to the other', () => {
  let slug: string;

  test('a new article', async () => {
    await anonB.get('/');
    await readerB.get('/');
    await callB('/articles');
    await callB('/tags');
    slug = (await postArticle(a.app, writerToken, { title: 'Written on A', tagList: ['shared'] })).slug;
    assert.deepEqual(texts((await anonB.get('/')).body, '.sidebar .tag-pill'), ['shared']);
    assert.deepEqual((await callB('/tags')).json().tags, ['shared']);
    assert.deepEqual(titlesOn((await anonB.get('/')).body).slice(0, 1), ['Written on A']);
    assert.deepEqual(titlesOn((await readerB.get('/')).body).slice(0, 1), ['Written on A']);
    assert.deepEqual(titlesOn((await anonB.get('/tag/shared')).body), ['Written on A']);
    assert.deepEqual((await apiSlugs('/articles')).slice(0, 1), [slug]);
  });

  test('an edit', async () => {
    await anonB.get(`/article/${slug}`);
    await anonB.get('/feed.atom');
    await anonB.get('/feed.atom');
    await callB(`/articles/${slug}`);
    await callA(`/articles/${slug}`, { method: 'PUT', token: writerToken, body: { article: { description: 'Edited on A', body: 'A **new** body' } } });
    assert.match((await anonB.get(`/article/${slug}`)).body, /<strong>new<\/strong>/);
    assert.match((await anonB.get('/')).body, /Edited on A/);
    assert.equal((await callB(`/articles/${slug}`)).json().article.description, 'Edited on A');
    const entry = readAtom((await anonB.get('/feed.atom')).body).entries?.[0];
    assert.equal(entry?.summary?.value, 'Edited on A');
    assert.match(entry?.content?.value ?? '', /<strong>new<\/strong>/);
  });

  test('a favorite: counts for everyone, the mark for the reader', async () => {
    const count = async (token?: string) => (await callB(`/articles/${slug}`, { token })).json().article;
    assert.equal((await count()).favoritesCount, 0);
    assert.equal((await count(readerToken)).favorited, false);
    await readerB.get('/');
    await press(readerA, '/', `/article/${slug}/favorite`, { returnTo: '/' });
    assert.equal((await count()).favoritesCount, 1);
    assert.equal((await count(readerToken)).favorited, true);
    assert.match((await readerB.get('/')).body, /aria-label="Unfavorite “Written on A” \(1\)"/);
    assert.match((await anonB.get('/')).body, /aria-label="Favorite “Written on A” \(1\)"/);
    assert.deepEqual(titlesOn((await anonB.get('/profile/reader/favorites')).body), ['Written on A']);
  });

  test('a comment', async () => {
    await anonB.get(`/article/${slug}`);
    await callB(`/articles/${slug}/comments`);
    await callA(`/articles/${slug}/comments`, { method: 'POST', token: readerToken, body: { comment: { body: 'Said on A' } } });
    assert.match((await anonB.get(`/article/${slug}`)).body, /Said on A/);
    assert.equal((await callB(`/articles/${slug}/comments`)).json().comments[0].body, 'Said on A');
  });

  test('a follow: the follower sees it on their profile view and their feed', async () => {
    await readerB.get('/?feed=following');
    assert.equal((await callB('/profiles/writer', { token: readerToken })).json().profile.following, false);
    await press(readerA, '/profile/writer', '/profile/writer/follow', { returnTo: '/profile/writer' });
    assert.equal((await callB('/profiles/writer', { token: readerToken })).json().profile.following, true);
    assert.deepEqual(titlesOn((await readerB.get('/?feed=following')).body), ['Written on A']);
    assert.deepEqual(await apiSlugs('/articles/feed', readerToken), [slug]);
  });

  test('a new article by someone followed reaches the follower feed', async () => {
    const second = (await postArticle(a.app, writerToken, { title: 'Second from A' })).slug;
    assert.deepEqual(await apiSlugs('/articles/feed', readerToken), [second, slug]);
    assert.deepEqual(titlesOn((await readerB.get('/?feed=following')).body), ['Second from A', 'Written on A']);
    await callA(`/articles/${second}`, { method: 'DELETE', token: writerToken });
  });

  test('a followed tag, and a new article with it by someone not followed, reach the feed', async () => {
    const other = await signUp(a.app, 'tagwriter');
    const tagged = (await postArticle(a.app, other, { title: 'Tagged on A', tagList: ['tidepools'] })).slug;
    assert.ok(!(await apiSlugs('/articles/feed', readerToken)).includes(tagged));
    await press(readerA, '/tag/tidepools', '/tag/tidepools/follow', { returnTo: '/tag/tidepools' });
    assert.deepEqual((await apiSlugs('/articles/feed', readerToken))[0], tagged);
    const later = (await postArticle(a.app, other, { title: 'More tide on A', tagList: ['tidepools'] })).slug;
    assert.deepEqual(titlesOn((await readerB.get('/?feed=following')).body).slice(0, 2), ['More tide on A', 'Tagged on A']);
    await press(readerA, '/tag/tidepools', '/tag/tidepools/unfollow', { returnTo: '/tag/tidepools' });
    assert.ok(!(await apiSlugs('/articles/feed', readerToken)).includes(later));
    for (const s of [tagged, later]) await callA(`/articles/${s}`, { method: 'DELETE', token: other });
  });

  test('a mute, a block, and undoing each: the reader’s own feed and comments change at once; signed-out pages do not', async () => {
    await callA(`/articles/${slug}/comments`, { method: 'POST', token: writerToken, body: { comment: { body: 'The writer replies' } } });
    const feedB = async () => titlesOn((await readerB.get('/?feed=following')).body);
    const articleB = async () => (await readerB.get(`/article/${slug}`)).body;
    // B keeps the reader's views first.
    assert.deepEqual(await feedB(), ['Written on A']);
    assert.match(await articleB(), /The writer replies/);
    await anonB.get('/');

    await press(readerA, '/profile/writer', '/profile/writer/mute', { returnTo: '/profile/writer' });
    assert.deepEqual(await feedB(), []);
    assert.deepEqual(await apiSlugs('/articles/feed', readerToken), []);
    assert.doesNotMatch(await articleB(), /The writer replies/);
    assert.deepEqual(titlesOn((await anonB.get('/')).body).slice(0, 1), ['Written on A']);
    await press(readerA, '/settings/blocked', '/profile/writer/unmute', { returnTo: '/settings/blocked' });
    assert.deepEqual(await feedB(), ['Written on A']);
    assert.match(await articleB(), /The writer replies/);

    await press(readerA, '/profile/writer', '/profile/writer/block', { returnTo: '/profile/writer' });
    assert.doesNotMatch(await articleB(), /The writer replies/);
    assert.equal((await callB('/profiles/reader/follow', { method: 'POST', token: writerToken })).statusCode, 403);
    await press(readerA, '/settings/blocked', '/profile/writer/unblock', { returnTo: '/settings/blocked' });
    assert.match(await articleB(), /The writer replies/);
    assert.equal((await callB('/profiles/reader/follow', { method: 'DELETE', token: writerToken })).statusCode, 200);
  });

  test('a rename: profiles, previews, and the author’s own pages', async () => {
    const writer = new Browser(a.app);
    await writer.login('writer@example.com', 'a long enough passphrase');
    const writerB = writer.on(b.app);
    await writerB.get(`/editor/${slug}`);
    await anonB.get('/profile/writer');
    await callA('/user', { method: 'PUT', token: writerToken, body: { user: { username: 'renamed' } } });
    assert.equal((await anonB.get('/profile/writer')).statusCode, 404);
    assert.equal((await anonB.get('/profile/renamed')).statusCode, 200);
    assert.equal((await callB('/profiles/renamed')).json().profile.username, 'renamed');
    assert.deepEqual(texts((await anonB.get('/')).body, '.article-preview .author').slice(0, 1), ['renamed']);
    // The author, signed in on B, is still the author under the new name.
    assert.equal(signedInAs((await writerB.get('/')).body), 'renamed');
    assert.equal((await writerB.get(`/editor/${slug}`)).statusCode, 200);
    assert.match((await writerB.get(`/article/${slug}`)).body, /Delete Article/);
  });

  test('a password change ends the other sessions, on every instance', async () => {
    const owner = await signedUp(a.app, 'owner');
    const elsewhere = new Browser(b.app);
    await elsewhere.login('owner@example.com');
    assert.equal(signedInAs((await elsewhere.get('/')).body), 'owner');
    const page = await owner.get('/settings');
    assert.equal(page.statusCode, 200);
    const res = await owner.post('/settings', {
      _csrf: owner.csrf(),
      image: '',
      username: 'owner',
      bio: '',
      email: 'owner@example.com',
      password: 'a brand new passphrase 2026',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(signedInAs((await elsewhere.get('/')).body), null);
    assert.equal((await elsewhere.get('/settings')).statusCode, 303);
    assert.equal(signedInAs((await owner.on(b.app).get('/')).body), 'owner', 'the session that changed it goes on');
  });

  test('hiding an article, and showing it again', async () => {
    const moderatorToken = await signUp(a.app, 'moderator');
    await giveRole(a, 'moderator', 'moderator');
    const warm = async () => {
      for (const url of ['/', '/tag/shared', `/article/${slug}`, '/profile/renamed']) await anonB.get(url);
      await readerB.get('/?feed=following');
      for (const url of ['/articles', `/articles/${slug}`, '/tags']) await callB(url);
    };
    await warm();
    await callA(`/moderation/articles/${slug}/hide`, { method: 'POST', token: moderatorToken, body: { moderation: { note: 'Spam' } } });
    assert.equal((await anonB.get(`/article/${slug}`)).statusCode, 404);
    assert.equal((await callB(`/articles/${slug}`)).statusCode, 404);
    assert.deepEqual(titlesOn((await anonB.get('/tag/shared')).body), []);
    assert.deepEqual(texts((await anonB.get('/')).body, '.sidebar .tag-pill'), []);
    assert.deepEqual((await callB('/tags')).json().tags, []);
    assert.ok(!titlesOn((await anonB.get('/profile/renamed')).body).includes('Written on A'));
    assert.ok(!titlesOn((await readerB.get('/?feed=following')).body).includes('Written on A'));
    assert.ok(!(await apiSlugs('/articles')).includes(slug));
    assert.equal((await callB(`/articles/${slug}`, { token: writerToken })).json().article.hidden.reason, 'Spam', 'its author sees it on B, marked');

    await warm();
    await callA(`/moderation/articles/${slug}/unhide`, { method: 'POST', token: moderatorToken });
    assert.equal((await anonB.get(`/article/${slug}`)).statusCode, 200);
    assert.deepEqual(titlesOn((await anonB.get('/tag/shared')).body), ['Written on A']);
    assert.deepEqual((await callB('/tags')).json().tags, ['shared']);
  });

  test('a deletion', async () => {
    await anonB.get(`/article/${slug}`);
    await callB(`/articles/${slug}`);
    await callA(`/articles/${slug}`, { method: 'DELETE', token: writerToken });
    assert.equal((await anonB.get(`/article/${slug}`)).statusCode, 404);
    assert.equal((await callB(`/articles/${slug}`)).statusCode, 404);
    assert.deepEqual(titlesOn((await anonB.get('/tag/shared')).body), []);
    assert.deepEqual(texts((await anonB.get('/')).body, '.sidebar .tag-pill'), [], 'a tag nobody uses leaves the sidebar');
    assert.deepEqual((await callB('/tags')).json().tags, []);
    assert.ok(!(await apiSlugs('/articles')).includes(slug));
    assert.deepEqual(await apiSlugs('/articles/feed', readerToken), []);
  });
});

describe('a write made with plain SQL behind the app', () => {
  test('shows on the next request, from another connection as from the app’s own', async () => {
    const slug = (await postArticle(a.app, writerToken, { title: 'Before the edit' })).slug;
    await anonB.get(`/article/${slug}`);
    await anonB.get('/');
    await callB(`/articles/${slug}`);
    // Another client of the database, with connections of its own and no app on them.
    const outside = await openDatabase(a.config);
    try {
      await execute(outside, sql`UPDATE articles SET title = 'Edited in plain SQL' WHERE slug = ${slug}`);
      await execute(outside, sql`UPDATE users SET bio = 'Bio from plain SQL' WHERE username = 'renamed'`);
    } finally {
      await outside.close();
    }
    assert.match((await anonB.get(`/article/${slug}`)).body, /Edited in plain SQL/);
    assert.deepEqual(titlesOn((await anonB.get('/')).body).slice(0, 1), ['Edited in plain SQL']);
    assert.equal((await callB(`/articles/${slug}`)).json().article.title, 'Edited in plain SQL');
    assert.equal((await callB('/profiles/renamed')).json().profile.bio, 'Bio from plain SQL');

    // The app's own connection, written to directly, is caught up with too.
    await execute(a.database, sql`UPDATE articles SET description = 'Straight on the connection' WHERE slug = ${slug}`);
    assert.equal((await callA(`/articles/${slug}`)).json().article.description, 'Straight on the connection');
  });
});
