// A deleted account tells the fediverse: one Delete of the actor, signed
// with the account's own key (which the deletion removes), reaches each
// server that followed it, once per shared inbox. The followers' server is a
// small local one that records what it is sent; the signature is checked
// with the public key the account had, as Mastodon checks it with the key it
// already holds. An account nobody on the fediverse follows sends nothing.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import '../../src/federation/node20.js';
import { importJwk, verifyRequest } from '@fedify/fedify';
import { CryptographicKey } from '@fedify/vocab';
import { execute, query, queryOne } from '../support/app.js';
import { freePort } from '../support/cluster.js';
import { eventually, federatingInstance, type FederatingInstance } from '../support/federation.js';
import { testEngine } from '../support/test-database.js';
import { signedUp } from '../support/web.js';

let a: FederatingInstance;
let sink: Server;
let remote: string;
const received: Request[] = [];

before(async () => {
  a = await federatingInstance();
  sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      received.push(new Request(`${remote}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
      res.writeHead(202).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => sink.listen(port, '127.0.0.1', resolve));
  remote = `http://127.0.0.1:${port}`;
});
after(async () => {
  await a?.close();
  await new Promise((resolve) => sink?.close(resolve));
});

const follow = (username: string, actor: string, inbox: string, sharedInbox: string | null) =>
  execute(
    a.database,
    sql`INSERT INTO remote_followers (user_id, actor_id, inbox, shared_inbox, created_at)
        VALUES ((SELECT id FROM users WHERE username = ${username}), ${actor}, ${inbox}, ${sharedInbox}, 1)`,
  );

describe(`a deleted account, on the fediverse (${testEngine})`, () => {
  test('its followers are sent one signed Delete of the actor per server inbox; its keys and followers are gone here', async () => {
    const ada = await signedUp(a.app, 'ada');
    const actor = `${a.origin}/profile/ada`;
    // Asking for the actor makes and keeps its keys, as a follower's server does before following.
    assert.equal((await fetch(actor, { headers: { accept: 'application/activity+json' } })).status, 200);
    const { public_key: publicJwk } = await queryOne<{ public_key: string }>(
      a.database,
      sql`SELECT public_key FROM actor_keys WHERE kind = 'rsa' AND user_id = (SELECT id FROM users WHERE username = 'ada')`,
    );
    const key = new CryptographicKey({ id: new URL(`${actor}#main-key`), owner: new URL(actor), publicKey: await importJwk(JSON.parse(publicJwk) as JsonWebKey, 'public') });
    // Two readers on one server with a shared inbox, one on a server without.
    await follow('ada', `${remote}/users/one`, `${remote}/users/one/inbox`, `${remote}/inbox`);
    await follow('ada', `${remote}/users/two`, `${remote}/users/two/inbox`, `${remote}/inbox`);
    await follow('ada', `${remote}/solo`, `${remote}/solo/inbox`, null);

    await ada.get('/settings/delete');
    assert.equal((await ada.post('/settings/delete', { _csrf: ada.csrf() })).statusCode, 303);
    assert.deepEqual(await query(a.database, sql`SELECT 1 FROM users WHERE username = 'ada'`), []);
    assert.deepEqual(await query(a.database, sql`SELECT 1 FROM actor_keys`), []);
    assert.deepEqual(await query(a.database, sql`SELECT 1 FROM remote_followers`), []);

    await eventually('both inboxes receive the Delete', async () => received.length >= 2, 20_000);
    assert.deepEqual(received.map((r) => new URL(r.url).pathname).sort(), ['/inbox', '/solo/inbox']);
    for (const request of received) {
      const body = (await request.clone().json()) as { type: string; actor: string; object: string };
      assert.equal(body.type, 'Delete');
      assert.equal(body.actor, actor);
      assert.equal(body.object, actor);
      // Verified with the key the account had, without fetching anything (the actor is gone).
      const verified = await verifyRequest(request, {
        keyCache: { get: async (id) => (id.href === key.id!.href ? key : null), set: async () => {} },
        documentLoader: async (url) => {
          throw new Error(`no fetch expected: ${url}`);
        },
      });
      assert.equal(verified?.id?.href, `${actor}#main-key`);
    }
    // Sent, the jobs keep no private key: not the deletion's, nor the deliveries' (Fedify puts the keys in each).
    await eventually('the deliveries end', async () => (await query(a.database, sql`SELECT 1 FROM jobs WHERE name IN ('federation', 'federate-account-deletion') AND state IN ('waiting', 'running')`)).length === 0, 20_000);
    const ended = await query<{ name: string; payload: string }>(a.database, sql`SELECT name, payload FROM jobs WHERE name IN ('federation', 'federate-account-deletion')`);
    assert.ok(ended.some((job) => job.name === 'federate-account-deletion') && ended.some((job) => job.payload.includes('"outbox"')), ended.map((j) => j.name).join());
    for (const job of ended) assert.ok(!/"keys"|PRIVATE KEY|"d":/.test(job.payload), `${job.name} keeps a key: ${job.payload.slice(0, 200)}`);
  });

  test('an account without fediverse followers sends nothing and leaves no job', async () => {
    const bea = await signedUp(a.app, 'bea');
    const before = received.length;
    await bea.get('/settings/delete');
    assert.equal((await bea.post('/settings/delete', { _csrf: bea.csrf() })).statusCode, 303);
    assert.deepEqual(await query(a.database, sql`SELECT 1 FROM jobs WHERE name = 'federate-account-deletion' AND payload LIKE '%"bea"%'`), []);
    assert.equal(received.length, before);
  });
});
