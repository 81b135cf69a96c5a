import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getTableName, sql, type SQL } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from '../../../src/db/schema/sqlite.js';
import { api, postArticle } from '../../support/api.js';
import { TestClock, createTestApp, queryOne, type TestApp } from '../../support/app.js';
import { Browser, errorMessages, signedInAs } from '../../support/web.js';

const PASSWORD = 'correct horse battery staple';
const MINUTE = 60 * 1000;

const clock = new TestClock();
let t: TestApp;
before(async () => (t = await createTestApp({}, { now: clock.now })));
after(() => t.close());

const count = async (statement: SQL) => (await queryOne<{ n: number }>(t.database, statement)).n;

/** A user with an article, a comment, a favorite, a follow and a mute both ways, two sessions and a token. */
async function busyUser(username: string) {
  const call = api(t.app);
  const other = (await call('/users', { method: 'POST', body: { user: { username: `${username}-friend`, email: `${username}-friend@example.com`, password: PASSWORD } } })).json()
    .user.token as string;
  const friendsArticle = await postArticle(t.app, other, { title: `By ${username}'s friend` });
  const browser = new Browser(t.app);
  assert.equal((await browser.register(username, PASSWORD)).statusCode, 303);
  await new Browser(t.app).login(`${username}@example.com`, PASSWORD);
  const token = (await call('/users/login', { method: 'POST', body: { user: { email: `${username}@example.com`, password: PASSWORD } } })).json().user.token as string;
  const own = await postArticle(t.app, token, { title: `By ${username}`, tagList: [`${username}tag`] });
  await call(`/articles/${own.slug}/comments`, { method: 'POST', token, body: { comment: { body: 'on my own' } } });
  await call(`/articles/${friendsArticle.slug}/comments`, { method: 'POST', token, body: { comment: { body: 'on theirs' } } });
  await call(`/articles/${friendsArticle.slug}/favorite`, { method: 'POST', token });
  await call(`/articles/${own.slug}/favorite`, { method: 'POST', token: other });
  await call(`/profiles/${username}-friend/follow`, { method: 'POST', token });
  await call(`/profiles/${username}/follow`, { method: 'POST', token: other });
  await call(`/profiles/${username}-friend/mute`, { method: 'POST', token });
  await call(`/profiles/${username}/mute`, { method: 'POST', token: other });
  return { browser, token, other, own, friendsArticle };
}

test('the confirmation page says what will go, with the counts', async () => {
  const { browser } = await busyUser('counted');
  const page = await browser.get('/settings/delete');
  assert.equal(page.statusCode, 200);
  const text = page.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  assert.match(text, /1 article you wrote, with their comments and favorites/);
  assert.match(text, /2 comments you wrote/);
  assert.match(text, /1 favorite\b/);
  assert.match(text, /1 author you follow/);
  assert.match(text, /your blocks and mutes of 1 person/);
  assert.match(text, /2 signed-in browsers and 1 API token/);
  assert.match(page.body, /<button class="btn btn-lg btn-danger" type="submit">Delete my account<\/button>/);
});

test('deleting removes everything in one go, fixes counts elsewhere, and frees the name and email', async () => {
  const { browser, token, other, own, friendsArticle } = await busyUser('leaving');
  const oldCookie = browser.cookieHeader;
  const id = await count(sql`SELECT id AS n FROM users WHERE username = 'leaving'`);
  assert.equal((await api(t.app)(`/articles/${friendsArticle.slug}`)).json().article.favoritesCount, 1);

  await browser.get('/settings/delete');
  const res = await browser.post('/settings/delete', { _csrf: browser.csrf() });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/');
  assert.equal(res.headers['clear-site-data'], '"cache", "cookies"');

  for (const [table, column] of [
    ['users', 'id'],
    ['articles', 'author_id'],
    ['comments', 'author_id'],
    ['favorites', 'user_id'],
    ['follows', 'follower_id'],
    ['follows', 'followee_id'],
    ['user_controls', 'owner_id'],
    ['user_controls', 'target_id'],
    ['sessions', 'user_id'],
    ['api_tokens', 'user_id'],
  ] as const) {
    assert.equal(await count(sql`SELECT count(*) AS n FROM ${sql.identifier(table)} WHERE ${sql.identifier(column)} = ${id}`), 0, `${table}.${column}`);
  }
  assert.equal(await count(sql`SELECT count(*) AS n FROM tags WHERE name = ${'leavingtag'} AND uses > 0`), 0);
  // The friend's article lost the favorite and the comment; the friend is untouched.
  const theirs = (await api(t.app)(`/articles/${friendsArticle.slug}`)).json().article;
  assert.equal(theirs.favoritesCount, 0);
  assert.equal((await api(t.app)(`/articles/${friendsArticle.slug}/comments`)).json().comments.length, 0);
  assert.equal((await api(t.app)('/user', { token: other })).statusCode, 200);
  assert.equal((await api(t.app)(`/articles/${own.slug}`)).statusCode, 404);
  assert.equal((await api(t.app)('/profiles/leaving')).statusCode, 404);

  // The old cookie and token are dead.
  assert.equal((await t.app.inject({ url: '/settings', headers: { cookie: oldCookie } })).headers.location, '/login');
  assert.equal((await api(t.app)('/user', { token })).statusCode, 401);
  // The name and email can be registered again.
  assert.equal((await new Browser(t.app).register('leaving', PASSWORD)).statusCode, 303);
});

test('after 10 minutes it needs the current password; a wrong one deletes nothing', async () => {
  const { browser } = await busyUser('careful');
  clock.advance(11 * MINUTE);
  const page = await browser.get('/settings/delete');
  assert.match(page.body, /<input[^>]*name="currentPassword"/);
  const missing = await browser.post('/settings/delete', { _csrf: browser.csrf() });
  assert.equal(missing.statusCode, 422);
  assert.deepEqual(errorMessages(missing.body), ['Current password is required to delete your account']);
  const wrong = await browser.post('/settings/delete', { _csrf: browser.csrf(), currentPassword: 'not it at all' });
  assert.equal(wrong.statusCode, 422);
  assert.deepEqual(errorMessages(wrong.body), ['Current password is invalid']);
  assert.equal(await count(sql`SELECT count(*) AS n FROM users WHERE username = 'careful'`), 1);
  assert.equal(signedInAs((await browser.get('/')).body), 'careful');
  const right = await browser.post('/settings/delete', { _csrf: browser.csrf(), currentPassword: PASSWORD });
  assert.equal(right.statusCode, 303);
  assert.equal(await count(sql`SELECT count(*) AS n FROM users WHERE username = 'careful'`), 0);
});

// Read from the SQLite schema: test/db/schema-drift.test.ts keeps PostgreSQL's the same.
/** References that are set null instead, and why the row stays. */
const OUTLIVES_ITS_USER = new Map([
  ['moderation_log.actor_id', "the site's record of what its moderators did stays, under the name they had (docs/decisions/0022)"],
  ['domain_blocks.blocked_by', "a block protects the whole site, not its moderator's account; who blocked it stays in the moderation log (docs/decisions/0052)"],
]);

test('every table that refers to a user goes with the account: its foreign keys cascade', () => {
  const tables: SQLiteTable[] = Object.values(schema).filter((value) => value instanceof SQLiteTable);
  const userRefs = tables.flatMap((table) => {
    const config = getTableConfig(table);
    return config.foreignKeys
      .filter((fk) => getTableName(fk.reference().foreignTable) === 'users')
      .map((fk) => ({ table: config.name, columns: fk.reference().columns.map((c) => c.name).join(','), onDelete: fk.onDelete }));
  });
  assert.ok(userRefs.length >= 9, `found ${userRefs.length} references to users`);
  const kept = userRefs.filter((ref) => ref.onDelete !== 'cascade' && !OUTLIVES_ITS_USER.has(`${ref.table}.${ref.columns}`));
  assert.deepEqual(kept, [], 'a row that outlives its user keeps their data after "Delete your account": cascade, or delete it in deleteAccount and say so here');
});
