// A draft and a scheduled article are their author's alone: every read path,
// on both faces, as the author, as another signed-in user and signed out. The
// rule is one (src/domain/moderation/visibility.ts); this table proves each
// path gets it. Then the draft goes live, and every path shows it at once,
// the pages kept for signed-out readers included.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api } from '../support/api.js';
import { sql } from 'drizzle-orm';
import { TestClock, createTestApp, queryOne, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';
import { Browser, PASSWORD, draftPairs, postPairs, press, publish, signedUp, type Draft } from '../support/web.js';

const HOUR = 60 * 60_000;
let t: TestApp;
const clock = new TestClock(Date.UTC(2026, 11, 7, 9, 0));
let ada: Browser;
let bob: Browser;
let tokens: { ada: string; bob: string };
let draftSlug: string;
let scheduledSlug: string;

/** Submits the editor at `url` with a button's intent; returns the response. */
async function editor(browser: Browser, draft: Draft, intent: 'publish' | 'draft' | 'schedule', publishAt = '', url = '/editor') {
  await browser.get(url);
  return postPairs(browser, url, [['_csrf', browser.csrf()], ...draftPairs(draft), ['intent', intent], ['publishAt', publishAt]]);
}

const slugOf = (location: unknown) => decodeURIComponent(String(location).slice('/article/'.length));

before(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://conduit.example' }, { now: clock.now });
  ada = await signedUp(t.app, 'ada');
  bob = await signedUp(t.app, 'bob');
  const login = async (who: string) =>
    (await api(t.app)('/users/login', { method: 'POST', body: { user: { email: `${who}@example.com`, password: PASSWORD } } })).json().user.token as string;
  tokens = { ada: await login('ada'), bob: await login('bob') };
  // A published article by ada with the tag the drafts share, so the tag exists for everyone.
  await publish(ada, { title: 'Seen walrus', tags: ['sharedtag'] });
  // bob follows ada and both tags: the drafts would be in his feed, were they published.
  assert.equal((await press(bob, '/profile/ada', '/profile/ada/follow')).statusCode, 303);
  const draft = await editor(ada, { title: 'Unseen zebra', body: 'Zebra stripes.', tags: ['sharedtag', 'onlydrafts'] }, 'draft');
  assert.equal(draft.statusCode, 303, draft.body.slice(0, 300));
  draftSlug = slugOf(draft.headers.location);
  const scheduled = await editor(ada, { title: 'Unseen quokka', body: 'Quokka smiles.', tags: ['sharedtag', 'onlydrafts'] }, 'schedule', '2026-12-08T09:30');
  assert.equal(scheduled.statusCode, 303, scheduled.body.slice(0, 300));
  scheduledSlug = slugOf(scheduled.headers.location);
  for (const tag of ['sharedtag', 'onlydrafts']) assert.equal((await press(bob, `/tag/${tag}`, `/tag/${tag}/follow`)).statusCode, 303);
});
after(() => t.close());

type Viewer = 'author' | 'other' | 'signed out';
const browserOf = (who: Viewer) => (who === 'author' ? ada : who === 'other' ? bob : new Browser(t.app));
const tokenOf = (who: Viewer) => (who === 'author' ? tokens.ada : who === 'other' ? tokens.bob : undefined);

/** Every path that lists, counts or finds articles, and whether it shows `title`. */
async function shows(who: Viewer, title: string, slug: string): Promise<Record<string, boolean | number>> {
  const page = async (url: string) => (await browserOf(who).get(url)).body.includes(title);
  const plain = async (url: string) => (await t.app.inject(url)).body.includes(title);
  const call = (path: string) => api(t.app)(path, { token: tokenOf(who) });
  const listed = async (path: string) => ((await call(path)).json().articles as Array<{ title: string }>).some((a) => a.title === title);
  const signedIn = who !== 'signed out';
  const sitemap = (await t.app.inject('/sitemap.xml')).body;
  const parts = [...sitemap.matchAll(/<loc>https:\/\/conduit\.example(\/sitemaps\/[^<]+)<\/loc>/g)].map((m) => m[1]!);
  const sitemaps = parts.length > 0 ? await Promise.all(parts.map(async (p) => (await t.app.inject(p)).body)) : [sitemap];
  return {
    home: await page('/'),
    tag: await page('/tag/sharedtag'),
    profile: await page('/profile/ada'),
    favorites: await page('/profile/ada/favorites'),
    search: await page('/search?q=unseen'),
    yourFeed: signedIn && (await page('/?feed=following')),
    article: (await browserOf(who).get(`/article/${encodeURIComponent(slug)}`)).statusCode,
    drafts: signedIn && (await page('/drafts')),
    atom: await plain('/feed.atom'),
    tagAtom: await plain('/tag/sharedtag/feed.atom'),
    authorAtom: await plain('/profile/ada/feed.atom'),
    sitemap: sitemaps.some((body) => body.includes(`/article/${slug}<`)),
    apiList: await listed('/articles'),
    apiTag: await listed('/articles?tag=sharedtag'),
    apiAuthor: await listed('/articles?author=ada'),
    apiSearch: await listed('/articles?q=unseen'),
    apiFeed: signedIn && (await listed('/articles/feed')),
    apiArticle: (await call(`/articles/${encodeURIComponent(slug)}`)).statusCode,
    apiComments: (await call(`/articles/${encodeURIComponent(slug)}/comments`)).statusCode,
    // Counts: the tag only drafts carry is in no tag list; the author's total leaves them out.
    tagCount: ((await call('/tags')).json().tags as string[]).includes('onlydrafts'),
    authorTotal: (await call('/articles?author=ada')).json().articlesCount as number,
  };
}

const hidden = {
  home: false, tag: false, profile: false, favorites: false, search: false, yourFeed: false, article: 404, drafts: false,
  atom: false, tagAtom: false, authorAtom: false, sitemap: false,
  apiList: false, apiTag: false, apiAuthor: false, apiSearch: false, apiFeed: false, apiArticle: 404, apiComments: 404, tagCount: false, authorTotal: 1,
};
// The author opens it, edits it and finds it under Drafts; no list, feed or count shows it, theirs included.
const asAuthor = { ...hidden, article: 200, apiArticle: 200, apiComments: 200, drafts: true };

describe(`a draft and a scheduled article are seen by their author only (${testEngine})`, () => {
  for (const [kind, title, slug] of [['draft', 'Unseen zebra', () => draftSlug], ['scheduled', 'Unseen quokka', () => scheduledSlug]] as const) {
    test(`${kind}: every read path, as its author, another user and signed out`, async () => {
      for (const who of ['signed out', 'other', 'author'] as const) {
        // Twice: the second answer may come from the caches.
        for (let i = 0; i < 2; i++) assert.deepEqual(await shows(who, title, slug()), who === 'author' ? asAuthor : hidden, `${kind} as ${who}`);
      }
    });
  }

  test('another user cannot favorite, comment on, save, publish or edit it: 404, nothing changes', async () => {
    const call = (path: string, method: 'POST' | 'PUT' | 'DELETE', body?: unknown) => api(t.app)(path, { method, token: tokens.bob, body });
    const path = `/articles/${encodeURIComponent(draftSlug)}`;
    assert.equal((await call(`${path}/favorite`, 'POST')).statusCode, 404);
    assert.equal((await call(`${path}/comments`, 'POST', { comment: { body: 'First!' } })).statusCode, 404);
    assert.equal((await call(path, 'PUT', { article: { title: 'Mine now' } })).statusCode, 404);
    const page = `/article/${encodeURIComponent(draftSlug)}`;
    await bob.get('/');
    for (const action of ['favorite', 'save', 'publish', 'comments']) {
      assert.equal((await bob.post(`${page}/${action}`, { _csrf: bob.csrf(), body: 'Hi' })).statusCode, 404, action);
    }
    assert.equal((await bob.get(`/editor/${encodeURIComponent(draftSlug)}`)).statusCode, 404);
    const seen = await api(t.app)(path, { token: tokens.ada });
    assert.equal(seen.json().article.favoritesCount, 0);
    // Its author is told what it is, in the API too.
    assert.deepEqual(seen.json().article.draft, { publishAt: null });
    assert.deepEqual((await api(t.app)(`/articles/${encodeURIComponent(scheduledSlug)}`, { token: tokens.ada })).json().article.draft, { publishAt: '2026-12-08T09:30:00.000Z' });
  });

  test('the editor keeps a draft a draft, and refuses a bad time with the typed article kept', async () => {
    const url = `/editor/${encodeURIComponent(draftSlug)}`;
    const form = (await ada.get(url)).body;
    assert.match(form, /This is a draft: only you can see it\./);
    assert.match(form, /Publish at \(UTC\)/);
    for (const [publishAt, message] of [
      ['', /Publish time can(&#39;|')t be blank when scheduling/],
      ['tomorrow at noon', /Publish time is not a date and time/],
      ['2026-12-07T08:59', /Publish time must be in the future/],
      ['2026-02-30T10:00', /Publish time is not a date and time/],
    ] as const) {
      const res = await editor(ada, { title: 'Unseen zebra, revised', body: 'Zebra stripes, kept.' }, 'schedule', publishAt, url);
      assert.equal(res.statusCode, 422, publishAt);
      assert.match(res.body, message);
      assert.match(res.body, /value="Unseen zebra, revised"/);
      assert.match(res.body, /Zebra stripes, kept\./);
      assert.match(res.body, new RegExp(`value="${publishAt}"`));
    }
    // Nothing was written: still the draft as saved.
    assert.match((await ada.get(`/article/${encodeURIComponent(draftSlug)}`)).body, /<h1>Unseen zebra<\/h1>/);
  });

  test('a time is entered and shown in the time zone chosen in settings, and stored in UTC', async () => {
    await ada.get('/settings');
    const bad = await ada.post('/settings', { _csrf: ada.csrf(), username: 'ada', email: 'ada@example.com', bio: '', image: '', timeZone: 'Mars/Olympus' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Time zone is not a time zone we know/);
    const ok = await ada.post('/settings', { _csrf: ada.csrf(), username: 'ada', email: 'ada@example.com', bio: '', image: '', timeZone: 'America/New_York' });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    // 09:30 in New York in December is 14:30 UTC.
    const url = `/editor/${encodeURIComponent(scheduledSlug)}`;
    assert.match((await ada.get(url)).body, /value="2026-12-08T04:30"/, 'the stored 09:30 UTC, shown in New York');
    const res = await editor(ada, { title: 'Unseen quokka', body: 'Quokka smiles.', tags: ['sharedtag', 'onlydrafts'] }, 'schedule', '2026-12-08T09:30', url);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const article = (await ada.get(`/article/${encodeURIComponent(scheduledSlug)}`)).body;
    assert.match(article, /Scheduled for December 8, 2026 at 09:30 \(America\/New_York\)/);
    const row = await queryOne<{ publish_at: number | string }>(t.database, sql`SELECT publish_at FROM articles WHERE slug = ${scheduledSlug}`);
    assert.equal(Number(row.publish_at), Date.UTC(2026, 11, 8, 14, 30));
  });

  test('published from its page, a draft shows everywhere at once, dated when it went live', async () => {
    // Kept pages for signed-out readers, read before: they must not outlive the publication.
    assert.equal((await shows('signed out', 'Unseen zebra', draftSlug)).home, false);
    clock.advance(2 * HOUR);
    const res = await press(ada, `/article/${encodeURIComponent(draftSlug)}`, `/article/${encodeURIComponent(draftSlug)}/publish`);
    assert.equal(res.statusCode, 303);
    const live = { ...hidden, home: true, tag: true, profile: true, search: true, article: 200, atom: true, tagAtom: true, authorAtom: true, sitemap: true, apiList: true, apiTag: true, apiAuthor: true, apiSearch: true, apiArticle: 200, apiComments: 200, tagCount: true, authorTotal: 2 };
    assert.deepEqual(await shows('signed out', 'Unseen zebra', draftSlug), live);
    assert.deepEqual(await shows('other', 'Unseen zebra', draftSlug), { ...live, yourFeed: true, apiFeed: true });
    const article = (await api(t.app)(`/articles/${encodeURIComponent(draftSlug)}`)).json().article;
    assert.equal(article.createdAt, new Date(clock.now()).toISOString(), 'dated when it went live');
    // Newest first: it went live after the walrus, so it comes first.
    assert.deepEqual(((await api(t.app)('/articles?author=ada')).json().articles as Array<{ title: string }>).map((a) => a.title), ['Unseen zebra', 'Seen walrus']);
  });

  test('the RealWorld API still publishes at once, and an edit keeps a draft a draft', async () => {
    const created = await api(t.app)('/articles', { method: 'POST', token: tokens.ada, body: { article: { title: 'Api walrus', description: 'd', body: 'b' } } });
    assert.equal(created.statusCode, 201);
    assert.equal((await api(t.app)(`/articles/${created.json().article.slug}`)).statusCode, 200);
    const edited = await api(t.app)(`/articles/${encodeURIComponent(scheduledSlug)}`, { method: 'PUT', token: tokens.ada, body: { article: { body: 'Edited by API.' } } });
    assert.equal(edited.statusCode, 200);
    assert.equal((await api(t.app)(`/articles/${encodeURIComponent(scheduledSlug)}`)).statusCode, 404, 'still scheduled');
  });
});
