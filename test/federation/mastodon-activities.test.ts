// Activities as Mastodon sends them, saved under fixtures/mastodon/: its
// actor document (publicKey, @context arrays with "toot:" terms, endpoints,
// attachments), its Follow with a bare UUID id, its Undo embedding the
// Follow or the Like, its Like (no addressing), its Announce (Public, cc), its
// reply (inReplyTo, Mention tags, contentMap, conversation, atomUri), and the
// Delete of the account with its LD signature. A local HTTP server plays the
// Mastodon server: it serves the actor and records what reaches its inboxes.
// Each activity is signed as Mastodon signs (draft-cavage HTTP Signatures,
// rsa-sha256, with a Digest header) and posted to a real Conduit server; each
// has its effect asserted on the article page and in the database.
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
import { exportSpki, generateCryptoKeyPair, signJsonLd } from '@fedify/fedify';
import { articleObjectUri } from '../../src/federation/paths.js';
import { query, queryOne } from '../support/app.js';
import { eventually, federatingInstance, type FederatingInstance } from '../support/federation.js';
import { signedPost } from '../support/signed-posts.js';
import { testEngine } from '../support/test-database.js';
import { Browser, press, publish, signedUp } from '../support/web.js';

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
let slug: string;
let ada: Browser;
const received: Received[] = [];

/** A fixture with its placeholders filled for this run. */
function fixture(name: string): string {
  const values: Record<string, string> = {
    REMOTE: remoteOrigin,
    REMOTE_HOST: new URL(remoteOrigin).host,
    CONDUIT_ACTOR: `${conduit.origin}/profile/ada`,
    CONDUIT_OTHER: `${conduit.origin}/profile/cy`,
    CONDUIT_HOST: conduit.host,
    CONDUIT_ARTICLE: article,
    // Inside a JSON string: its line breaks escaped.
    PUBLIC_KEY_PEM: JSON.stringify(pem).slice(1, -1),
    // Made when the activity is signed (`ldSigned`).
    LD_SIGNATURE: '',
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
  ada = await signedUp(conduit.app, 'ada');
  await signedUp(conduit.app, 'cy');
  slug = await publish(ada, { title: 'Read on the train', description: 'Long', body: 'A long article.' });
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

const page = () => `/article/${encodeURIComponent(slug)}`;
/** The fediverse line of the article as a signed-out reader sees it (the kept page), or null when there is none. */
const reactionLine = async () => /<p class="fediverse-reactions">([^<]*)<\/p>/.exec((await new Browser(conduit.app).get(page())).body)?.[1] ?? null;
const aliceReplies = () => query<{ approved_at: number | null }>(conduit.database, sql`SELECT approved_at FROM remote_comments`);
const notificationsOf = (username: string) =>
  query<{ kind: string }>(conduit.database, sql`SELECT n.kind FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE u.username = ${username}`);

interface Case {
  fixture: string;
  /** Mastodon posts to the recipient's own inbox when it addresses one account, to the shared inbox otherwise. */
  inbox: 'personal' | 'shared';
  /** What Conduit does with it. */
  effect: (activity: Record<string, unknown>) => Promise<void>;
  /** Signed with an LD signature in the body too, as Mastodon signs a Delete of an account (it is relayed). */
  ldSigned?: boolean;
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
  {
    fixture: 'like.json',
    inbox: 'personal',
    effect: async () => {
      await eventually('the favorite is counted on the article', async () => (await reactionLine()) === '1 fediverse favorite · 0 boosts');
    },
  },
  {
    fixture: 'announce.json',
    inbox: 'shared',
    effect: async () => {
      await eventually('the boost is counted on the article', async () => (await reactionLine()) === '1 fediverse favorite · 1 boost');
    },
  },
  {
    fixture: 'undo-like.json',
    inbox: 'personal',
    effect: async () => {
      await eventually('the favorite is taken back', async () => (await reactionLine()) === '0 fediverse favorites · 1 boost');
    },
  },
  {
    fixture: 'create-note.json',
    inbox: 'shared',
    effect: async () => {
      await eventually('the reply is stored', async () => (await aliceReplies()).length === 1);
      assert.deepEqual(await aliceReplies(), [{ approved_at: null }], 'it waits for approval');
      assert.doesNotMatch((await new Browser(conduit.app).get(page())).body, /Lovely piece/, 'shown to nobody else meanwhile');
      const own = (await ada.get(page())).body;
      assert.match(own, /Replies from the fediverse waiting for approval[\s\S]*Lovely piece, thank you\./);
      assert.deepEqual(await notificationsOf('cy'), [], 'nobody is notified of a waiting reply');
      // Approved, it shows; its author is notified of a comment, and cy, tagged in it, of a mention.
      const id = /fediverse-replies\/(\d+)\/approve/.exec(own)?.[1];
      assert.equal((await press(ada, page(), `${page()}/fediverse-replies/${id}/approve`)).statusCode, 303);
      assert.match((await new Browser(conduit.app).get(page())).body, /Lovely piece, thank you\./);
      assert.deepEqual(await notificationsOf('ada'), [{ kind: 'comment' }]);
      assert.deepEqual(await notificationsOf('cy'), [{ kind: 'mention' }]);
    },
  },
  {
    fixture: 'delete-actor.json',
    inbox: 'shared',
    ldSigned: true,
    effect: async () => {
      await eventually('alice is forgotten', async () => (await query(conduit.database, sql`SELECT 1 FROM remote_actors`)).length === 0);
      assert.equal(await reactionLine(), null, 'her boost went with her');
      assert.deepEqual(await aliceReplies(), [], 'and her reply');
      assert.doesNotMatch((await new Browser(conduit.app).get(page())).body, /Lovely piece/);
      assert.deepEqual(await notificationsOf('cy'), [], 'and what it notified');
    },
  },
];

/** The body as Mastodon relays a Delete of an account: its LD signature (RsaSignature2017) made with alice's key. */
async function withLdSignature(body: string): Promise<string> {
  const shaped = JSON.parse(body) as Record<string, unknown>;
  const { signature: placeholder, ...unsigned } = shaped as { signature: Record<string, unknown> };
  const signed = (await signJsonLd(unsigned, keys.privateKey, new URL(`${remoteOrigin}/users/alice#main-key`), {})) as unknown as { signature: Record<string, unknown> };
  // Mastodon sends the signature's options without the @context they were normalised under (identity/v1).
  delete signed.signature['@context'];
  // The fixture's signature object has the shape Mastodon sends: the same fields, the same type and creator.
  assert.deepEqual(Object.keys(signed.signature).sort(), Object.keys(placeholder).sort());
  assert.equal(signed.signature.type, placeholder.type);
  assert.equal(signed.signature.creator, placeholder.creator);
  return JSON.stringify(signed);
}

describe(`Mastodon-shaped activities (${testEngine})`, () => {
  test('the actor fixture is served as Mastodon serves it', async () => {
    const ctx = conduit.federation.createContext(new URL(conduit.origin));
    const alice = await ctx.lookupObject(`${remoteOrigin}/users/alice`);
    assert.equal(alice?.id?.href, `${remoteOrigin}/users/alice`);
  });

  for (const c of cases) {
    test(`${c.fixture}: taken, and it takes effect`, async () => {
      const body = c.ldSigned ? await withLdSignature(fixture(c.fixture)) : fixture(c.fixture);
      const activity = JSON.parse(body) as Record<string, unknown>;
      const inbox = c.inbox === 'personal' ? `${conduit.origin}/profile/ada/inbox` : `${conduit.origin}/inbox`;
      const request = await signedPost(inbox, body, keys.privateKey, `${remoteOrigin}/users/alice#main-key`);
      assert.match(request.headers.get('signature') ?? '', /algorithm="rsa-sha256"/);
      assert.match(request.headers.get('digest') ?? '', /^SHA-256=/);
      const response = await fetch(request);
      assert.equal(response.status, 202, `${c.fixture}: ${await response.text()}`);
      await c.effect(activity);
    });
  }
});
