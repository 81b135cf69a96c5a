// An author's fediverse followers in settings, and moderators' domain blocks,
// between two Conduit instances on loopback. bob (on B) follows ada (on A):
// ada sees him as @bob@host and removes him, and B receives the Reject of his
// Follow. A moderator of A blocks B's domain: bob's follow goes, and his
// favorite and reply (with what it notified) with him; B's posts are refused
// with 403 and store nothing, A fetches nothing from B and drops what it had
// queued for it; unblocked, B is heard again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import '../../src/federation/node20.js';
import { Create, Follow, Like, Note, Person } from '@fedify/vocab';
import { isDomainBlocked } from '../../src/domain/federation/domain-blocks.js';
import { createTestApp, execute, query } from '../support/app.js';
import { eventually, federatingInstance, type FederatingInstance } from '../support/federation.js';
import { giveRole } from '../support/roles.js';
import { signedPost, storedRsaKey } from '../support/signed-posts.js';
import { testEngine } from '../support/test-database.js';
import { Browser, press, publish, signedUp } from '../support/web.js';

let a: FederatingInstance;
let b: FederatingInstance;
let ada: Browser;
let mod: Browser;
let slug: string;

before(async () => {
  [a, b] = await Promise.all([federatingInstance(), federatingInstance()]);
  ada = await signedUp(a.app, 'ada');
  mod = await signedUp(a.app, 'mod');
  await giveRole(a, 'mod', 'moderator');
  await signedUp(b.app, 'bob');
  slug = await publish(ada, { title: 'Blocked or not', description: 'A test', body: 'Text.' });
});
after(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

const followersOfAda = () => query<{ actor_id: string; handle: string | null; url: string | null }>(a.database, sql`SELECT actor_id, handle, url FROM remote_followers`);

/** bob follows ada through B's federation (Fedify signs with his keys); resolves once A stored him. */
async function bobFollowsAda(id: string): Promise<Follow> {
  const ctx = b.federation.createContext(new URL(b.origin));
  const target = await ctx.lookupObject(`${a.origin}/profile/ada`);
  assert.ok(target instanceof Person && target.id);
  const bobUri = ctx.getActorUri('bob');
  const follow = new Follow({ id: new URL(`${bobUri.href}#follows/${id}`), actor: bobUri, object: target.id });
  await ctx.sendActivity({ identifier: 'bob' }, target, follow);
  await eventually('A stores bob', async () => (await followersOfAda()).length === 1);
  return follow;
}

/** The activities B's inbox took, as its queue keeps them. */
async function receivedByB(type: string) {
  const jobs = await query<{ payload: string }>(b.database, sql`SELECT payload FROM jobs WHERE name = 'federation'`);
  return jobs.map((job) => JSON.parse(job.payload) as { type: string; activity?: { type?: string; object?: { id?: string } } }).filter((m) => m.type === 'inbox' && m.activity?.type === type);
}

describe(`fediverse followers in settings (${testEngine})`, () => {
  test('ada sees bob as @bob@host with a link, removes him, and B receives the Reject of his Follow', async () => {
    const follow = await bobFollowsAda('settings');
    assert.deepEqual(await followersOfAda(), [{ actor_id: `${b.origin}/profile/bob`, handle: `@bob@${b.host}`, url: `${b.origin}/profile/bob` }]);
    const page = await ada.get('/settings/fediverse');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`@ada@${a.host.replace('.', '\\.')}`));
    assert.match(page.body, new RegExp(`<a href="${b.origin}/profile/bob"[^>]*>@bob@${b.host}</a>`));
    assert.match((await ada.get('/settings')).body, /href="\/settings\/fediverse"/);

    const removed = await press(ada, '/settings/fediverse', '/settings/fediverse/followers/remove', { actor: `${b.origin}/profile/bob` });
    assert.equal(removed.statusCode, 303);
    assert.deepEqual(await followersOfAda(), []);
    assert.match((await ada.get('/settings/fediverse')).body, /Nobody on the fediverse follows you yet/);
    await eventually('B receives the Reject', async () => (await receivedByB('Reject')).some((m) => m.activity?.object?.id === follow.id?.href));
  });

  test("one author cannot remove another's follower: 404, and the row stays", async () => {
    await bobFollowsAda('other-author');
    const cy = await signedUp(a.app, 'cy');
    const res = await press(cy, '/settings/fediverse', '/settings/fediverse/followers/remove', { actor: `${b.origin}/profile/bob` });
    assert.equal(res.statusCode, 404);
    assert.equal((await followersOfAda()).length, 1);
    await execute(a.database, sql`DELETE FROM remote_followers`);
  });
});

describe(`domain blocks (${testEngine})`, () => {
  test('a subdomain of a blocked domain is blocked, a look-alike is not, ports do not matter', async () => {
    assert.equal((await press(mod, '/moderation/domains', '/moderation/domains/block', { domain: 'Example.Social' })).statusCode, 303);
    const db = a.database.db;
    assert.equal(await isDomainBlocked(db, 'example.social'), true);
    assert.equal(await isDomainBlocked(db, 'media.example.social'), true);
    assert.equal(await isDomainBlocked(db, 'example.social:8443'), true);
    assert.equal(await isDomainBlocked(db, 'notexample.social'), false);
    assert.equal(await isDomainBlocked(db, 'social'), false);
    const bad = await press(mod, '/moderation/domains', '/moderation/domains/block', { domain: 'not a domain' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /must be a domain name/);
    assert.equal((await press(mod, '/moderation/domains', '/moderation/domains/unblock', { domain: 'example.social' })).statusCode, 303);
    assert.equal(await isDomainBlocked(db, 'media.example.social'), false);
  });

  test('blocking B removes its followers, favorites and replies and is logged; its posts get 403 and store nothing; A fetches nothing from it and drops deliveries queued for it', async () => {
    await bobFollowsAda('before-block');
    // bob favorites ada's article and replies to it; ada approves the reply, and is notified of it.
    const ctx0 = b.federation.createContext(new URL(b.origin));
    const adaActor = await ctx0.lookupObject(`${a.origin}/profile/ada`);
    assert.ok(adaActor instanceof Person);
    const [row] = await query<{ id: number }>(a.database, sql`SELECT id FROM articles WHERE slug = ${slug}`);
    const articleUri = new URL(`${a.origin}/ap/articles/${row!.id}`);
    const bob = ctx0.getActorUri('bob');
    await ctx0.sendActivity({ identifier: 'bob' }, adaActor, new Like({ id: new URL(`${bob.href}#likes/1`), actor: bob, object: articleUri }));
    const reply = new Note({ id: new URL(`${b.origin}/notes/spam`), attribution: bob, replyTarget: articleUri, content: '<p>Cheap watches</p>' });
    await ctx0.sendActivity({ identifier: 'bob' }, adaActor, new Create({ id: new URL(`${b.origin}/notes/spam#create`), actor: bob, object: reply }));
    const article = `/article/${encodeURIComponent(slug)}`;
    await eventually('the favorite and the reply are in', async () => {
      const own = (await ada.get(article)).body;
      return /1 fediverse favorite/.test(own) && /Cheap watches/.test(own);
    });
    const id = /fediverse-replies\/(\d+)\/approve/.exec((await ada.get(article)).body)?.[1];
    assert.equal((await press(ada, article, `${article}/fediverse-replies/${id}/approve`)).statusCode, 303);
    const publicPage = async () => (await new Browser(a.app).get(article)).body;
    assert.match(await publicPage(), /Cheap watches/);
    assert.equal((await query(a.database, sql`SELECT 1 FROM notifications`)).length, 1);

    const blocked = await press(mod, '/moderation/domains', '/moderation/domains/block', { domain: '127.0.0.1', note: 'Spam wave' });
    assert.equal(blocked.statusCode, 303);
    assert.deepEqual(await followersOfAda(), [], 'its followers are removed on block');
    const kept = await publicPage();
    assert.doesNotMatch(kept, /Cheap watches|fediverse favorite/, 'its favorite and reply leave the kept page at once');
    assert.deepEqual(await query(a.database, sql`SELECT 1 FROM remote_actors`), []);
    assert.deepEqual(await query(a.database, sql`SELECT 1 FROM remote_comments UNION ALL SELECT 1 FROM remote_reactions`), []);
    assert.deepEqual(await query(a.database, sql`SELECT 1 FROM notifications`), [], 'and what the reply notified');
    const page = await mod.get('/moderation/domains');
    assert.match(page.body, /Unblock 127\.0\.0\.1/);
    const log = await mod.get('/moderation/log');
    assert.match(log.body, /block-domain/);
    assert.match(log.body, /Spam wave; 1 follower removed; 1 favorite or boost removed; 1 reply removed/);

    // A Follow signed by bob, as B would send it: refused before Fedify reads it.
    const bobUri = `${b.origin}/profile/bob`;
    const key = await storedRsaKey(b, 'bob');
    const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${bobUri}#follows/blocked`, type: 'Follow', actor: bobUri, object: `${a.origin}/profile/ada` };
    const refused = await fetch(await signedPost(`${a.origin}/profile/ada/inbox`, follow, key, `${bobUri}#main-key`));
    assert.equal(refused.status, 403);
    // Unsigned, naming a blocked actor: refused too.
    const unsigned = await fetch(`${a.origin}/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body: JSON.stringify(follow) });
    assert.equal(unsigned.status, 403);

    // Lookups do not fetch from it.
    const ctx = a.federation.createContext(new URL(a.origin));
    assert.equal(await ctx.lookupObject(bobUri).catch(() => null), null);

    // A delivery to it, queued now, is dropped by the queue: B never receives it.
    const note = new Note({ id: new URL(`${a.origin}/profile/ada#notes/blocked`), attribution: ctx.getActorUri('ada'), content: 'Not for B' });
    await ctx.sendActivity({ identifier: 'ada' }, { id: new URL(bobUri), inboxId: new URL(`${bobUri}/inbox`) }, new Create({ id: new URL(`${a.origin}/profile/ada#create/blocked`), actor: ctx.getActorUri('ada'), object: note }));
    await eventually('the delivery job has run', async () => {
      const jobs = await query<{ state: string; payload: string }>(a.database, sql`SELECT state, payload FROM jobs WHERE name = 'federation'`);
      return jobs.some((job) => job.payload.includes('create/blocked') && job.state === 'done');
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await receivedByB('Create')).length, 0);
    assert.deepEqual(await followersOfAda(), []);

    // Unblocked, B is heard again.
    assert.equal((await press(mod, '/moderation/domains', '/moderation/domains/unblock', { domain: '127.0.0.1' })).statusCode, 303);
    assert.match((await mod.get('/moderation/log')).body, /unblock-domain/);
    const taken = await fetch(await signedPost(`${a.origin}/profile/ada/inbox`, follow, key, `${bobUri}#main-key`));
    assert.equal(taken.status, 202);
    await eventually('bob is stored again', async () => (await followersOfAda()).length === 1);
  });
});

describe(`with FEDERATION=off (${testEngine})`, () => {
  test('the settings page says the site is not in the fediverse and lists nobody; blocks are still kept', async () => {
    const off = await createTestApp({ FEDERATION: 'off' });
    try {
      const writer = await signedUp(off.app, 'writer');
      await execute(off.database, sql`INSERT INTO remote_followers (user_id, actor_id, inbox, handle, created_at) SELECT id, 'https://remote.example/users/x', 'https://remote.example/users/x/inbox', '@x@remote.example', 1 FROM users WHERE username = 'writer'`);
      const page = await writer.get('/settings/fediverse');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /does not take part in the fediverse at the moment/);
      assert.doesNotMatch(page.body, /@x@remote\.example/);
      const moderator = await signedUp(off.app, 'moderator');
      await giveRole(off, 'moderator', 'moderator');
      assert.equal((await press(moderator, '/moderation/domains', '/moderation/domains/block', { domain: 'spam.example' })).statusCode, 303);
      assert.match((await moderator.get('/moderation/domains')).body, /blocks apply once it is on/);
    } finally {
      await off.close();
    }
  });
});
