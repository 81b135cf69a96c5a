// Readers' favorites and follows are kept in memory to mark their lists;
// these are the cases where a kept set could lie.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { api, postArticle, signUp } from '../../support/api.js';
import { createTestApp, execute, queryOne, type TestApp } from '../../support/app.js';

let t: TestApp;
let call: ReturnType<typeof api>;
let author: string;
let reader: string;

const firstOnList = async (token: string) => (await call('/articles?limit=1', { token })).json().articles[0];

before(async () => {
  t = await createTestApp();
  call = api(t.app);
  author = await signUp(t.app, 'author');
  reader = await signUp(t.app, 'reader');
  await postArticle(t.app, author, { title: 'By the author' });
});
after(() => t.close());

test('a follow and an unfollow mark the reader\'s lists at once', async () => {
  await firstOnList(reader);
  await call('/profiles/author/follow', { method: 'POST', token: reader });
  assert.equal((await firstOnList(reader)).author.following, true);
  assert.equal((await call('/profiles/author', { token: reader })).json().profile.following, true);
  await call('/profiles/author/follow', { method: 'DELETE', token: reader });
  assert.equal((await firstOnList(reader)).author.following, false);
});

test('a reader with more favorites than are kept still sees every mark', async () => {
  const hoarder = await signUp(t.app, 'hoarder');
  const hoarderId = (await queryOne<{ id: number }>(t.database, sql`SELECT id FROM users WHERE username = 'hoarder'`)).id;
  const authorId = (await queryOne<{ id: number }>(t.database, sql`SELECT id FROM users WHERE username = 'author'`)).id;
  // 1 200 articles, every one favorited by the hoarder: over the 1 000 kept per reader.
  // (The ids are cast: PostgreSQL would take a bare parameter in a SELECT list for text.)
  await execute(
    t.database,
    sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
     INSERT INTO articles (slug, title, description, body, author_id, created_at, updated_at, favorites_count)
     SELECT 'bulk-' || i, 'Bulk ' || i, 'd', 'b', cast(${authorId} as integer), 2000000000000 + i, 2000000000000 + i, 1 FROM n`,
  );
  await execute(t.database, sql`INSERT INTO favorites (user_id, article_id, created_at) SELECT cast(${hoarderId} as integer), id, 0 FROM articles WHERE slug LIKE 'bulk-%'`);
  const page = (await call('/articles?limit=20', { token: hoarder })).json().articles;
  assert.equal(page.length, 20);
  assert.ok(page.every((a: { favorited: boolean }) => a.favorited));
  assert.ok((await call('/articles?limit=20', { token: reader })).json().articles.every((a: { favorited: boolean }) => !a.favorited));
  await call('/articles/bulk-1200/favorite', { method: 'DELETE', token: hoarder });
  assert.equal((await firstOnList(hoarder)).favorited, false);
});
