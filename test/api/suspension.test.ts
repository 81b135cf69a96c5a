// Suspension: the account's sessions and tokens end; its owner can sign in
// again and is told until when and why; it cannot write (403 with the reason)
// until the suspension is lifted or runs out, read against the injected clock.
// Admins can also delete a spam account with everything it wrote.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { api, PASSWORD, postArticle, signUp } from '../support/api.js';
import { createTestApp, query, queryOne, TestClock, type TestApp } from '../support/app.js';
import { giveRole } from '../support/roles.js';
import { Browser, signedInAs } from '../support/web.js';

const DAY = 24 * 60 * 60 * 1000;
const clock = new TestClock(Date.UTC(2026, 11, 7, 10, 0, 0));
let t: TestApp;
let call: ReturnType<typeof api>;
let moderator: string;
let author: string;
let articleSlug: string;

const login = async (username: string) =>
  (await call('/users/login', { method: 'POST', body: { user: { email: `${username}@example.com`, password: PASSWORD } } })).json().user.token as string;

before(async () => {
  t = await createTestApp({}, { now: clock.now });
  call = api(t.app);
  moderator = await signUp(t.app, 'mod');
  await signUp(t.app, 'boss');
  author = await signUp(t.app, 'author');
  await giveRole(t, 'mod', 'moderator', clock.now);
  await giveRole(t, 'boss', 'admin', clock.now);
  articleSlug = (await postArticle(t.app, author, { title: 'Something to favorite' })).slug;
});
after(() => t.close());

/** Every kind of write, through the API, as `token`: their statuses. */
async function writeStatuses(token: string) {
  return {
    article: (await call('/articles', { method: 'POST', token, body: { article: { title: `Post ${clock.ms}`, description: 'd', body: 'b' } } })).statusCode,
    comment: (await call(`/articles/${articleSlug}/comments`, { method: 'POST', token, body: { comment: { body: 'Hi' } } })).statusCode,
    favorite: (await call(`/articles/${articleSlug}/favorite`, { method: 'POST', token })).statusCode,
    follow: (await call('/profiles/author/follow', { method: 'POST', token })).statusCode,
  };
}

describe('a suspension for 7 days', () => {
  let token: string;
  let browser: Browser;

  test('ends the account\'s sessions and tokens', async () => {
    await signUp(t.app, 'spammer');
    token = await login('spammer');
    browser = new Browser(t.app);
    await browser.login('spammer@example.com', PASSWORD);
    assert.equal(signedInAs((await browser.get('/')).body), 'spammer');

    const res = await call('/moderation/users/spammer/suspend', { method: 'POST', token: moderator, body: { suspension: { days: 7, reason: 'Link spam' } } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { suspension: { username: 'spammer', until: new Date(clock.ms + 7 * DAY).toISOString(), reason: 'Link spam' } });
    assert.equal((await call('/user', { token })).statusCode, 401);
    assert.equal(signedInAs((await browser.get('/')).body), null);
  });

  test('its owner signs in again and is told until when and why', async () => {
    token = await login('spammer');
    assert.equal((await call('/user', { token })).statusCode, 200);
    await browser.login('spammer@example.com', PASSWORD);
    const page = await browser.get('/');
    assert.equal(signedInAs(page.body), 'spammer');
    assert.match(page.body, /Your account is suspended until December 14, 2026 at 10:00 UTC: Link spam\./);
  });

  test('no article, comment, favorite or follow: 403 with when it ends, on the API and the pages', async () => {
    assert.deepEqual(await writeStatuses(token), { article: 403, comment: 403, favorite: 403, follow: 403 });
    const res = await call('/articles', { method: 'POST', token, body: { article: { title: 'Buy now', description: 'd', body: 'b' } } });
    assert.deepEqual(res.json(), { errors: { account: [`is suspended until ${new Date(clock.ms + 7 * DAY).toISOString()}`] } });
    await browser.get('/editor');
    const page = await browser.post('/editor', { _csrf: browser.csrf(), title: 'Buy now', description: 'd', body: 'b' });
    assert.equal(page.statusCode, 403);
    assert.match(page.body, /Your account is suspended until December 14, 2026 at 10:00 UTC: Link spam\./);
    const { n } = await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM articles WHERE title = 'Buy now'`);
    assert.equal(Number(n), 0);
  });

  test('its end restores everything, with no one lifting it', async () => {
    clock.advance(7 * DAY - 1);
    assert.equal((await call(`/articles/${articleSlug}/favorite`, { method: 'POST', token })).statusCode, 403);
    clock.advance(1);
    assert.deepEqual(await writeStatuses(token), { article: 201, comment: 201, favorite: 200, follow: 200 });
    assert.doesNotMatch((await browser.get('/')).body, /suspended/);
  });
});

describe('a suspension until lifted', () => {
  test('says so, and lifting it restores everything', async () => {
    const res = await call('/moderation/users/spammer/suspend', { method: 'POST', token: moderator, body: { suspension: { reason: 'Again' } } });
    assert.equal(res.json().suspension.until, null);
    const token = await login('spammer');
    const refused = await call('/profiles/author/follow', { method: 'DELETE', token });
    assert.deepEqual(refused.json(), { errors: { account: ['is suspended until lifted'] } });
    const lift = await call('/moderation/users/spammer/unsuspend', { method: 'POST', token: moderator, body: { moderation: { note: 'Promised to stop' } } });
    assert.equal(lift.statusCode, 200, lift.body);
    assert.equal((await call('/profiles/author/follow', { method: 'DELETE', token })).statusCode, 200);
    const log = await query<{ action: string; note: string }>(t.database, sql`SELECT action, note FROM moderation_log WHERE target_label = 'spammer' ORDER BY id`);
    assert.deepEqual(log.map((l) => [l.action, l.note]), [
      ['suspend', '7 days: Link spam'],
      ['suspend', 'until lifted: Again'],
      ['unsuspend', 'Promised to stop'],
    ]);
  });

  test('members may not suspend (403); moderators and admins are not suspended (422); bad days are a 422', async () => {
    const member = await signUp(t.app, 'member');
    assert.equal((await call('/moderation/users/spammer/suspend', { method: 'POST', token: member, body: { suspension: { days: 1 } } })).statusCode, 403);
    assert.equal((await call('/moderation/users/spammer/suspend', { method: 'POST', body: { suspension: { days: 1 } } })).statusCode, 401);
    const staff = await call('/moderation/users/boss/suspend', { method: 'POST', token: moderator, body: { suspension: { days: 1 } } });
    assert.equal(staff.statusCode, 422);
    assert.deepEqual(staff.json(), { errors: { user: ['is an admin: revoke the role first'] } });
    for (const days of [0, 1.5, 'seven', 99999]) {
      const res = await call('/moderation/users/spammer/suspend', { method: 'POST', token: moderator, body: { suspension: { days } } });
      assert.equal(res.statusCode, 422, `${days}: ${res.body}`);
    }
    assert.equal((await call('/moderation/users/nobody/suspend', { method: 'POST', token: moderator, body: { suspension: {} } })).statusCode, 404);
  });
});

describe('an admin deletes a spam account with everything it wrote', () => {
  test('in one go, the other articles\' counts kept right', async () => {
    const spam = await signUp(t.app, 'bulk');
    const own = await postArticle(t.app, spam, { title: 'Bulk offer', tagList: ['offers'] });
    await call(`/articles/${articleSlug}/favorite`, { method: 'POST', token: spam });
    await call(`/articles/${own.slug}/favorite`, { method: 'POST', token: author });
    const before = (await call(`/articles/${articleSlug}`)).json().article.favoritesCount as number;

    const browser = new Browser(t.app);
    await browser.login('mod@example.com', PASSWORD);
    await browser.get('/profile/bulk');
    assert.doesNotMatch(browser.lastHtml, /Delete bulk/, 'a moderator gets no delete button');
    assert.equal((await browser.post('/admin/users/bulk/delete', { _csrf: browser.csrf(), note: 'Spam' })).statusCode, 403);

    const boss = new Browser(t.app);
    await boss.login('boss@example.com', PASSWORD);
    await boss.get('/profile/bulk');
    assert.match(boss.lastHtml, /Delete bulk and everything they wrote/);
    const res = await boss.post('/admin/users/bulk/delete', { _csrf: boss.csrf(), note: 'Spam account' });
    assert.equal(res.statusCode, 303);
    assert.equal((await call('/profiles/bulk')).statusCode, 404);
    assert.equal((await call(`/articles/${own.slug}`)).statusCode, 404);
    assert.equal((await call(`/articles/${articleSlug}`)).json().article.favoritesCount, before - 1);
    assert.deepEqual((await call('/tags')).json().tags.includes('offers'), false);
    const entry = await queryOne<{ actor_name: string; note: string }>(t.database, sql`SELECT actor_name, note FROM moderation_log WHERE action = 'delete-account'`);
    assert.deepEqual({ ...entry }, { actor_name: 'boss', note: 'Spam account' });
  });
});
