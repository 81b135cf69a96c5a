// Activities as Mastodon sends them, saved under fixtures/mastodon/: its
// actor document (publicKey, @context arrays with "toot:" terms, endpoints,
// attachments), its Follow with a bare UUID id, its Undo embedding the
// Follow. A local HTTP server plays the Mastodon server: it serves the actor
// and records what reaches its inboxes. Each activity is signed as Mastodon
// signs (draft-cavage HTTP Signatures, rsa-sha256, with a Digest header) and
// posted to a real Conduit server.
//
// To cover another kind: save its JSON beside the others (placeholders in
// {{…}}), add a case to `cases` in the order it makes sense, with its effect.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import '../../src/federation/node20.js';
import { exportSpki, generateCryptoKeyPair } from '@fedify/fedify';
import { articleObjectUri } from '../../src/federation/paths.js';
import { query, queryOne } from '../support/app.js';
import { eventually, federatingInstance, type FederatingInstance } from '../support/federation.js';
import { signedPost } from '../support/signed-posts.js';
import { testEngine } from '../support/test-database.js';
import { publish, signedUp } from '../support/web.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/mastodon');

interface Received {
  path: string;
  signature: string;
  body: { type?: string; actor?: string; object?: { id?: string; type?: string } | string };
}

let conduit: FederatingInstance;
let remote: Server;
let remoteOrigin: string;
let keys: CryptoKeyPair;
let pem: string;
let article: string;
const received: Received[] = [];

/** A fixture with its placeholders filled for this run. */
function fixture(name: string): string {
  const values: Record<string, string> = {
    REMOTE: remoteOrigin,
    REMOTE_HOST: new URL(remoteOrigin).host,
    CONDUIT_ACTOR: `${conduit.origin}/profile/ada`,
    CONDUIT_HOST: conduit.host,
    CONDUIT_ARTICLE: article,
    // Inside a JSON string: its line breaks escaped.
    PUBLIC_KEY_PEM: JSON.stringify(pem).slice(1, -1),
  };
  return readFileSync(resolve(FIXTURES, name), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in values)) throw new Error(`${name}: no value for {{${key}}}`);
    return values[key]!;
  });
}

before(async () => {
  keys = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
  pem = await exportSpki(keys.publicKey);
  remote = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST') {
        // Fedify signs with RFC 9421 first (Signature-Input), draft-cavage if refused: the key id is in one of them.
        const signature = [request.headers['signature-input'], request.headers.signature].filter(Boolean).join(' ');
        received.push({ path: request.url ?? '', signature, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        return response.writeHead(202).end();
      }
      if (request.url === '/users/alice') return response.writeHead(200, { 'content-type': 'application/activity+json; charset=utf-8' }).end(fixture('actor.json'));
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((done) => remote.listen(0, '127.0.0.1', done));
  remoteOrigin = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;

  conduit = await federatingInstance();
  const ada = await signedUp(conduit.app, 'ada');
  await publish(ada, { title: 'Read on the train', description: 'Long', body: 'A long article.' });
  const { id } = await queryOne<{ id: number }>(conduit.database, sql`SELECT id FROM articles WHERE title = 'Read on the train'`);
  article = articleObjectUri(conduit.origin, Number(id)).href;
});
after(async () => {
  await conduit?.close();
  remote?.close();
});

const followers = () => query<{ actor_id: string; inbox: string; shared_inbox: string | null; follow_id: string | null; handle: string | null; url: string | null }>(
  conduit.database,
  sql`SELECT actor_id, inbox, shared_inbox, follow_id, handle, url FROM remote_followers`,
);

interface Case {
  fixture: string;
  /** Mastodon posts to the recipient's own inbox when it addresses one account, to the shared inbox otherwise. */
  inbox: 'personal' | 'shared';
  /** What Conduit does with it; absent: Conduit does not act on this kind yet, and only takes it (202). */
  effect?: (activity: Record<string, unknown>) => Promise<void>;
}

const cases: Case[] = [
  {
    fixture: 'follow.json',
    inbox: 'personal',
    effect: async (follow) => {
      await eventually('alice is stored as a follower', async () => (await followers()).length === 1);
      assert.deepEqual(await followers(), [
        {
          actor_id: `${remoteOrigin}/users/alice`,
          inbox: `${remoteOrigin}/users/alice/inbox`,
          shared_inbox: `${remoteOrigin}/inbox`,
          follow_id: follow.id,
          handle: `@alice@${new URL(remoteOrigin).host}`,
          url: `${remoteOrigin}/@alice`,
        },
      ]);
      // The Accept reaches her server, signed, naming her Follow as Mastodon matches it (by id).
      await eventually('the Accept reaches alice', async () => received.some((r) => r.body.type === 'Accept'));
      const accept = received.find((r) => r.body.type === 'Accept')!;
      assert.equal(accept.path, '/users/alice/inbox');
      assert.match(accept.signature, /keyid="[^"]+\/profile\/ada#/i);
      assert.equal(accept.body.actor, `${conduit.origin}/profile/ada`);
      assert.equal(typeof accept.body.object === 'object' ? accept.body.object.id : accept.body.object, follow.id);
    },
  },
  {
    fixture: 'undo-follow.json',
    inbox: 'personal',
    effect: async () => {
      await eventually('alice is no longer a follower', async () => (await followers()).length === 0);
    },
  },
  // Kinds Conduit does not act on yet: taken as Mastodon sends them (signature, JSON-LD) and nothing else.
  { fixture: 'like.json', inbox: 'personal' },
  { fixture: 'announce.json', inbox: 'shared' },
  { fixture: 'create-note.json', inbox: 'shared' },
  { fixture: 'delete-actor.json', inbox: 'shared' },
];

describe(`Mastodon-shaped activities (${testEngine})`, () => {
  test('the actor fixture is served as Mastodon serves it', async () => {
    const ctx = conduit.federation.createContext(new URL(conduit.origin));
    const alice = await ctx.lookupObject(`${remoteOrigin}/users/alice`);
    assert.equal(alice?.id?.href, `${remoteOrigin}/users/alice`);
  });

  for (const c of cases) {
    test(`${c.fixture}: taken${c.effect ? ', and it takes effect' : ''}`, async () => {
      const body = fixture(c.fixture);
      const activity = JSON.parse(body) as Record<string, unknown>;
      const inbox = c.inbox === 'personal' ? `${conduit.origin}/profile/ada/inbox` : `${conduit.origin}/inbox`;
      const request = await signedPost(inbox, body, keys.privateKey, `${remoteOrigin}/users/alice#main-key`);
      assert.match(request.headers.get('signature') ?? '', /algorithm="rsa-sha256"/);
      assert.match(request.headers.get('digest') ?? '', /^SHA-256=/);
      const response = await fetch(request);
      assert.equal(response.status, 202, `${c.fixture}: ${await response.text()}`);
      await c.effect?.(activity);
    });
  }
});
