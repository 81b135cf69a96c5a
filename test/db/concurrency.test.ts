// Writes that arrive at the same moment, on two app instances over one
// database: what SQLite's single writer used to hide and PostgreSQL's
// concurrent transactions expose. Every answer must be a success or a clear
// 4xx, never a 500, and the rows and counts must come out exact.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { api, PASSWORD, postArticle, signUp } from '../support/api.js';
import { createTestApp, queryOne, secondInstance, type TestApp } from '../support/app.js';

let a: TestApp;
let b: TestApp;
/** Alternates between the two instances, as a load balancer would. */
const apps = (): [FastifyInstance, FastifyInstance] => [a.app, b.app];
const on = (i: number) => api(apps()[i % 2]!);

before(async () => {
  a = await createTestApp();
  b = await secondInstance(a);
});

after(async () => {
  await b.close();
  await a.close();
});

const statuses = (responses: Array<{ statusCode: number }>) => responses.map((r) => r.statusCode);

test('articles with the same title, created at once, all succeed with distinct slugs', async () => {
  const token = await signUp(a.app, 'sametitle');
  const responses = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      on(i)('/articles', { method: 'POST', token, body: { article: { title: 'Exactly The Same Title', description: 'd', body: 'b', tagList: ['race', `tag${i % 3}`] } } }),
    ),
  );
  assert.deepEqual(statuses(responses), Array(12).fill(201), responses.map((r) => r.body).join('\n'));
  const slugs = responses.map((r) => r.json().article.slug as string);
  assert.equal(new Set(slugs).size, 12);
  assert.ok(slugs.includes('exactly-the-same-title'));
  const { uses } = await queryOne<{ uses: number }>(a.database, sql`SELECT uses FROM tags WHERE name = 'race'`);
  assert.equal(uses, 12, 'the tag counts every article once');
});

test('favoriting one article many times at once counts once; unfavoriting likewise', async () => {
  const author = await signUp(a.app, 'favauthor');
  const { slug } = await postArticle(a.app, author, { title: 'Favorite me' });
  const fan = await signUp(a.app, 'eagerfan');
  const favs = await Promise.all(Array.from({ length: 10 }, (_, i) => on(i)(`/articles/${slug}/favorite`, { method: 'POST', token: fan })));
  assert.deepEqual(statuses(favs), Array(10).fill(200));
  const count = async () =>
    queryOne<{ rows: number; counted: number }>(
      a.database,
      sql`SELECT (SELECT count(*) FROM favorites f JOIN articles x ON x.id = f.article_id WHERE x.slug = ${slug}) AS rows,
                 (SELECT favorites_count FROM articles WHERE slug = ${slug}) AS counted`,
    );
  assert.deepEqual(await count(), { rows: 1, counted: 1 });
  const unfavs = await Promise.all(Array.from({ length: 10 }, (_, i) => on(i)(`/articles/${slug}/favorite`, { method: 'DELETE', token: fan })));
  assert.deepEqual(statuses(unfavs), Array(10).fill(200));
  assert.deepEqual(await count(), { rows: 0, counted: 0 });
});

test('many readers favoriting at once leave the exact count', async () => {
  const author = await signUp(a.app, 'popular');
  const { slug } = await postArticle(a.app, author, { title: 'Crowd favorite' });
  const fans = await Promise.all(Array.from({ length: 15 }, (_, i) => signUp(apps()[i % 2]!, `crowd${i}`)));
  const responses = await Promise.all(fans.map((token, i) => on(i)(`/articles/${slug}/favorite`, { method: 'POST', token })));
  assert.deepEqual(statuses(responses), Array(15).fill(200));
  const article = (await on(1)(`/articles/${slug}`)).json().article;
  assert.equal(article.favoritesCount, 15);
});

test('following someone many times at once makes one follow', async () => {
  await signUp(a.app, 'followed');
  const follower = await signUp(a.app, 'follower');
  const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => on(i)('/profiles/followed/follow', { method: 'POST', token: follower })));
  assert.deepEqual(statuses(responses), Array(10).fill(200));
  assert.ok(responses.every((r) => r.json().profile.following === true));
  const { n } = await queryOne<{ n: number }>(
    a.database,
    sql`SELECT count(*) AS n FROM follows f JOIN users u ON u.id = f.followee_id WHERE u.username = 'followed'`,
  );
  assert.equal(n, 1);
});

test('signing up with one username at once: one account, the rest told it is taken (409)', async () => {
  const responses = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      on(i)('/users', { method: 'POST', body: { user: { username: 'contested', email: `contested${i}@example.com`, password: PASSWORD } } }),
    ),
  );
  const codes = statuses(responses);
  assert.equal(codes.filter((c) => c === 201).length, 1, codes.join(','));
  for (const response of responses.filter((r) => r.statusCode !== 201)) {
    assert.equal(response.statusCode, 409, response.body);
    assert.deepEqual(response.json(), { errors: { username: ['has already been taken'] } });
  }
});

test('signing up with one email at once, in another case: one account', async () => {
  const responses = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      on(i)('/users', { method: 'POST', body: { user: { username: `mailrace${i}`, email: i % 2 ? 'Race@Example.com' : 'race@example.com', password: PASSWORD } } }),
    ),
  );
  const codes = statuses(responses);
  assert.equal(codes.filter((c) => c === 201).length, 1, codes.join(','));
  assert.ok(responses.filter((r) => r.statusCode !== 201).every((r) => r.statusCode === 409 && r.json().errors.email?.[0] === 'has already been taken'));
});

test('two renames to one free username at once: one wins, the other is told it is taken', async () => {
  const first = await signUp(a.app, 'renamer1');
  const second = await signUp(a.app, 'renamer2');
  const responses = await Promise.all([
    on(0)('/user', { method: 'PUT', token: first, body: { user: { username: 'brandnewname' } } }),
    on(1)('/user', { method: 'PUT', token: second, body: { user: { username: 'brandnewname' } } }),
  ]);
  assert.deepEqual(statuses(responses).sort(), [200, 409]);
  const loser = responses.find((r) => r.statusCode === 409)!;
  assert.deepEqual(loser.json(), { errors: { username: ['has already been taken'] } });
});

test('commenting on an article while it is deleted never answers 500', async () => {
  const author = await signUp(a.app, 'deleter');
  const commenter = await signUp(a.app, 'latecomer');
  for (let round = 0; round < 5; round++) {
    const { slug } = await postArticle(a.app, author, { title: `Short lived ${round}` });
    const [deleted, ...comments] = await Promise.all([
      on(0)(`/articles/${slug}`, { method: 'DELETE', token: author }),
      ...Array.from({ length: 4 }, (_, i) => on(i + 1)(`/articles/${slug}/comments`, { method: 'POST', token: commenter, body: { comment: { body: 'first!' } } })),
      on(1)(`/articles/${slug}/favorite`, { method: 'POST', token: commenter }),
    ]);
    assert.equal(deleted!.statusCode, 204);
    for (const response of comments) assert.ok([200, 201, 404, 409].includes(response.statusCode), `${response.statusCode} ${response.body}`);
  }
});
