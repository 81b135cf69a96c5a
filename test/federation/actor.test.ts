// Every author is an actor: the profile URL answers browsers with the page
// (showing the handle) and ActivityPub clients with the Person; WebFinger and
// NodeInfo answer for the site; keys are made once. FEDERATION=off answers
// none of it. Production refuses to fetch private addresses.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, execute, query, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';
import { publish, signedUp, type Browser } from '../support/web.js';
import { jobCatalog } from '../../src/jobs/catalog.js';
import { runDue } from '../../src/jobs/runner.js';

const ORIGIN = 'https://conduit.example';
let t: TestApp;
let adaBrowser: Browser;

before(async () => {
  t = await createTestApp({ PUBLIC_URL: ORIGIN });
  adaBrowser = await signedUp(t.app, 'ada');
  await execute(t.database, sql`UPDATE users SET bio = 'Counts things.', image = 'https://img.example/ada.png' WHERE username = 'ada'`);
});
after(() => t.close());

const actor = async (accept = 'application/activity+json') => t.app.inject({ url: '/profile/ada', headers: { accept } });

describe(`authors as actors (${testEngine})`, () => {
  test('the profile page shows the handle, and varies by Accept', async () => {
    const page = await t.app.inject({ url: '/profile/ada', headers: { accept: 'text/html' } });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /@ada@conduit\.example/);
    assert.match(String(page.headers.vary), /Accept/);
  });

  test('asked for as ActivityPub, the profile URL is the Person', async () => {
    for (const accept of ['application/activity+json', 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"']) {
      const response = await actor(accept);
      assert.equal(response.statusCode, 200, accept);
      assert.match(response.headers['content-type'] as string, /application\/activity\+json/);
      const person = response.json();
      assert.equal(person.type, 'Person');
      assert.equal(person.id, `${ORIGIN}/profile/ada`);
      assert.equal(person.preferredUsername, 'ada');
      assert.equal(person.name, 'ada');
      assert.equal(person.summary, 'Counts things.');
      assert.equal(person.icon?.url, 'https://img.example/ada.png');
      assert.equal(person.url, `${ORIGIN}/profile/ada`);
      assert.equal(person.inbox, `${ORIGIN}/profile/ada/inbox`);
      assert.equal(person.outbox, `${ORIGIN}/profile/ada/outbox`);
      assert.equal(person.followers, `${ORIGIN}/profile/ada/followers`);
      assert.equal(person.endpoints?.sharedInbox, `${ORIGIN}/inbox`);
      assert.match(person.publicKey?.publicKeyPem, /BEGIN PUBLIC KEY/);
      assert.equal(person.assertionMethod.length, 2);
    }
  });

  test("the keys are made once, kept per author, and the same on every read", async () => {
    const first = (await actor()).json();
    const second = (await actor()).json();
    assert.equal(first.publicKey.publicKeyPem, second.publicKey.publicKeyPem);
    assert.deepEqual(first.assertionMethod, second.assertionMethod);
    const kept = await query<{ kind: string }>(t.database, sql`SELECT kind FROM actor_keys WHERE user_id = (SELECT id FROM users WHERE username = 'ada') ORDER BY kind`);
    assert.deepEqual(kept.map((k) => k.kind), ['ed25519', 'rsa']);
  });

  test('an unknown author is a 404 either way', async () => {
    assert.equal((await t.app.inject({ url: '/profile/nobody', headers: { accept: 'application/activity+json' } })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/profile/nobody' })).statusCode, 404);
  });

  test('WebFinger answers acct:username@host for the host of PUBLIC_URL only', async () => {
    const finger = (resource: string) => t.app.inject({ url: `/.well-known/webfinger?resource=${encodeURIComponent(resource)}` });
    const found = await finger('acct:ADA@conduit.example');
    assert.equal(found.statusCode, 200);
    assert.ok(found.json().links.some((l: { rel: string; href: string }) => l.rel === 'self' && l.href === `${ORIGIN}/profile/ada`));
    assert.equal((await finger('acct:ada@elsewhere.example')).statusCode, 404);
    assert.equal((await finger('acct:nobody@conduit.example')).statusCode, 404);
  });

  test('NodeInfo 2.1 is linked from /.well-known/nodeinfo and counts the site', async () => {
    const links = (await t.app.inject({ url: '/.well-known/nodeinfo' })).json();
    assert.equal(links.links[0].href, `${ORIGIN}/nodeinfo/2.1`);
    const info = (await t.app.inject({ url: '/nodeinfo/2.1' })).json();
    assert.equal(info.version, '2.1');
    assert.equal(info.software.name, 'conduit');
    assert.deepEqual(info.protocols, ['activitypub']);
    assert.equal(info.usage.users.total, 1);
  });

  test("publishing to followers only enqueues: the request never waits on a follower's server", async () => {
    // A follower whose server is dead (nothing listens on port 9), and no queue running here.
    await execute(t.database, sql`INSERT INTO remote_followers (user_id, actor_id, inbox, shared_inbox, created_at) SELECT id, 'http://127.0.0.1:9/u/x', 'http://127.0.0.1:9/u/x/inbox', 'http://127.0.0.1:9/inbox', 1 FROM users WHERE username = 'ada'`);
    const slug = await publish(adaBrowser, { title: 'Heard far away', body: 'Hello.' });
    assert.equal((await t.app.inject({ url: `/article/${slug}` })).statusCode, 200);
    // The request wrote one job, in the article's own transaction.
    const handOver = await query<{ name: string }>(t.database, sql`SELECT name FROM jobs WHERE name = 'federate-publication' AND state = 'waiting'`);
    assert.equal(handOver.length, 1);
    // That job, run, enqueues Fedify's delivery of the Create: still nothing sent.
    const ran = await runDue({ db: t.database.db, kinds: jobCatalog(t.app.services, t.config), now: t.app.services.now });
    assert.deepEqual(ran.filter((o) => o.name === 'federate-publication').map((o) => o.result), ['done']);
    const waiting = await query<{ payload: string }>(t.database, sql`SELECT payload FROM jobs WHERE name = 'federation' AND state = 'waiting'`);
    assert.equal(waiting.length, 1);
    assert.match(waiting[0]!.payload, /Heard far away/);
    await execute(t.database, sql`DELETE FROM remote_followers`);
    await execute(t.database, sql`DELETE FROM jobs WHERE name IN ('federation', 'federate-publication')`);
  });

  test('pages and the API are still answered by Fastify', async () => {
    assert.equal((await t.app.inject({ url: '/profile/ada/favorites', headers: { accept: 'application/activity+json' } })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/api/profiles/ada', headers: { accept: 'application/json' } })).json().profile.username, 'ada');
  });
});

describe(`FEDERATION=off (${testEngine})`, () => {
  let off: TestApp;
  before(async () => {
    off = await createTestApp({ PUBLIC_URL: ORIGIN, FEDERATION: 'off' });
    await signedUp(off.app, 'ada');
  });
  after(() => off.close());

  test('no federation path answers, the profile is only a page, and no handle is shown', async () => {
    assert.equal(off.app.federation, null);
    for (const url of ['/.well-known/webfinger?resource=acct:ada@conduit.example', '/.well-known/nodeinfo', '/nodeinfo/2.1', '/profile/ada/outbox']) {
      assert.equal((await off.app.inject({ url })).statusCode, 404, url);
    }
    // A POST to a path without a route is refused as any unknown form is (no CSRF token), never taken.
    const inbox = await off.app.inject({ method: 'POST', url: '/inbox', payload: '{}', headers: { 'content-type': 'application/activity+json' } });
    const unknown = await off.app.inject({ method: 'POST', url: '/no-such-path', payload: '{}', headers: { 'content-type': 'application/activity+json' } });
    assert.equal(inbox.statusCode, unknown.statusCode);
    const profile = await off.app.inject({ url: '/profile/ada', headers: { accept: 'application/activity+json' } });
    assert.doesNotMatch(String(profile.headers['content-type']), /activity\+json/);
    const page = await off.app.inject({ url: '/profile/ada' });
    assert.doesNotMatch(page.body, /@ada@/);
  });
});

describe(`in production, private addresses are never fetched (${testEngine})`, () => {
  let prod: TestApp;
  let hits = 0;
  const server = createServer((_request, response) => {
    hits++;
    response.writeHead(200, { 'content-type': 'application/activity+json' });
    response.end(JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', id: 'x', type: 'Person' }));
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    prod = await createTestApp({ NODE_ENV: 'production', PUBLIC_URL: ORIGIN });
  });
  after(async () => {
    await prod.close();
    server.close();
  });

  test('a lookup of a loopback URL is refused before any request is made', async () => {
    const { port } = server.address() as AddressInfo;
    const ctx = prod.app.federation!.createContext(new URL(ORIGIN));
    const found = await ctx.lookupObject(`http://127.0.0.1:${port}/profile/someone`).catch(() => null);
    assert.equal(found, null);
    assert.equal(hits, 0);
  });

  test('FEDERATION_ALLOW_PRIVATE=1 is the only way to allow them there', async () => {
    const { loadConfig } = await import('../../src/config.js');
    const base = { NODE_ENV: 'production', PUBLIC_URL: ORIGIN, SESSION_SECRET: 'a-test-secret-that-is-long-enough-0123456789' } as const;
    assert.equal(loadConfig(base).federation?.allowPrivateAddress, false);
    assert.equal(loadConfig({ ...base, FEDERATION_ALLOW_PRIVATE: '1' }).federation?.allowPrivateAddress, true);
    assert.equal(loadConfig({ NODE_ENV: 'test' }).federation?.allowPrivateAddress, true);
    assert.equal(loadConfig({ ...base, PUBLIC_URL: undefined as unknown as string }).federation, null);
  });
});
