// Remote documents are fetched within limits, and never from private or
// loopback addresses in production. A real HTTP server on loopback plays the
// remote: slow to answer, slow to finish, too large (declared or not), or a
// plain actor; it counts the requests that reached it.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import '../../src/federation/node20.js';
import { exportSpki, FetchError, generateCryptoKeyPair } from '@fedify/fedify';
import { Create, Note, Person } from '@fedify/vocab';
import { DEFAULT_LIMITS, limitedDocumentLoader, type LoaderLimits } from '../../src/federation/document-loaders.js';
import { createTestApp, query, type TestApp } from '../support/app.js';
import { eventually, federatingInstance, type FederatingInstance } from '../support/federation.js';
import { signedPost } from '../support/signed-posts.js';
import { testEngine } from '../support/test-database.js';
import { signedUp } from '../support/web.js';

const MIB = 1024 * 1024;
let server: Server;
let port: number;
let hits: string[] = [];
let keys: CryptoKeyPair;
const actorUrl = (host = '127.0.0.1') => `http://${host}:${port}/actor`;

function actorDocument(host: string) {
  return {
    '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
    id: `http://${host}:${port}/actor`,
    type: 'Person',
    preferredUsername: 'remote',
    inbox: `http://${host}:${port}/actor/inbox`,
    publicKey: { id: `http://${host}:${port}/actor#main-key`, owner: `http://${host}:${port}/actor`, publicKeyPem: PEM },
  };
}
let PEM = '';

before(async () => {
  keys = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
  PEM = await exportSpki(keys.publicKey);
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const json = { 'content-type': 'application/activity+json' };
    if (request.url === '/slow') {
      setTimeout(() => response.writeHead(200, json).end(JSON.stringify(actorDocument('127.0.0.1'))), 3000).unref();
    } else if (request.url === '/slow-body') {
      response.writeHead(200, json);
      response.write('{"@context": "https://www.w3.org/ns/activitystreams", "type": "Person", "name": "');
      const drip = setInterval(() => response.write('a'), 100);
      drip.unref();
      response.on('close', () => clearInterval(drip));
    } else if (request.url === '/huge') {
      // No Content-Length: only counting the bytes finds out.
      response.writeHead(200, json);
      response.write('{"@context": "https://www.w3.org/ns/activitystreams", "type": "Person", "name": "');
      response.end(`${'a'.repeat(2 * MIB)}"}`);
    } else if (request.url === '/huge-declared') {
      response.writeHead(200, { ...json, 'content-length': String(2 * MIB) });
      response.end('a'.repeat(2 * MIB));
    } else {
      const host = (request.headers.host ?? '').replace(/:\d+$/, '');
      response.writeHead(200, json).end(JSON.stringify(actorDocument(host)));
    }
  });
  // Both loopbacks, so a request to ::1 would be counted too.
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const limits = (overrides: Partial<LoaderLimits> = {}): LoaderLimits => ({
  timeoutMs: 400,
  maxBytes: 64 * 1024,
  maxRedirects: 5,
  allowPrivateAddress: true,
  isBlocked: async () => false,
  ...overrides,
});

async function refusedWithin(ms: number, attempt: Promise<unknown>): Promise<unknown> {
  const started = performance.now();
  const error = await attempt.then(
    () => assert.fail('the load succeeded'),
    (e: unknown) => e,
  );
  const took = performance.now() - started;
  assert.ok(took < ms, `refused after ${Math.round(took)} ms`);
  return error;
}

describe('the document loader', () => {
  test('loads a document within the limits', async () => {
    const doc = await limitedDocumentLoader(limits())(actorUrl());
    assert.equal((doc.document as { id: string }).id, actorUrl());
  });

  test('gives up on a server slow to answer, or slow to finish, at its time limit', async () => {
    await refusedWithin(1500, limitedDocumentLoader(limits())(`http://127.0.0.1:${port}/slow`));
    await refusedWithin(1500, limitedDocumentLoader(limits())(`http://127.0.0.1:${port}/slow-body`));
  });

  test('refuses a body past its size limit, declared or not', async () => {
    for (const path of ['/huge', '/huge-declared']) {
      const error = await refusedWithin(5000, limitedDocumentLoader(limits())(`http://127.0.0.1:${port}${path}`));
      assert.ok(error instanceof FetchError, String(error));
      assert.match(error.message, /larger than 65536 bytes/);
    }
  });

  test('without private addresses allowed, never connects to loopback or private hosts; a blocked host is not fetched', async () => {
    hits = [];
    const strict = limitedDocumentLoader(limits({ allowPrivateAddress: false }));
    for (const url of [actorUrl(), actorUrl('[::1]'), actorUrl('localhost'), 'http://10.0.0.1/actor', 'http://192.168.1.1/actor', 'http://169.254.169.254/latest/meta-data']) {
      await assert.rejects(strict(url), Error, url);
    }
    await assert.rejects(limitedDocumentLoader(limits({ isBlocked: async (host) => host.startsWith('127.0.0.1') }))(actorUrl()), /blocked/);
    assert.deepEqual(hits, []);
  });

  test('the defaults are 10 seconds and 1 MiB', () => {
    assert.equal(DEFAULT_LIMITS.timeoutMs, 10_000);
    assert.equal(DEFAULT_LIMITS.maxBytes, MIB);
  });
});

describe(`the federation fetches through it (${testEngine})`, () => {
  let t: FederatingInstance;
  before(async () => {
    t = await federatingInstance();
  });
  after(() => t.close());

  test('a lookup of a document past 1 MiB finds nothing; a small one is found', async () => {
    const ctx = t.federation.createContext(new URL(t.origin));
    assert.equal(await ctx.lookupObject(`http://127.0.0.1:${port}/huge`).catch(() => null), null);
    assert.ok((await ctx.lookupObject(actorUrl())) instanceof Person);
  });
});

describe(`in production, remote fetches never reach private or loopback addresses (${testEngine})`, () => {
  const ORIGIN = 'https://conduit.example';
  let prod: TestApp;
  let allowed: TestApp;
  before(async () => {
    [prod, allowed] = await Promise.all([
      createTestApp({ NODE_ENV: 'production', PUBLIC_URL: ORIGIN, LOG_LEVEL: 'silent' }),
      createTestApp({ NODE_ENV: 'production', PUBLIC_URL: ORIGIN, LOG_LEVEL: 'silent', FEDERATION_ALLOW_PRIVATE: '1' }),
    ]);
    await Promise.all([signedUp(prod.app, 'ada'), signedUp(allowed.app, 'ada')]);
  });
  after(async () => {
    await Promise.all([prod?.close(), allowed?.close()]);
  });

  /** A Follow of ada signed by the loopback actor, posted to `t`'s inbox as its server would receive it. */
  async function postFollow(t: TestApp) {
    const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${actorUrl()}#follows/ada`, type: 'Follow', actor: actorUrl(), object: `${ORIGIN}/profile/ada` };
    const signed = await signedPost(`${ORIGIN}/profile/ada/inbox`, follow, keys.privateKey, `${actorUrl()}#main-key`);
    return t.app.inject({ method: 'POST', url: '/profile/ada/inbox', headers: Object.fromEntries(signed.headers), payload: await signed.text() });
  }

  test('a lookup of a loopback, IPv6 loopback, private, or localhost URL is refused before any request', async () => {
    hits = [];
    const ctx = prod.app.federation!.createContext(new URL(ORIGIN));
    for (const url of [actorUrl(), actorUrl('[::1]'), actorUrl('localhost'), 'http://10.0.0.1/actor', 'http://[fd00::1]/actor']) {
      assert.equal(await ctx.lookupObject(url).catch(() => null), null, url);
    }
    assert.deepEqual(hits, []);
  });

  test('a signed Follow from a loopback actor is refused (its key is never fetched) and nothing is stored', async () => {
    hits = [];
    const res = await postFollow(prod);
    assert.equal(res.statusCode, 401);
    assert.deepEqual(hits, []);
    assert.deepEqual(await query(prod.database, sql`SELECT actor_id FROM remote_followers`), []);
    assert.deepEqual(await query(prod.database, sql`SELECT id FROM jobs WHERE name = 'federation'`), []);
  });

  test('a delivery to an inbox on a loopback address, as a remote actor may name one, is dropped by the queue', async () => {
    hits = [];
    const ctx = prod.app.federation!.createContext(new URL(ORIGIN));
    const ada = ctx.getActorUri('ada');
    const note = new Note({ id: new URL(`${ORIGIN}/profile/ada#notes/private`), attribution: ada, content: 'To a private inbox' });
    await ctx.sendActivity({ identifier: 'ada' }, { id: new URL(actorUrl()), inboxId: new URL(`${actorUrl()}/inbox`) }, new Create({ id: new URL(`${ORIGIN}/profile/ada#create/private`), actor: ada, object: note }));
    const queue = new AbortController();
    const listening = prod.app.federation!.startQueue(undefined, { signal: queue.signal });
    try {
      await eventually('the delivery has run', async () => {
        const jobs = await query<{ state: string; payload: string }>(prod.database, sql`SELECT state, payload FROM jobs WHERE name = 'federation'`);
        return jobs.some((job) => job.payload.includes('"outbox"') && job.state === 'done');
      });
    } finally {
      queue.abort();
      await listening;
    }
    assert.deepEqual(hits, []);
  });

  test('FEDERATION_ALLOW_PRIVATE=1 lets the same lookup and Follow through', async () => {
    hits = [];
    const ctx = allowed.app.federation!.createContext(new URL(ORIGIN));
    assert.ok((await ctx.lookupObject(actorUrl())) instanceof Person);
    assert.equal((await postFollow(allowed)).statusCode, 202);
    assert.ok(hits.length >= 1);
  });
});
