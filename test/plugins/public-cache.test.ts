// Signed-out readers are served whole pages and API answers from memory:
// a repeat costs no SQL, every visible write shows at once, and nobody
// signed in ever gets a page made for someone else.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, postArticle, signUp } from '../support/api.js';
import { LINKS_TRUSTED_AFTER_MS } from '../../src/domain/anti-abuse/account-age.js';
import { TestClock, coldStatements, createTestApp, type TestApp } from '../support/app.js';
import { texts } from '../support/html.js';
import { readAtom } from '../support/xml-documents.js';
import { giveRole } from '../support/roles.js';
import { createArticle, publishDraft } from '../../src/domain/publishing/articles.js';
import { findUserByUsername } from '../../src/domain/accounts/users.js';
import { Browser, press, signedInAs, signedUp } from '../support/web.js';

let t: TestApp;
let call: ReturnType<typeof api>;
let anon: Browser;
let writerToken: string;
let readerToken: string;
let slug: string;

/** The SQL statements one request runs, with its response. */
async function cost<R extends { statusCode: number; body: string; headers: Record<string, unknown> }>(send: () => Promise<R>) {
  const before = t.database.stats.statements;
  const res = await send();
  return { statements: t.database.stats.statements - before, res };
}

const clock = new TestClock();

before(async () => {
  t = await createTestApp({}, { now: clock.now });
  call = api(t.app);
  anon = new Browser(t.app);
  writerToken = await signUp(t.app, 'writer');
  readerToken = await signUp(t.app, 'reader');
  // Established authors: a young account's article page is never kept whole, as its links
  // turn from nofollow with time alone (docs/decisions/0026; test/domain/anti-abuse/link-trust.test.ts).
  clock.advance(LINKS_TRUSTED_AFTER_MS);
  slug = (await postArticle(t.app, writerToken, { title: 'Cached words', description: 'First description', tagList: ['cache'] })).slug;
});
after(() => t.close());

const pages = () => ['/', '/?page=1', '/tag/cache', `/article/${slug}`, '/profile/writer', '/profile/writer/favorites'];
const answers = () => ['/articles', '/articles?tag=cache', `/articles/${slug}`, `/articles/${slug}/comments`, '/profiles/writer'];

/** Served from memory, without running the route (the response says so in Server-Timing). */
const fromMemory = (res: { headers: Record<string, unknown> }) => res.headers['server-timing'] === 'cache;desc="hit"';

describe('a signed-out repeat', () => {
  test('of a page read once is built again; from the second read on it is kept: no SQL, the same bytes', async () => {
    for (const url of pages()) {
      const first = await cost(() => anon.get(url));
      const second = await cost(() => anon.get(url));
      const third = await cost(() => anon.get(url));
      assert.equal(first.res.statusCode, 200, url);
      assert.equal(fromMemory(second.res), false, `${url}: one read is no reason to keep a page`);
      assert.equal(fromMemory(third.res), true, `${url} came from memory`);
      assert.equal(third.statements, 0, url);
      assert.equal(third.res.body, first.res.body, url);
    }
  });

  test('of an article or a profile skips the lookups a build makes', async () => {
    for (const url of [`/article/${slug}`, '/profile/writer']) {
      const first = await coldStatements(t, (app) => anon.on(app).get(url));
      await anon.get(url);
      await anon.get(url);
      const again = await cost(() => anon.get(url));
      assert.ok(first.n > 0, `${url} was built the first time`);
      assert.equal(again.statements, 0, `${url} came from memory`);
    }
  });

  test('of an API answer runs no SQL and sends the same JSON', async () => {
    for (const url of answers()) {
      const first = await cost(() => call(url));
      await call(url);
      const again = await cost(() => call(url));
      assert.equal(first.res.statusCode, 200, url);
      assert.equal(fromMemory(again.res), true, url);
      assert.equal(again.statements, 0, url);
      assert.equal(again.res.body, first.res.body, url);
      assert.match(String((await call(url)).headers['content-type']), /^application\/json/);
    }
  });

  test('keeps the security headers and the HTML type', async () => {
    await anon.get('/');
    const res = await anon.get('/');
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(res.headers['set-cookie'], undefined);
  });
});

describe('signed-in readers', () => {
  test('never get the page a signed-out reader was sent', async () => {
    const reader = await signedUp(t.app, 'pagereader');
    for (const url of pages()) {
      await anon.get(url);
      const res = await reader.get(url);
      assert.equal(signedInAs(res.body), 'pagereader', url);
      assert.equal(signedInAs((await anon.get(url)).body), null, url);
    }
  });

  test('never get the API answer a signed-out caller was sent', async () => {
    await call(`/profiles/writer`);
    await call(`/profiles/reader/follow`, { method: 'POST', token: writerToken });
    await call(`/profiles/writer/follow`, { method: 'POST', token: readerToken });
    assert.equal((await call('/profiles/writer', { token: readerToken })).json().profile.following, true);
    assert.equal((await call('/profiles/writer')).json().profile.following, false);
    await call(`/articles/${slug}/favorite`, { method: 'POST', token: readerToken });
    await call('/articles');
    assert.equal((await call('/articles', { token: readerToken })).json().articles[0].favorited, true);
    assert.equal((await call('/articles')).json().articles[0].favorited, false);
  });
});

describe('every write a signed-out reader can see shows at once', () => {
  const heartCount = async () => {
    const article = (await call(`/articles/${slug}`)).json().article;
    return article.favoritesCount as number;
  };

  test('a favorite and an unfavorite change the counts on pages and answers', async () => {
    const before = await heartCount();
    await anon.get('/');
    const favoriter = await signedUp(t.app, 'favoriter');
    await press(favoriter, `/article/${slug}`, `/article/${slug}/favorite`);
    assert.equal(await heartCount(), before + 1);
    assert.match((await anon.get('/')).body, new RegExp(`\\(${before + 1}\\)`));
    await call(`/articles/${slug}/favorite`, { method: 'DELETE', token: readerToken });
    assert.equal(await heartCount(), before);
  });

  test('a new comment and its deletion show on the article page and in the API', async () => {
    await anon.get(`/article/${slug}`);
    await call(`/articles/${slug}/comments`);
    const res = await call(`/articles/${slug}/comments`, { method: 'POST', token: readerToken, body: { comment: { body: 'Freshly said' } } });
    const { id } = res.json().comment;
    assert.match((await anon.get(`/article/${slug}`)).body, /Freshly said/);
    assert.equal((await call(`/articles/${slug}/comments`)).json().comments[0].body, 'Freshly said');
    await call(`/articles/${slug}/comments/${id}`, { method: 'DELETE', token: readerToken });
    assert.doesNotMatch((await anon.get(`/article/${slug}`)).body, /Freshly said/);
    assert.equal((await call(`/articles/${slug}/comments`)).json().comments.length, 0);
  });

  test('an edit, a new article and a deletion show on every list', async () => {
    const feedTitles = async (url: string) => (readAtom((await anon.get(url)).body).entries ?? []).map((e) => e.title?.value);
    for (const url of ['/', '/tag/cache', '/feed.atom', '/tag/cache/feed.atom', '/feed.atom', '/tag/cache/feed.atom']) await anon.get(url);
    await call(`/articles/${slug}`, { method: 'PUT', token: writerToken, body: { article: { description: 'Second description', body: 'Second body' } } });
    assert.match((await anon.get('/')).body, /Second description/);
    assert.equal(readAtom((await anon.get('/feed.atom')).body).entries?.[0]?.summary?.value, 'Second description');
    assert.match(readAtom((await anon.get('/tag/cache/feed.atom')).body).entries?.[0]?.content?.value ?? '', /Second body/);
    assert.equal((await call(`/articles/${slug}`)).json().article.description, 'Second description');

    const extra = await postArticle(t.app, writerToken, { title: 'Late arrival', tagList: ['cache'] });
    assert.equal(texts((await anon.get('/tag/cache')).body, '.article-preview h1')[0], 'Late arrival');
    assert.equal((await call('/articles?tag=cache')).json().articlesCount, 2);
    assert.deepEqual(await feedTitles('/tag/cache/feed.atom'), ['Late arrival', 'Cached words']);
    assert.deepEqual(await feedTitles('/feed.atom'), ['Late arrival', 'Cached words']);
    await call(`/articles/${extra.slug}`, { method: 'DELETE', token: writerToken });
    assert.deepEqual(texts((await anon.get('/tag/cache')).body, '.article-preview h1'), ['Cached words']);
    assert.deepEqual(await feedTitles('/tag/cache/feed.atom'), ['Cached words']);
    assert.equal((await anon.get(`/article/${extra.slug}`)).statusCode, 404);
  });

  test('an edit, a new article and a deletion show at once on a kept search page and answer', async () => {
    const url = '/search?q=anemone';
    const found = async () => texts((await anon.get(url)).body, '.search-result h3');
    const answered = async () => (await call('/articles?q=anemone')).json().articlesCount as number;
    for (let i = 0; i < 3; i++) assert.deepEqual([await found(), await answered()], [[], 0]);
    assert.equal(fromMemory(await anon.get(url)), true, 'the empty answer is kept');
    const { slug: pools } = await postArticle(t.app, writerToken, { title: 'Rock pools', body: 'No such word yet.' });
    await call(`/articles/${pools}`, { method: 'PUT', token: writerToken, body: { article: { body: 'An anemone lives here.' } } });
    assert.deepEqual([await found(), await answered()], [['Rock pools'], 1]);
    await found();
    const { slug: later } = await postArticle(t.app, writerToken, { title: 'Anemone care' });
    assert.deepEqual([await found(), await answered()], [['Anemone care', 'Rock pools'], 2]);
    await call(`/articles/${later}`, { method: 'DELETE', token: writerToken });
    assert.deepEqual([await found(), await answered()], [['Rock pools'], 1]);
  });

  test('a hidden article and a hidden comment leave every kept page and answer at once, and come back when shown', async () => {
    const moderatorToken = await signUp(t.app, 'cachemod');
    await giveRole(t, 'cachemod', 'moderator');
    const hush = (await postArticle(t.app, writerToken, { title: 'Hush hush', tagList: ['hush'] })).slug;
    const comment = (await call(`/articles/${slug}/comments`, { method: 'POST', token: readerToken, body: { comment: { body: 'Rude words' } } })).json().comment;
    const kept = ['/', '/tag/hush', `/article/${hush}`, '/profile/writer', `/article/${slug}`];
    const answers = ['/articles', '/articles?tag=hush', `/articles/${hush}`, '/tags', `/articles/${slug}/comments`];
    for (let i = 0; i < 3; i++) for (const url of kept) await anon.get(url);
    for (let i = 0; i < 3; i++) for (const url of answers) await call(url);
    assert.equal(fromMemory(await anon.get('/tag/hush')), true, 'the pages are kept before the hide');

    await call(`/moderation/articles/${hush}/hide`, { method: 'POST', token: moderatorToken, body: { moderation: { note: 'Spam' } } });
    await call(`/moderation/comments/${comment.id}/hide`, { method: 'POST', token: moderatorToken });
    for (const url of ['/', '/tag/hush', '/profile/writer']) assert.doesNotMatch((await anon.get(url)).body, /Hush hush/, url);
    assert.doesNotMatch(texts((await anon.get('/')).body, '.sidebar .tag-pill').join(' '), /hush/);
    assert.equal((await anon.get(`/article/${hush}`)).statusCode, 404);
    assert.doesNotMatch((await anon.get(`/article/${slug}`)).body, /Rude words/);
    assert.ok(!(await call('/articles')).json().articles.some((a: { slug: string }) => a.slug === hush));
    assert.equal((await call('/articles?tag=hush')).json().articlesCount, 0);
    assert.equal((await call(`/articles/${hush}`)).statusCode, 404);
    assert.ok(!(await call('/tags')).json().tags.includes('hush'));
    assert.ok(!(await call(`/articles/${slug}/comments`)).json().comments.some((c: { body: string }) => c.body === 'Rude words'));

    await call(`/moderation/articles/${hush}/unhide`, { method: 'POST', token: moderatorToken });
    await call(`/moderation/comments/${comment.id}/unhide`, { method: 'POST', token: moderatorToken });
    assert.deepEqual(texts((await anon.get('/tag/hush')).body, '.article-preview h1'), ['Hush hush']);
    assert.equal((await anon.get(`/article/${hush}`)).statusCode, 200);
    assert.match((await anon.get(`/article/${slug}`)).body, /Rude words/);
    assert.ok((await call('/tags')).json().tags.includes('hush'));
    await call(`/articles/${hush}`, { method: 'DELETE', token: writerToken });
    await call(`/articles/${slug}/comments/${comment.id}`, { method: 'DELETE', token: readerToken });
  });

  test('a draft is on no kept page or answer, and shows on every one at once when it goes live', async () => {
    const writer = (await findUserByUsername(t.database.db, 'writer'))!;
    const draft = await createArticle(t.app.services, writer.id, { title: 'Not yet', description: 'd', body: 'b', tagList: ['notyet'] }, { kind: 'draft' });
    const kept = ['/', '/tag/notyet', '/profile/writer'];
    const answers = ['/articles', '/articles?tag=notyet', '/tags'];
    for (let i = 0; i < 3; i++) for (const url of kept) assert.doesNotMatch((await anon.get(url)).body, /Not yet/, url);
    for (let i = 0; i < 3; i++) for (const url of answers) assert.doesNotMatch((await call(url)).body, /Not yet|notyet/, url);
    assert.equal(fromMemory(await anon.get('/tag/notyet')), true, 'the pages are kept before it goes live');

    await publishDraft(t.app.services, writer.id, draft.slug);
    for (const url of kept) assert.match((await anon.get(url)).body, /Not yet/, url);
    assert.ok((await call('/articles')).json().articles.some((a: { slug: string }) => a.slug === draft.slug));
    assert.equal((await call('/articles?tag=notyet')).json().articlesCount, 1);
    assert.ok((await call('/tags')).json().tags.includes('notyet'));
    await call(`/articles/${draft.slug}`, { method: 'DELETE', token: writerToken });
  });

  test('a new bio and a new name show on profiles and previews', async () => {
    await anon.get('/profile/writer');
    await call('/user', { method: 'PUT', token: writerToken, body: { user: { bio: 'Writes about caches' } } });
    assert.match((await anon.get('/profile/writer')).body, /Writes about caches/);
    assert.equal((await call('/profiles/writer')).json().profile.bio, 'Writes about caches');
    await call('/user', { method: 'PUT', token: writerToken, body: { user: { username: 'author' } } });
    assert.equal((await anon.get('/profile/writer')).statusCode, 404);
    assert.deepEqual(texts((await anon.get('/')).body, '.article-preview .author').slice(0, 1), ['author']);
  });

  test('a missing profile is never kept: it shows once its user signs up', async () => {
    assert.equal((await anon.get('/profile/latecomer')).statusCode, 404);
    assert.equal((await call('/profiles/latecomer')).statusCode, 404);
    await signUp(t.app, 'latecomer');
    assert.equal((await anon.get('/profile/latecomer')).statusCode, 200);
    assert.equal((await call('/profiles/latecomer')).statusCode, 200);
  });
});

describe('a write retires only what it changed', () => {
  test('a favorite, a comment and a follow leave every other kept page in place', async () => {
    const other = (await postArticle(t.app, writerToken, { title: 'Untouched', tagList: ['quiet'] })).slug;
    const target = (await postArticle(t.app, readerToken, { title: 'Target', tagList: ['busy'] })).slug;
    const untouched = [`/article/${other}`, '/tag/quiet', '/profile/reader/favorites'];
    const warm = async () => {
      for (const url of [...untouched, `/article/${target}`, '/tag/busy', '/']) {
        await anon.get(url);
        await anon.get(url);
      }
    };
    const rebuilt = async (url: string) => !fromMemory(await anon.get(url));

    await warm();
    await call(`/articles/${target}/favorite`, { method: 'POST', token: writerToken });
    for (const url of untouched) assert.equal(await rebuilt(url), false, `${url} after a favorite`);
    for (const url of [`/article/${target}`, '/tag/busy', '/']) assert.equal(await rebuilt(url), true, `${url} shows the new count`);

    await warm();
    await call(`/articles/${target}/comments`, { method: 'POST', token: writerToken, body: { comment: { body: 'Hello' } } });
    for (const url of [...untouched, '/tag/busy', '/']) assert.equal(await rebuilt(url), false, `${url} after a comment`);
    assert.equal(await rebuilt(`/article/${target}`), true);

    await warm();
    await call('/profiles/reader/follow', { method: 'POST', token: writerToken });
    for (const url of [...untouched, `/article/${target}`, '/tag/busy', '/']) assert.equal(await rebuilt(url), false, `${url} after a follow`);
  });
});

describe('what shared caches in front are told', () => {
  test('signed-out pages and public answers: an ETag, public no-cache, and who may change them', async () => {
    for (const [url, get, vary] of [
      ['/', (u: string) => anon.get(u), /\bCookie\b/],
      [`/article/${slug}`, (u: string) => anon.get(u), /\bCookie\b/],
      ['/articles', (u: string) => call(u), /\bAuthorization\b/],
      ['/tags', (u: string) => call(u), /\bAuthorization\b/],
    ] as const) {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers.etag), /^"[\w-]+"$/, url);
      assert.equal(res.headers['cache-control'], 'public, no-cache', url);
      assert.match(String(res.headers.vary), vary, url);
    }
  });

  test('a revalidation with the ETag gets a bodiless 304 until something it shows is written', async () => {
    const first = await anon.get(`/article/${slug}`);
    const etag = String(first.headers.etag);
    const again = await anon.get(`/article/${slug}`, { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    await call(`/articles/${slug}/comments`, { method: 'POST', token: readerToken, body: { comment: { body: 'Changes the page' } } });
    const changed = await anon.get(`/article/${slug}`, { 'if-none-match': etag });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
  });

  test('nothing personal may be stored: signed-in pages, token answers, forms and errors are no-store', async () => {
    const reader = await signedUp(t.app, 'headerreader');
    for (const url of ['/', `/article/${slug}`, '/settings', '/editor']) {
      const res = await reader.get(url);
      assert.equal(res.headers['cache-control'], 'no-store', url);
      assert.equal(res.headers.etag, undefined, url);
    }
    for (const url of ['/user', '/articles', '/articles/feed']) {
      const res = await call(url, { token: readerToken });
      assert.equal(res.headers['cache-control'], 'no-store', url);
    }
    for (const url of ['/login', '/register', '/no/such/page', '/profile/nobody-here']) {
      assert.equal((await anon.get(url)).headers['cache-control'], 'no-store', url);
    }
  });
});

test('PUBLIC_CACHE_MB=0 builds every page afresh', async () => {
  const plain = await createTestApp({ PUBLIC_CACHE_MB: '0' });
  try {
    await signUp(plain.app, 'plain');
    const browser = new Browser(plain.app);
    assert.equal((await browser.get('/profile/plain')).statusCode, 200);
    const before = plain.database.stats.statements;
    await browser.get('/profile/plain');
    assert.ok(plain.database.stats.statements > before);
  } finally {
    await plain.close();
  }
});
