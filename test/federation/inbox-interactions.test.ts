// The fediverse acting on our articles, between two Conduit instances on
// loopback: bob, on B, favorites and boosts ada's article on A and takes it
// back; he replies, his reply waits until ada approves it, and his next one
// shows at once; a reply she rejects goes; remote HTML is sanitised; a forged
// actor or a Note claiming another author is refused; bob deleting his account
// takes everything he left on A with it. B signs with its own federation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import '../../src/federation/node20.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateCryptoKeyPair, importJwk, signRequest, type Context } from '@fedify/fedify';
import { Announce, Create, Delete, Follow, Like, Note, Person, Undo, Update } from '@fedify/vocab';
import { execute, query } from '../support/app.js';
import { eventually, federatingInstance, type FederatingInstance } from '../support/federation.js';
import { testEngine } from '../support/test-database.js';
import { Browser, press, publish, signedUp } from '../support/web.js';

let a: FederatingInstance;
let b: FederatingInstance;
let ada: Browser;
let slug: string;
let articleUri: URL;
let ctx: Context<void>;
let adaActor: Person;

before(async () => {
  [a, b] = await Promise.all([federatingInstance(), federatingInstance()]);
  ada = await signedUp(a.app, 'ada');
  await signedUp(a.app, 'cy');
  await signedUp(b.app, 'bob');
  await signedUp(b.app, 'dee');
  slug = await publish(ada, { title: 'Replies welcome', description: 'Say so', body: 'Some text.' });
  const [row] = await query<{ id: number }>(a.database, sql`SELECT id FROM articles WHERE slug = ${slug}`);
  articleUri = new URL(`${a.origin}/ap/articles/${row!.id}`);
  ctx = b.federation.createContext(new URL(b.origin));
  const found = await ctx.lookupObject(`${a.origin}/profile/ada`);
  assert.ok(found instanceof Person);
  adaActor = found;
});
after(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

const page = () => `/article/${encodeURIComponent(slug)}`;
/** The article as a signed-out reader sees it (the page that is kept). */
const publicPage = async () => (await new Browser(a.app).get(page())).body;
const reactionLine = (html: string) => /<p class="fediverse-reactions">([^<]*)<\/p>/.exec(html)?.[1] ?? null;
const bobUri = () => ctx.getActorUri('bob');
const send = (activity: Like | Announce | Undo | Create | Update | Delete | Follow, as = 'bob') => ctx.sendActivity({ identifier: as }, adaActor, activity);
const remoteComments = () => query<{ note_uri: string; approved_at: number | null; content: string }>(a.database, sql`SELECT note_uri, approved_at, content FROM remote_comments ORDER BY id`);
/** Every activity B sent has reached A, and A has handled every one (its inbox queue is empty). */
const settled = async () => {
  const pending = (database: FederatingInstance['database']) => query<{ payload: string; state: string }>(database, sql`SELECT payload, state FROM jobs WHERE name = 'federation' AND state <> 'done'`);
  const left = [...(await pending(b.database)), ...(await pending(a.database))];
  return left.length === 0;
};

function reply(id: string, content: string, extra: { by?: URL; url?: URL } = {}) {
  const by = extra.by ?? bobUri();
  const note = new Note({ id: new URL(`${b.origin}/notes/${id}`), attribution: by, replyTarget: articleUri, content, url: extra.url ?? new URL(`${b.origin}/notes/${id}/page`) });
  return new Create({ id: new URL(`${b.origin}/notes/${id}#create`), actor: bobUri(), object: note });
}

describe(`the fediverse on an article (${testEngine})`, () => {
  test('favorites and boosts are counted once per account, shown on the kept page at once, and undone', async () => {
    assert.equal(reactionLine(await publicPage()), null, 'nothing shown before anyone reacts');
    const like = new Like({ id: new URL(`${bobUri().href}#likes/1`), actor: bobUri(), object: articleUri });
    await send(like);
    await send(new Like({ id: new URL(`${bobUri().href}#likes/2`), actor: bobUri(), object: articleUri }));
    await send(new Announce({ id: new URL(`${bobUri().href}#boosts/1`), actor: bobUri(), object: new URL(`${a.origin}${page()}`) }));
    await send(new Like({ id: new URL(`${ctx.getActorUri('dee').href}#likes/1`), actor: ctx.getActorUri('dee'), object: articleUri }), 'dee');
    await eventually('all are handled', settled);
    assert.equal(reactionLine(await publicPage()), '2 fediverse favorites · 1 boost', "bob's second favorite counts once");
    const [actor] = await query<{ handle: string; host: string }>(a.database, sql`SELECT handle, host FROM remote_actors WHERE uri = ${bobUri().href}`);
    assert.deepEqual(actor, { handle: `@bob@${b.host}`, host: b.host });

    await send(new Undo({ id: new URL(`${bobUri().href}#undo/likes/2`), actor: bobUri(), object: like }));
    await eventually('the undone favorite is gone from the kept page', async () => reactionLine(await publicPage()) === '1 fediverse favorite · 1 boost');
  });

  test('a reply waits for the author; approved, it shows, and the same account\'s next reply shows at once; a rejected one goes', async () => {
    await send(reply('1', '<p>Lovely piece.</p>'));
    await eventually('the reply is stored', async () => (await remoteComments()).length === 1);
    assert.equal((await remoteComments())[0]!.approved_at, null);
    assert.doesNotMatch(await publicPage(), /Lovely piece/, 'a waiting reply is shown to nobody else');
    const cy = await signedUp(a.app, 'cyd');
    assert.doesNotMatch((await cy.get(page())).body, /Lovely piece/);
    const own = (await ada.get(page())).body;
    assert.match(own, /Replies from the fediverse waiting for approval[\s\S]*Lovely piece/);
    const id = /fediverse-replies\/(\d+)\/approve/.exec(own)?.[1];
    assert.ok(id);
    // Someone else may not approve it.
    assert.equal((await press(cy, page(), `${page()}/fediverse-replies/${id}/approve`)).statusCode, 403);

    assert.equal((await press(ada, page(), `${page()}/fediverse-replies/${id}/approve`)).statusCode, 303);
    const shown = await publicPage();
    assert.match(shown, /<section class="row fediverse-replies"[\s\S]*<p>Lovely piece\.<\/p>[\s\S]*from the fediverse/);
    assert.match(shown, new RegExp(`href="${bobUri().href}"[^>]*>bob</a>`), 'a link to the author, by their name');

    // bob's new avatar reaches A with his Update, and shows at once on the kept page.
    await execute(b.database, sql`UPDATE users SET image = 'https://img.example/bob.png' WHERE username = 'bob'`);
    const bob = await b.federation.createContext(new Request(`${b.origin}/`), undefined).getActor('bob');
    assert.ok(bob);
    await send(new Update({ id: new URL(`${bobUri().href}#updates/1`), actor: bobUri(), object: bob }));
    await eventually('the new avatar shows', async () => (await publicPage()).includes('src="https://img.example/bob.png"'));

    await send(reply('2', '<p>And another thing.</p>'));
    await eventually('the second reply is stored', async () => (await remoteComments()).length === 2).catch(async (e) => { console.log('DEBUG', await remoteComments(), await query(a.database, sql`SELECT * FROM remote_approvals`), (await query<Record<string, unknown>>(a.database, sql`SELECT * FROM jobs WHERE name = 'federation' ORDER BY id DESC LIMIT 3`)).map((j) => ({ ...j, payload: String(j.payload).slice(0, 80) }))); throw e; });
    await eventually('the second reply shows at once', async () => /And another thing/.test(await publicPage()));

    // Update by its author edits it; Delete removes it.
    await send(new Update({ id: new URL(`${b.origin}/notes/2#update`), actor: bobUri(), object: new Note({ id: new URL(`${b.origin}/notes/2`), attribution: bobUri(), replyTarget: articleUri, content: '<p>On second thoughts.</p>' }) }));
    await eventually('the edit shows', async () => /On second thoughts/.test(await publicPage()));
    await send(new Delete({ id: new URL(`${b.origin}/notes/2#delete`), actor: bobUri(), object: new URL(`${b.origin}/notes/2`) }));
    await eventually('the deleted reply is gone', async () => !/On second thoughts/.test(await publicPage()));

    // dee was never approved: her reply waits, and ada rejects it.
    const dee = ctx.getActorUri('dee');
    await ctx.sendActivity(
      { identifier: 'dee' },
      adaActor,
      new Create({ id: new URL(`${b.origin}/notes/3#create`), actor: dee, object: new Note({ id: new URL(`${b.origin}/notes/3`), attribution: dee, replyTarget: articleUri, content: '<p>Buy my stuff</p>' }) }),
    );
    await eventually('dee\'s reply waits', async () => /Buy my stuff/.test((await ada.get(page())).body));
    const rejected = /fediverse-replies\/(\d+)\/reject/.exec((await ada.get(page())).body)?.[1];
    assert.equal((await press(ada, page(), `${page()}/fediverse-replies/${rejected}/reject`)).statusCode, 303);
    assert.doesNotMatch((await ada.get(page())).body, /Buy my stuff/);
    assert.ok(!(await remoteComments()).some((c) => c.note_uri.endsWith('/notes/3')));
  });

  test('remote HTML is sanitised as our Markdown is: no script, handler or javascript: link survives', async () => {
    await send(reply('4', '<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:alert(2)">x</a> <a href="https://example.com/">ok</a><img src="x" onerror="alert(3)"></p>', { url: new URL('javascript:alert(4)') }));
    await eventually('the reply shows', async () => /example\.com/.test(await publicPage()));
    const html = await publicPage();
    const body = /<div class="remote-comment-body">((?:(?!<\/div>)[\s\S])*example\.com(?:(?!<\/div>)[\s\S])*)<\/div>/.exec(html)?.[1] ?? html;
    assert.doesNotMatch(body, /<script|onclick|onerror|javascript:|alert\(1\)/);
    assert.doesNotMatch(html, /javascript:/, "nor as the Note's own link");
    assert.match(body, /<a href="https:\/\/example\.com\/" rel="nofollow ugc noopener">ok<\/a>/);
    // A shown reply can be taken down by the article's author (or a moderator), and by nobody else.
    const own = (await ada.get(page())).body;
    const id = new RegExp(`fediverse-replies/(\\d+)/reject"[\\s\\S]*?aria-label="Remove the reply by @bob@`).exec(own)?.[1];
    assert.ok(id);
    assert.doesNotMatch((await new Browser(a.app).get(page())).body, /fediverse-replies\/\d+\/reject/);
    const cy = await signedUp(a.app, 'cye');
    assert.equal((await press(cy, page(), `${page()}/fediverse-replies/${id}/reject`)).statusCode, 403);
  });

  test('an activity signed by bob in carol\'s name gets 401; a Note bob says dee wrote is refused', async () => {
    const before = await remoteComments();
    const [kept] = await query<{ private_key: string }>(b.database, sql`SELECT private_key FROM actor_keys WHERE kind = 'rsa' AND user_id = (SELECT id FROM users WHERE username = 'bob')`);
    const bobsKey = await importJwk(JSON.parse(kept!.private_key) as JsonWebKey, 'private');
    const forged = JSON.stringify({
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${b.origin}/profile/dee#likes/forged`,
      type: 'Like',
      actor: `${b.origin}/profile/dee`,
      object: articleUri.href,
    });
    const post = new Request(`${a.origin}/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body: forged });
    assert.equal((await fetch(await signRequest(post, bobsKey, new URL(`${bobUri().href}#main-key`)))).status, 401);

    await send(reply('5', '<p>Words in dee\'s mouth</p>', { by: ctx.getActorUri('dee') }));
    await eventually('A has handled it', settled);
    assert.deepEqual(await remoteComments(), before);
    assert.equal(reactionLine(await publicPage()), '1 fediverse favorite · 1 boost', 'the forged favorite was not counted');
  });

  test('bob deleting his account removes his follow, reactions and replies', async () => {
    await send(new Follow({ id: new URL(`${bobUri().href}#follows/ada`), actor: bobUri(), object: adaActor.id }));
    await eventually('bob follows ada', async () => (await query(a.database, sql`SELECT 1 FROM remote_followers`)).length === 1);
    await send(new Delete({ id: new URL(`${bobUri().href}#delete`), actor: bobUri(), object: bobUri() }));
    await eventually('bob is forgotten', async () => (await query(a.database, sql`SELECT 1 FROM remote_actors WHERE uri = ${bobUri().href}`)).length === 0);
    assert.deepEqual(await query(a.database, sql`SELECT 1 FROM remote_followers`), []);
    assert.deepEqual((await remoteComments()).length, 0, "bob's replies are gone (dee's was rejected)");
    const html = await publicPage();
    assert.equal(reactionLine(html), '1 fediverse favorite · 0 boosts', "dee's favorite stays; bob's boost went with him");
    assert.doesNotMatch(html, /Lovely piece|example\.com/);
  });

  test("a gone account's Delete, which cannot be verified, is taken only when its server says 410 Gone for its key", async () => {
    // Servers of deleted accounts: one answers 410 for everything (as Mastodon does), the other 404.
    const gone = (status: number) => {
      const server = createServer((_req, res) => res.writeHead(status).end());
      return new Promise<{ origin: string; close(): void }>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })),
      );
    };
    const [gone410, gone404] = await Promise.all([gone(410), gone(404)]);
    try {
      const forger = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
      for (const server of [gone410, gone404]) {
        const uri = `${server.origin}/users/old`;
        await execute(a.database, sql`INSERT INTO remote_actors (uri, handle, host, fetched_at) VALUES (${uri}, '@old@gone', 'gone', 1)`);
        await execute(a.database, sql`INSERT INTO remote_reactions (article_id, actor_id, kind, created_at) SELECT a.id, r.id, 'like', 1 FROM articles a, remote_actors r WHERE a.slug = ${slug} AND r.uri = ${uri}`);
      }
      const deleteOf = (uri: string) =>
        new Request(`${a.origin}/inbox`, {
          method: 'POST',
          headers: { 'content-type': 'application/activity+json' },
          body: JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', id: `${uri}#delete`, type: 'Delete', actor: uri, object: uri }),
        });
      const known = async (uri: string) => (await query(a.database, sql`SELECT 1 FROM remote_actors WHERE uri = ${uri}`)).length === 1;

      const at404 = `${gone404.origin}/users/old`;
      assert.equal((await fetch(await signRequest(deleteOf(at404), forger.privateKey, new URL(`${at404}#main-key`)))).status, 401);
      assert.ok(await known(at404), 'a 404 proves nothing: the account stays');

      const at410 = `${gone410.origin}/users/old`;
      // Someone else's key document, even gone, does not speak for this account.
      assert.equal((await fetch(await signRequest(deleteOf(at410), forger.privateKey, new URL(`${gone410.origin}/users/other#main-key`)))).status, 401);
      assert.ok(await known(at410));
      assert.equal((await fetch(await signRequest(deleteOf(at410), forger.privateKey, new URL(`${at410}#main-key`)))).status, 202);
      assert.ok(!(await known(at410)), 'the gone account and its favorite are forgotten');
      assert.deepEqual(await query(a.database, sql`SELECT 1 FROM remote_reactions r JOIN remote_actors x ON x.id = r.actor_id WHERE x.uri = ${at410}`), []);
    } finally {
      gone410.close();
      gone404.close();
    }
  });
});
