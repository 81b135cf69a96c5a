// Two Conduit instances on loopback federate: bob, on B, finds ada on A by
// her handle, follows her (A accepts and stores him), and undoes it. B sends
// with its own federation (Fedify's client, signing with bob's stored keys):
// a real server, not a mock. An unsigned or wrongly signed post to A's inbox
// is refused with 401 and stores nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import '../../src/federation/node20.js';
import { generateCryptoKeyPair, importJwk, signRequest } from '@fedify/fedify';
import { Follow, Person, Undo } from '@fedify/vocab';
import { query } from '../support/app.js';
import { eventually, federatingInstance, type FederatingInstance } from '../support/federation.js';
import { testEngine } from '../support/test-database.js';
import { publish, signedUp, type Browser } from '../support/web.js';

let a: FederatingInstance;
let b: FederatingInstance;
let adaBrowser: Browser;

before(async () => {
  [a, b] = await Promise.all([federatingInstance(), federatingInstance()]);
  adaBrowser = await signedUp(a.app, 'ada');
  await signedUp(b.app, 'bob');
});
after(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

const followersOfAda = () =>
  query<{ actor_id: string; inbox: string; shared_inbox: string | null }>(
    a.database,
    sql`SELECT actor_id, inbox, shared_inbox FROM remote_followers WHERE user_id = (SELECT id FROM users WHERE username = 'ada')`,
  );

describe(`two instances federate (${testEngine})`, () => {
  test("ada's handle resolves by WebFinger to her Person, with keys of both kinds", async () => {
    const finger = await fetch(`${a.origin}/.well-known/webfinger?resource=${encodeURIComponent(`acct:ada@${a.host}`)}`);
    assert.equal(finger.status, 200);
    const { links } = (await finger.json()) as { links: Array<{ rel: string; href: string }> };
    const self = links.find((link) => link.rel === 'self')?.href;
    assert.equal(self, `${a.origin}/profile/ada`);
    // Fedify looks handles up over https only: on loopback over http, B starts from the id WebFinger gave.
    const ctx = b.federation.createContext(new URL(b.origin));
    const ada = await ctx.lookupObject(self);
    assert.ok(ada instanceof Person);
    assert.equal(ada.id?.href, `${a.origin}/profile/ada`);
    assert.equal(ada.inboxId?.href, `${a.origin}/profile/ada/inbox`);
    assert.equal(ada.endpoints?.sharedInbox?.href, `${a.origin}/inbox`);
    assert.equal(ada.followersId?.href, `${a.origin}/profile/ada/followers`);
    assert.ok(await ada.getPublicKey());
    const methods = [];
    for await (const key of ada.getAssertionMethods()) methods.push(key);
    assert.equal(methods.length, 2, 'an RSA and an Ed25519 key (the Ed25519 one needs globalThis.navigator on Node 20)');
  });

  test('bob follows ada: A stores him and accepts; her next article reaches him; undoing removes him', async () => {
    const ctx = b.federation.createContext(new URL(b.origin));
    const ada = await ctx.lookupObject(`${a.origin}/profile/ada`);
    assert.ok(ada instanceof Person && ada.id);
    const bobUri = ctx.getActorUri('bob');
    const follow = new Follow({ id: new URL(`${bobUri.href}#follows/ada`), actor: bobUri, object: ada.id });
    await ctx.sendActivity({ identifier: 'bob' }, ada, follow);

    await eventually('ada has a follower', async () => (await followersOfAda()).length === 1);
    assert.deepEqual(await followersOfAda(), [{ actor_id: bobUri.href, inbox: `${b.origin}/profile/bob/inbox`, shared_inbox: `${b.origin}/inbox` }]);
    // A's Accept reached B's inbox, signed by ada, and B took it (a delivery B refused would wait to be retried).
    await eventually('the Accept is delivered', async () => {
      const jobs = await query<{ state: string; payload: string }>(a.database, sql`SELECT state, payload FROM jobs WHERE name = 'federation'`);
      return jobs.some((job) => job.state === 'done' && job.payload.includes('"Accept"'));
    });
    const ok = await fetch(`${a.origin}/profile/ada/followers`, { headers: { accept: 'application/activity+json' } });
    assert.equal(((await ok.json()) as { totalItems: number }).totalItems, 1);

    // ada publishes: Create(Article) reaches B's shared inbox, signed by ada (B's Fedify queues only
    // what it verified), with the title, summary, HTML content, tags and time.
    const slug = await publish(adaBrowser, { title: 'Counting engines', description: 'On two of them', body: 'Some *counting*.', tags: ['engines'] });
    const page = `${a.origin}/article/${slug}`;
    let delivered: { activity: { type: string; object: Record<string, unknown> }; identifier: string | null } | undefined;
    await eventually('the Create reaches B', async () => {
      const jobs = await query<{ payload: string }>(b.database, sql`SELECT payload FROM jobs WHERE name = 'federation'`);
      const inbox = jobs.map((job) => JSON.parse(job.payload)).find((m) => m.type === 'inbox' && m.activity?.type === 'Create');
      delivered = inbox;
      return inbox !== undefined;
    });
    assert.equal(delivered!.identifier, null, 'to the shared inbox');
    const article = delivered!.activity.object;
    assert.equal(article.id, `${a.origin}/ap/articles/${(await query<{ id: number }>(a.database, sql`SELECT id FROM articles WHERE slug = ${slug}`))[0]!.id}`);
    assert.equal(article.url, page);
    assert.equal(article.type, 'Article');
    assert.equal(article.name, 'Counting engines');
    assert.equal(article.summary, 'On two of them');
    assert.match(String(article.content), /<em>counting<\/em>/);
    assert.equal(article.attributedTo, `${a.origin}/profile/ada`);
    assert.ok(article.published);

    await ctx.sendActivity({ identifier: 'bob' }, ada, new Undo({ id: new URL(`${bobUri.href}#undo/ada`), actor: bobUri, object: follow }));
    await eventually('ada has no follower', async () => (await followersOfAda()).length === 0);
  });

  test('an unsigned Follow, or one signed with a key that is not bob\'s, gets 401 and stores nothing; signed with his, it is taken', async () => {
    const bobUri = `${b.origin}/profile/bob`;
    const follow = JSON.stringify({
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${bobUri}#follows/forged`,
      type: 'Follow',
      actor: bobUri,
      object: `${a.origin}/profile/ada`,
    });
    const post = () => new Request(`${a.origin}/profile/ada/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body: follow });

    const unsigned = await fetch(post());
    assert.equal(unsigned.status, 401);

    // Signed, under bob's key id, with a key that is not his.
    const forger = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
    const forged = await fetch(await signRequest(post(), forger.privateKey, new URL(`${bobUri}#main-key`)));
    assert.equal(forged.status, 401);

    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await followersOfAda(), []);

    // The same request signed with bob's own key (as B keeps it) is taken: the refusals were the signatures'.
    const [kept] = await query<{ private_key: string }>(b.database, sql`SELECT private_key FROM actor_keys WHERE kind = 'rsa' AND user_id = (SELECT id FROM users WHERE username = 'bob')`);
    const bobsKey = await importJwk(JSON.parse(kept!.private_key) as JsonWebKey, 'private');
    const genuine = await fetch(await signRequest(post(), bobsKey, new URL(`${bobUri}#main-key`)));
    assert.equal(genuine.status, 202);
    await eventually('bob is stored', async () => (await followersOfAda()).length === 1);
  });
});
