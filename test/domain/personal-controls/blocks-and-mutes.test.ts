// Block and mute, on both faces: what each refuses, what each hides from
// whom, the settings page that undoes them, and that readers who hide nobody
// (signed-out readers above all) see exactly what they saw before.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, postArticle, signUp } from '../../support/api.js';
import { TestClock, createTestApp, type TestApp } from '../../support/app.js';
import { texts } from '../../support/html.js';
import { Browser, errorMessages, press, publish, signedUp, uniqueName } from '../../support/web.js';

const clock = new TestClock();
let t: TestApp;
let call: ReturnType<typeof api>;
before(async () => {
  t = await createTestApp({}, { now: clock.now });
  call = api(t.app);
});
after(() => t.close());

const commentsOn = (html: string) => texts(html, '.card .card-block p');
const titlesOn = (html: string) => texts(html, '.article-preview h1');
const token = (browser: Browser) => call('/users/login', { method: 'POST', body: { user: { email: browser.email, password: 'correct horse battery staple' } } }).then((r) => r.json().user.token as string);

/** Two people, each signed in on the pages and with an API token; the first has written an article. */
async function pair() {
  const [owner, other] = [await signedUp(t.app, uniqueName('owner')), await signedUp(t.app, uniqueName('other'))];
  const slug = await publish(owner, { title: uniqueName('Owned'), tags: [uniqueName('tag')] });
  return { owner, other, slug, ownerToken: await token(owner), otherToken: await token(other) };
}

describe('block', () => {
  test('from the profile page: the blocked user cannot comment on the blocker\'s articles, on either face, and keeps their text on the page', async () => {
    const { owner, other, slug, otherToken } = await pair();
    const page = (await owner.get(`/profile/${other.username}`)).body;
    assert.match(page, new RegExp(`<form method="post" action="/profile/${other.username}/block"`));
    assert.equal((await press(owner, `/profile/${other.username}`, `/profile/${other.username}/block`)).statusCode, 303);
    assert.match((await owner.get(`/profile/${other.username}`)).body, new RegExp(`Unblock ${other.username}`));

    const article = `/article/${slug}`;
    const refused = await press(other, article, `${article}/comments`, { body: 'Let me in.' });
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(errorMessages(refused.body), ['Commenting is not possible: the author of this article has blocked you']);
    assert.match(refused.body, /<textarea[^>]*>Let me in\.<\/textarea>/);

    const viaApi = await call(`/articles/${slug}/comments`, { method: 'POST', token: otherToken, body: { comment: { body: 'Let me in.' } } });
    assert.equal(viaApi.statusCode, 403);
    assert.deepEqual(viaApi.json(), { errors: { comment: ['is not possible: the author of this article has blocked you'] } });
    assert.deepEqual((await call(`/articles/${slug}/comments`)).json().comments, []);

    // The blocker's own comments, and other people's, are not affected.
    const third = await signUp(t.app, uniqueName('third'));
    assert.equal((await call(`/articles/${slug}/comments`, { method: 'POST', token: third, body: { comment: { body: 'Fine.' } } })).statusCode, 201);
  });

  test('ends their follow of the blocker, and refuses a new one on both faces', async () => {
    const { owner, other, ownerToken, otherToken } = await pair();
    assert.equal((await call(`/profiles/${owner.username}/follow`, { method: 'POST', token: otherToken })).json().profile.following, true);
    const blocked = await call(`/profiles/${other.username}/block`, { method: 'POST', token: ownerToken });
    assert.equal(blocked.statusCode, 200);
    assert.deepEqual(blocked.json(), { profile: { username: other.username, bio: null, image: null, following: false, blocking: true, muting: false } });
    assert.equal((await call(`/profiles/${owner.username}`, { token: otherToken })).json().profile.following, false);

    const viaApi = await call(`/profiles/${owner.username}/follow`, { method: 'POST', token: otherToken });
    assert.equal(viaApi.statusCode, 403);
    assert.deepEqual(viaApi.json(), { errors: { follow: ['is not possible: this person has blocked you'] } });
    const viaPage = await press(other, `/profile/${owner.username}`, `/profile/${owner.username}/follow`);
    assert.equal(viaPage.statusCode, 403);
    assert.match(viaPage.body, /Following is not possible: this person has blocked you\./);
    assert.equal((await call(`/profiles/${owner.username}`, { token: otherToken })).json().profile.following, false);
    // The blocker may still follow the person they block.
    assert.equal((await call(`/profiles/${other.username}/follow`, { method: 'POST', token: ownerToken })).statusCode, 200);
  });

  test('the blocker no longer sees their comments, anywhere; everyone else, signed out included, still does', async () => {
    const { owner, other, otherToken, ownerToken } = await pair();
    // A third person's article, where the two meet.
    const host = await signUp(t.app, uniqueName('host'));
    const { slug } = await postArticle(t.app, host, { title: uniqueName('Meeting place') });
    // An established author's page is kept whole for signed-out readers (a young one's is not: docs/decisions/0026).
    clock.advance(4 * 24 * 60 * 60 * 1000);
    for (const [who, body] of [[otherToken, 'From the other.'], [ownerToken, 'From the owner.']] as const) {
      assert.equal((await call(`/articles/${slug}/comments`, { method: 'POST', token: who, body: { comment: { body } } })).statusCode, 201);
    }
    const anon = new Browser(t.app);
    // Both read first, so each has the page kept when the block is made.
    assert.deepEqual(commentsOn((await owner.get(`/article/${slug}`)).body), ['From the owner.', 'From the other.']);
    assert.deepEqual(commentsOn((await anon.get(`/article/${slug}`)).body), ['From the owner.', 'From the other.']);
    await anon.get(`/article/${slug}`);

    await press(owner, `/profile/${other.username}`, `/profile/${other.username}/block`);
    assert.deepEqual(commentsOn((await owner.get(`/article/${slug}`)).body), ['From the owner.']);
    assert.deepEqual((await call(`/articles/${slug}/comments`, { token: ownerToken })).json().comments.map((c: { body: string }) => c.body), ['From the owner.']);
    const kept = await anon.get(`/article/${slug}`);
    assert.equal(kept.headers['server-timing'], 'cache;desc="hit"', 'the signed-out page is still the shared, kept one');
    assert.deepEqual(commentsOn(kept.body), ['From the owner.', 'From the other.']);
    assert.equal((await call(`/articles/${slug}/comments`)).json().comments.length, 2);
    assert.equal((await call(`/articles/${slug}/comments`, { token: otherToken })).json().comments.length, 2);
  });

  test('nobody can block or mute themselves', async () => {
    const { owner, ownerToken } = await pair();
    for (const kind of ['block', 'mute']) {
      const res = await call(`/profiles/${owner.username}/${kind}`, { method: 'POST', token: ownerToken });
      assert.equal(res.statusCode, 422);
      assert.deepEqual(res.json(), { errors: { profile: [`cannot ${kind} yourself`] } });
    }
    assert.equal((await call('/profiles/nobody-at-all/block', { method: 'POST', token: ownerToken })).statusCode, 404);
  });
});

describe('mute', () => {
  test('the muter no longer sees their articles in Your Feed, the global list or tag lists, with counts to match; their profile still shows them', async () => {
    const { owner: muted, slug, other: muter, otherToken } = await pair();
    const tag = ((await call(`/articles/${slug}`)).json().article.tagList as string[])[0]!;
    const bystander = await signedUp(t.app, uniqueName('bystander'));
    const bystanderTitle = uniqueName('Still here');
    await publish(bystander, { title: bystanderTitle, tags: [tag] });
    const mutedTitle = (await call(`/articles/${slug}`)).json().article.title as string;
    for (const name of [muted.username, bystander.username]) await call(`/profiles/${name}/follow`, { method: 'POST', token: otherToken });
    // Read first, so the shared pages are kept.
    assert.deepEqual(titlesOn((await muter.get(`/tag/${tag}`)).body), [bystanderTitle, mutedTitle]);
    assert.deepEqual(titlesOn((await muter.get('/?feed=following')).body), [bystanderTitle, mutedTitle]);

    assert.equal((await press(muter, `/profile/${muted.username}`, `/profile/${muted.username}/mute`)).statusCode, 303);
    assert.deepEqual(titlesOn((await muter.get(`/tag/${tag}`)).body), [bystanderTitle]);
    assert.deepEqual(titlesOn((await muter.get('/?feed=following')).body), [bystanderTitle]);
    assert.ok(!titlesOn((await muter.get('/')).body).includes(mutedTitle));
    for (const url of [`/articles?tag=${tag}`, '/articles/feed']) {
      const page = (await call(url, { token: otherToken })).json();
      assert.deepEqual(page.articles.map((a: { title: string }) => a.title), [bystanderTitle], url);
      assert.equal(page.articlesCount, 1, url);
    }
    const all = (await call('/articles?limit=100', { token: otherToken })).json();
    assert.ok(!all.articles.some((a: { title: string }) => a.title === mutedTitle));
    assert.equal(all.articlesCount, (await call('/articles')).json().articlesCount - 1);
    assert.deepEqual(titlesOn((await muter.get(`/profile/${muted.username}`)).body), [mutedTitle]);

    // Everyone else, and the muted user, see the lists as before.
    assert.deepEqual(titlesOn((await new Browser(t.app).get(`/tag/${tag}`)).body), [bystanderTitle, mutedTitle]);
    assert.deepEqual(titlesOn((await muted.get(`/tag/${tag}`)).body), [bystanderTitle, mutedTitle]);
  });

  test('hides their comments from the muter, and the muted user cannot tell', async () => {
    const { owner, other, slug, ownerToken, otherToken } = await pair();
    await call(`/articles/${slug}/comments`, { method: 'POST', token: otherToken, body: { comment: { body: 'Chatter.' } } });
    const muted = await call(`/profiles/${other.username}/mute`, { method: 'POST', token: ownerToken });
    assert.deepEqual(muted.json().profile, { username: other.username, bio: null, image: null, following: false, blocking: false, muting: true });
    assert.deepEqual(commentsOn((await owner.get(`/article/${slug}`)).body), []);
    assert.deepEqual((await call(`/articles/${slug}/comments`, { token: ownerToken })).json().comments, []);
    // The muted user can still comment and follow, sees their comment, and nothing they read names the mute.
    assert.equal((await call(`/articles/${slug}/comments`, { method: 'POST', token: otherToken, body: { comment: { body: 'More.' } } })).statusCode, 201);
    assert.equal((await call(`/profiles/${owner.username}/follow`, { method: 'POST', token: otherToken })).statusCode, 200);
    assert.deepEqual(commentsOn((await other.get(`/article/${slug}`)).body), ['More.', 'Chatter.']);
    const seen = (await call(`/profiles/${owner.username}`, { token: otherToken })).json();
    assert.deepEqual(seen, { profile: { username: owner.username, bio: null, image: null, following: true } });
    assert.doesNotMatch((await other.get(`/profile/${owner.username}`)).body, /muted|Unmute/i);
  });
});

describe('settings', () => {
  test('lists both, and undoes each; the API lists them too', async () => {
    const { owner, other, slug, ownerToken, otherToken } = await pair();
    const quiet = await signedUp(t.app, uniqueName('quiet'));
    await press(owner, `/profile/${other.username}`, `/profile/${other.username}/block`);
    await press(owner, `/profile/${quiet.username}`, `/profile/${quiet.username}/mute`);

    const page = await owner.get('/settings/blocked');
    assert.equal(page.statusCode, 200);
    assert.match((await owner.get('/settings')).body, /<a href="\/settings\/blocked">Blocked and muted people<\/a>/);
    assert.deepEqual(texts(page.body, '#blocked-heading + p + ul li > a'), [other.username]);
    assert.deepEqual(texts(page.body, '#muted-heading + p + ul li > a'), [quiet.username]);
    const listed = (await call('/user/blocks', { token: ownerToken })).json();
    assert.deepEqual(listed.profiles.map((p: { username: string }) => p.username), [other.username]);
    assert.deepEqual((await call('/user/mutes', { token: ownerToken })).json().profiles.map((p: { username: string }) => p.username), [quiet.username]);
    assert.deepEqual((await call('/user/blocks', { token: otherToken })).json(), { profiles: [] }, 'only ever your own');

    const unblocked = await owner.post(`/profile/${other.username}/unblock`, { _csrf: owner.csrf(), returnTo: '/settings/blocked' });
    assert.equal(unblocked.statusCode, 303);
    assert.equal(unblocked.headers.location, '/settings/blocked');
    const after = (await owner.get('/settings/blocked')).body;
    assert.match(after, /You block nobody\./);
    assert.deepEqual(texts(after, '#muted-heading + p + ul li > a'), [quiet.username]);
    assert.equal((await call(`/articles/${slug}/comments`, { method: 'POST', token: otherToken, body: { comment: { body: 'Back again.' } } })).statusCode, 201);
    assert.equal((await call(`/profiles/${quiet.username}/mute`, { method: 'DELETE', token: ownerToken })).json().profile.muting, false);
    assert.match((await owner.get('/settings/blocked')).body, /You mute nobody\./);
  });
});
