// Inbox posts are limited per remote server, by the host of the key that
// signed them, with counters in the database (every process counts against
// one limit). Past the limit: 429 with Retry-After, and Fedify never sees
// the post, so nothing is stored. Posts with a forged signature are not
// counted, so nobody can spend another server's allowance.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import '../../src/federation/node20.js';
import { generateCryptoKeyPair } from '@fedify/fedify';
import { loadConfig } from '../../src/config.js';
import { query } from '../support/app.js';
import { federatingInstance, type FederatingInstance } from '../support/federation.js';
import { signedPost, storedRsaKey } from '../support/signed-posts.js';
import { testEngine } from '../support/test-database.js';
import { signedUp } from '../support/web.js';

let a: FederatingInstance;
let b: FederatingInstance;

before(async () => {
  [a, b] = await Promise.all([federatingInstance({ FEDERATION_INBOX_RATE_LIMIT: '2' }), federatingInstance()]);
  await signedUp(a.app, 'ada');
  await signedUp(b.app, 'bob');
});
after(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

describe(`inbox posts per remote server (${testEngine})`, () => {
  test('300 a minute unless FEDERATION_INBOX_RATE_LIMIT says otherwise', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test' }).federation?.inboxPerMinute, 300);
    assert.equal(loadConfig({ NODE_ENV: 'test', FEDERATION_INBOX_RATE_LIMIT: '20' }).federation?.inboxPerMinute, 20);
    assert.throws(() => loadConfig({ NODE_ENV: 'test', FEDERATION_INBOX_RATE_LIMIT: '0' }), /FEDERATION_INBOX_RATE_LIMIT/);
  });

  test('past the limit, a signed post gets 429 with Retry-After and stores nothing; forged posts spend nothing', async () => {
    const bobUri = `${b.origin}/profile/bob`;
    const key = await storedRsaKey(b, 'bob');
    const activity = (id: string, object: string) => ({ '@context': 'https://www.w3.org/ns/activitystreams', id: `${bobUri}#${id}`, type: 'Follow', actor: bobUri, object });

    // Forged (a key that is not bob's): refused by Fedify, and not counted.
    const forger = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
    for (let i = 0; i < 3; i++) {
      const forged = await fetch(await signedPost(`${a.origin}/inbox`, activity(`forged-${i}`, `${a.origin}/profile/nobody`), forger.privateKey, `${bobUri}#main-key`));
      assert.equal(forged.status, 401);
    }

    // Two genuine posts (Follows of nobody here: taken, and change nothing) use up the minute.
    for (let i = 0; i < 2; i++) {
      const taken = await fetch(await signedPost(`${a.origin}/inbox`, activity(`nobody-${i}`, `${a.origin}/profile/nobody`), key, `${bobUri}#main-key`));
      assert.equal(taken.status, 202);
    }
    const [counter] = await query<{ count: number }>(a.database, sql`SELECT count FROM counters WHERE key = ${`federation-inbox:${b.host}`}`);
    assert.equal(Number(counter?.count), 2);

    const refused = await fetch(await signedPost(`${a.origin}/profile/ada/inbox`, activity('ada', `${a.origin}/profile/ada`), key, `${bobUri}#main-key`));
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${retryAfter}`);

    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await query(a.database, sql`SELECT actor_id FROM remote_followers`), []);
    const inboxJobs = await query<{ payload: string }>(a.database, sql`SELECT payload FROM jobs WHERE name = 'federation'`);
    assert.ok(!inboxJobs.some((job) => job.payload.includes(`${bobUri}#ada`)), 'the refused Follow never reached the queue');

    // Another server (another key host) is not held back by B's count: refused for its signature, not its rate.
    const other = await fetch(await signedPost(`${a.origin}/inbox`, activity('other', `${a.origin}/profile/nobody`), forger.privateKey, `http://127.0.0.2:9/actor#main-key`));
    assert.notEqual(other.status, 429);
  });
});
