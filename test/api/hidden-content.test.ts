// A hidden article or comment disappears for everyone but its author and
// the moderators: from every list, feed, count and tag count, and as a 404
// on its own. Showing it again brings all of it back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { api, postArticle, signUp } from '../support/api.js';
import { createTestApp, query, type TestApp } from '../support/app.js';
import { giveRole } from '../support/roles.js';

let t: TestApp;
let call: ReturnType<typeof api>;
let writer: string;
let reader: string;
let moderator: string;
let slug: string;
let other: string;

const slugs = async (url: string, token?: string) => {
  const res = await call(url, { token });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  return { slugs: (body.articles as Array<{ slug: string }>).map((a) => a.slug), count: body.articlesCount as number };
};

before(async () => {
  t = await createTestApp();
  call = api(t.app);
  writer = await signUp(t.app, 'writer');
  reader = await signUp(t.app, 'reader');
  moderator = await signUp(t.app, 'mod');
  await giveRole(t, 'mod', 'moderator');
  other = (await postArticle(t.app, writer, { title: 'Fine words', tagList: ['shared'] })).slug;
  slug = (await postArticle(t.app, writer, { title: 'Spam offer', tagList: ['shared', 'offers'] })).slug;
  await call(`/articles/${slug}/favorite`, { method: 'POST', token: reader });
  await call('/profiles/writer/follow', { method: 'POST', token: reader });
  await call(`/articles/${slug}/comments`, { method: 'POST', token: reader, body: { comment: { body: 'Looks like spam.' } } });
});
after(() => t.close());

/** Every list the article can be in, as `token` sees it. */
async function everywhere(token?: string) {
  return {
    global: await slugs('/articles', token),
    tag: await slugs('/articles?tag=offers', token),
    sharedTag: await slugs('/articles?tag=shared', token),
    author: await slugs('/articles?author=writer', token),
    favorited: await slugs('/articles?favorited=reader', token),
    tags: (await call('/tags')).json().tags as string[],
  };
}

describe('hiding an article', () => {
  test('a member may not (403), a signed-out caller must sign in (401), and nothing changes', async () => {
    const member = await call(`/moderation/articles/${slug}/hide`, { method: 'POST', token: reader });
    assert.equal(member.statusCode, 403);
    assert.deepEqual(member.json(), { errors: { moderation: ['forbidden'] } });
    assert.equal((await call(`/moderation/articles/${slug}/hide`, { method: 'POST' })).statusCode, 401);
    assert.equal((await call(`/articles/${slug}`)).statusCode, 200);
  });

  test('before: it is everywhere', async () => {
    const seen = await everywhere();
    assert.deepEqual(seen.global, { slugs: [slug, other], count: 2 });
    assert.deepEqual(seen.tag, { slugs: [slug], count: 1 });
    assert.deepEqual(seen.sharedTag, { slugs: [slug, other], count: 2 });
    assert.deepEqual(seen.tags, ['offers', 'shared']);
  });

  test('a moderator hides it with a note: 200, the article as the moderator sees it, marked hidden', async () => {
    const res = await call(`/moderation/articles/${slug}/hide`, { method: 'POST', token: moderator, body: { moderation: { note: 'Selling pills' } } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().article.slug, slug);
    assert.equal(res.json().article.hidden.reason, 'Selling pills');
  });

  test('everyone else: gone from every list, count and tag count, and a 404 on its own', async () => {
    for (const token of [undefined, reader]) {
      const seen = await everywhere(token);
      assert.deepEqual(seen.global, { slugs: [other], count: 1 });
      assert.deepEqual(seen.tag, { slugs: [], count: 0 });
      assert.deepEqual(seen.sharedTag, { slugs: [other], count: 1 });
      assert.deepEqual(seen.author, { slugs: [other], count: 1 });
      assert.deepEqual(seen.favorited, { slugs: [], count: 0 });
      assert.deepEqual(seen.tags, ['shared'], 'a tag only the hidden article had is in use no more');
      const res = await call(`/articles/${slug}`, { token });
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.json(), { errors: { article: ['not found'] } });
      assert.equal((await call(`/articles/${slug}/comments`, { token })).statusCode, 404);
    }
    assert.deepEqual(await slugs('/articles/feed', reader), { slugs: [other], count: 1 });
    const [offers] = await query<{ uses: number }>(t.database, sql`SELECT uses FROM tags WHERE name = 'offers'`);
    assert.equal(Number(offers!.uses), 0);
  });

  test('nobody else can favorite it or comment on it: it is not there (404)', async () => {
    assert.equal((await call(`/articles/${slug}/favorite`, { method: 'POST', token: reader })).statusCode, 404);
    const comment = await call(`/articles/${slug}/comments`, { method: 'POST', token: reader, body: { comment: { body: 'Hello?' } } });
    assert.equal(comment.statusCode, 404);
  });

  test('its author sees it, marked hidden with the reason, and in their own list', async () => {
    const res = await call(`/articles/${slug}`, { token: writer });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().article.hidden, { reason: 'Selling pills', hiddenAt: res.json().article.hidden.hiddenAt });
    const own = await call('/articles?author=writer', { token: writer });
    assert.deepEqual(own.json().articles.map((a: { slug: string; hidden?: unknown }) => [a.slug, 'hidden' in a]), [[slug, true], [other, false]]);
    assert.equal(own.json().articlesCount, 2);
  });

  test('moderators see it too; hiding it again changes nothing and logs nothing', async () => {
    assert.equal((await call(`/articles/${slug}`, { token: moderator })).statusCode, 200);
    const before = await query(t.database, sql`SELECT id FROM moderation_log`);
    assert.equal((await call(`/moderation/articles/${slug}/hide`, { method: 'POST', token: moderator })).statusCode, 200);
    assert.equal((await query(t.database, sql`SELECT id FROM moderation_log`)).length, before.length);
  });

  test('unhiding brings everything back, counts and tags included', async () => {
    const res = await call(`/moderation/articles/${slug}/unhide`, { method: 'POST', token: moderator, body: { moderation: { note: 'Misread it' } } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal('hidden' in res.json().article, false);
    const seen = await everywhere();
    assert.deepEqual(seen.global, { slugs: [slug, other], count: 2 });
    assert.deepEqual(seen.tag, { slugs: [slug], count: 1 });
    assert.deepEqual(seen.favorited, { slugs: [slug], count: 1 });
    assert.deepEqual(seen.tags, ['offers', 'shared']);
  });

  test('each action is in the log: who, what, to what, why', async () => {
    const log = await query<{ actor_name: string; action: string; target_type: string; target_label: string; note: string }>(
      t.database,
      sql`SELECT actor_name, action, target_type, target_label, note FROM moderation_log WHERE target_type = 'article' ORDER BY id`,
    );
    assert.deepEqual(log.map((l) => ({ ...l })), [
      { actor_name: 'mod', action: 'hide', target_type: 'article', target_label: slug, note: 'Selling pills' },
      { actor_name: 'mod', action: 'unhide', target_type: 'article', target_label: slug, note: 'Misread it' },
    ]);
  });

  test('an unknown article is a 404; a note that is too long a 422', async () => {
    assert.equal((await call('/moderation/articles/nope/hide', { method: 'POST', token: moderator })).statusCode, 404);
    const long = await call(`/moderation/articles/${slug}/hide`, { method: 'POST', token: moderator, body: { moderation: { note: 'x'.repeat(1001) } } });
    assert.equal(long.statusCode, 422);
    assert.deepEqual(long.json(), { errors: { note: ['is too long (maximum is 1000 characters)'] } });
    assert.equal((await call(`/articles/${slug}`)).statusCode, 200);
  });
});

describe('hiding a comment', () => {
  let id: number;

  test('it leaves the article\'s list for everyone; its author and moderators see it on the page', async () => {
    id = (await call(`/articles/${slug}/comments`)).json().comments[0].id;
    assert.equal((await call(`/moderation/comments/${id}/hide`, { method: 'POST', token: reader })).statusCode, 403);
    const res = await call(`/moderation/comments/${id}/hide`, { method: 'POST', token: moderator, body: { moderation: { note: 'Rude' } } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { comment: { id, hidden: true, article: { slug } } });
    for (const token of [undefined, reader, writer, moderator]) assert.deepEqual((await call(`/articles/${slug}/comments`, { token })).json().comments, []);
  });

  test('unhiding it brings it back', async () => {
    assert.equal((await call(`/moderation/comments/${id}/unhide`, { method: 'POST', token: moderator })).statusCode, 200);
    assert.equal((await call(`/articles/${slug}/comments`)).json().comments[0].body, 'Looks like spam.');
    assert.equal((await call('/moderation/comments/999999/hide', { method: 'POST', token: moderator })).statusCode, 404);
  });
});
