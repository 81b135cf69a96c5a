// What B hears of ada's articles after they go live on A: an edit is an
// Update of the same object id, a deletion a Delete, hiding and suspending a
// Delete, unhiding and lifting a Create again; a draft is never sent. The
// article's id serves the Article (404 once it is not shown), and the outbox
// pages through her shown articles only. Two real instances on loopback; B
// follows with its own federation, and what reaches it is read from the
// inbox messages its Fedify queued (it queues only what it verified).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import '../../src/federation/node20.js';
import { Follow, Person } from '@fedify/vocab';
import { findUserByUsername } from '../../src/domain/accounts/users.js';
import { hideArticle, unhideArticle } from '../../src/domain/moderation/hiding.js';
import { suspendUser, unsuspendUser } from '../../src/domain/moderation/suspension.js';
import { createArticle } from '../../src/domain/publishing/article-writes.js';
import { query } from '../support/app.js';
import { api, PASSWORD, postArticle, signUp } from '../support/api.js';
import { eventually, federatingInstance, type FederatingInstance } from '../support/federation.js';
import { giveRole } from '../support/roles.js';
import { testEngine } from '../support/test-database.js';

const DAY = 24 * 60 * 60_000;
/** A's clock: real time (retries and delayed jobs are due by it), moved on by `ahead`. */
let ahead = 0;
const now = () => Date.now() + ahead;
let a: FederatingInstance;
let b: FederatingInstance;
let token: string;

interface Received {
  type: string;
  id: string;
  object: string | { id: string; type: string; name?: string; url?: string };
}

/** The activities from A that reached B's inboxes so far, in the order B queued them. */
async function received(): Promise<Received[]> {
  const jobs = await query<{ payload: string }>(b.database, sql`SELECT payload FROM jobs WHERE name = 'federation' ORDER BY id`);
  return jobs
    .map((job) => JSON.parse(job.payload) as { type: string; activity?: Received & { actor?: string } })
    .filter((m) => m.type === 'inbox' && m.activity?.actor === `${a.origin}/profile/ada`)
    .map((m) => m.activity!);
}

const objectIdOf = (activity: Received) => (typeof activity.object === 'string' ? activity.object : activity.object.id);

/** Waits for the next activity about `objectId` of `type` after `seen` had been received. */
async function next(type: string, objectId: string, seen: number): Promise<Received> {
  let found: Received | undefined;
  await eventually(`B receives a ${type} of ${objectId}`, async () => {
    found = (await received()).slice(seen).find((activity) => activity.type === type && objectIdOf(activity) === objectId);
    return found !== undefined;
  });
  return found!;
}

/** ada's new token: a suspension ends her sign-ins. */
async function signedInAgain(): Promise<string> {
  const res = await api(a.app)('/users/login', { method: 'POST', body: { user: { email: 'ada@example.com', password: PASSWORD } } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().user.token as string;
}

const articleId = async (slug: string) =>
  (await query<{ id: number }>(a.database, sql`SELECT id FROM articles WHERE slug = ${slug}`))[0]!.id;

before(async () => {
  [a, b] = await Promise.all([federatingInstance({}, { now }), federatingInstance()]);
  token = await signUp(a.app, 'ada');
  await signUp(a.app, 'mod');
  await giveRole(a, 'mod', 'moderator');
  await signUp(b.app, 'bob');
  const ctx = b.federation.createContext(new URL(b.origin));
  const ada = await ctx.lookupObject(`${a.origin}/profile/ada`);
  assert.ok(ada instanceof Person && ada.id);
  const bobUri = ctx.getActorUri('bob');
  await ctx.sendActivity({ identifier: 'bob' }, ada, new Follow({ id: new URL(`${bobUri.href}#follows/ada`), actor: bobUri, object: ada.id }));
  await eventually('ada has a follower', async () => (await query(a.database, sql`SELECT 1 FROM remote_followers`)).length === 1);
});
after(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

describe(`an article's life reaches the fediverse (${testEngine})`, () => {
  test('published, edited, deleted: Create, then Update with the same id after a new title, then Delete', async () => {
    const seen = (await received()).length;
    const { slug } = await postArticle(a.app, token, { title: 'First words', body: 'Hello.' });
    const id = `${a.origin}/ap/articles/${await articleId(slug)}`;
    const create = await next('Create', id, seen);
    assert.equal(typeof create.object === 'object' && create.object.url, `${a.origin}/article/${slug}`);

    // The object's id answers with the Article, for an ActivityPub client.
    const fetched = await fetch(id, { headers: { accept: 'application/activity+json' } });
    assert.equal(fetched.status, 200);
    assert.equal(((await fetched.json()) as { name: string }).name, 'First words');

    const edited = await api(a.app)(`/articles/${slug}`, { method: 'PUT', token, body: { article: { title: 'Second words' } } });
    assert.equal(edited.statusCode, 200, edited.body);
    const newSlug = edited.json().article.slug as string;
    assert.notEqual(newSlug, slug);
    const update = await next('Update', id, seen);
    assert.ok(typeof update.object === 'object');
    assert.equal(update.object.name, 'Second words');
    assert.equal(update.object.url, `${a.origin}/article/${newSlug}`);

    assert.equal((await api(a.app)(`/articles/${newSlug}`, { method: 'DELETE', token })).statusCode, 204);
    const deleted = await next('Delete', id, seen);
    assert.ok(deleted.id.startsWith(`${id}#delete/`));
    assert.equal((await fetch(id, { headers: { accept: 'application/activity+json' } })).status, 404);
  });

  test('hidden by a moderator: Delete, and the id answers 404; shown again: Create', async () => {
    const moderator = (await findUserByUsername(a.database.db, 'mod'))!;
    const seen = (await received()).length;
    const { slug } = await postArticle(a.app, token, { title: 'Hidden soon' });
    const id = `${a.origin}/ap/articles/${await articleId(slug)}`;
    await next('Create', id, seen);

    await hideArticle(a.app.services, moderator, slug, { note: 'spam' });
    await next('Delete', id, seen);
    assert.equal((await fetch(id, { headers: { accept: 'application/activity+json' } })).status, 404);

    const before = (await received()).length;
    await unhideArticle(a.app.services, moderator, slug);
    await next('Create', id, before);
    assert.equal((await fetch(id, { headers: { accept: 'application/activity+json' } })).status, 200);
  });

  test('the author suspended: Delete of each article; the suspension lifted: Create again', async () => {
    const moderator = (await findUserByUsername(a.database.db, 'mod'))!;
    const seen = (await received()).length;
    const { slug } = await postArticle(a.app, token, { title: 'Before the suspension' });
    const id = `${a.origin}/ap/articles/${await articleId(slug)}`;
    await next('Create', id, seen);

    await suspendUser(a.app.services, moderator, 'ada', { reason: 'a pause' });
    await next('Delete', id, seen);
    const outbox = await fetch(`${a.origin}/profile/ada/outbox`, { headers: { accept: 'application/activity+json' } });
    assert.equal(((await outbox.json()) as { totalItems: number }).totalItems, 0, 'a suspended author lists nothing');

    const before = (await received()).length;
    await unsuspendUser(a.app.services, moderator, 'ada');
    await next('Create', id, before);
    token = await signedInAgain();
  });

  test('a suspension for a day: Delete now, and the article again once the day is over, with no other write', async () => {
    const moderator = (await findUserByUsername(a.database.db, 'mod'))!;
    const seen = (await received()).length;
    const { slug } = await postArticle(a.app, token, { title: 'Back tomorrow' });
    const id = `${a.origin}/ap/articles/${await articleId(slug)}`;
    await next('Create', id, seen);

    await suspendUser(a.app.services, moderator, 'ada', { days: 1 });
    await next('Delete', id, seen);
    const before = (await received()).length;
    ahead += DAY + 60_000;
    await next('Create', id, before);
    assert.equal((await fetch(id, { headers: { accept: 'application/activity+json' } })).status, 200);
    token = await signedInAgain();
  });

  test('a draft is never sent, and the outbox lists published, shown articles only, newest first, page by page', async () => {
    const ada = (await findUserByUsername(a.database.db, 'ada'))!;
    const seen = (await received()).length;
    const draft = await createArticle({ ...a.app.services }, ada.id, { title: 'Not yet', description: 'd', body: 'b' }, { kind: 'draft' });
    const draftId = `${a.origin}/ap/articles/${await articleId(draft.slug)}`;
    assert.equal((await fetch(draftId, { headers: { accept: 'application/activity+json' } })).status, 404);

    // More than a page of published ones (20 a page).
    const slugs: string[] = [];
    for (let i = 0; i < 21; i++) slugs.push((await postArticle(a.app, token, { title: `Listed ${i}` })).slug as string);
    const lastId = `${a.origin}/ap/articles/${await articleId(slugs.at(-1)!)}`;
    await next('Create', lastId, seen);
    assert.ok(!(await received()).some((activity) => objectIdOf(activity) === draftId), 'the draft never reached B');

    const get = async (url: string) => (await fetch(url, { headers: { accept: 'application/activity+json' } })).json() as Promise<Record<string, unknown>>;
    const collection = await get(`${a.origin}/profile/ada/outbox`);
    const shown = (await query<{ n: number }>(a.database, sql`SELECT count(*) AS n FROM articles WHERE author_id = ${ada.id} AND status = 'published' AND hidden_at IS NULL`))[0]!;
    assert.equal(collection.totalItems, Number(shown.n));
    const titles: string[] = [];
    let page = await get(String(collection.first));
    for (;;) {
      for (const item of page.orderedItems as Array<{ type: string; object: { name: string } }>) {
        assert.equal(item.type, 'Create');
        titles.push(item.object.name);
      }
      if (!page.next) break;
      page = await get(String(page.next));
    }
    assert.equal(titles.length, Number(shown.n));
    assert.equal(titles[0], 'Listed 20', 'newest first');
    assert.ok(titles.indexOf('Listed 0') > 19, 'the oldest are on the next page');
    assert.ok(!titles.includes('Not yet'));
    assert.ok(!titles.includes('Second words'), 'a deleted one is gone');
  });
});
