// Notifications from the fediverse, between two Conduit instances on
// loopback: bob, on B, replies to ada's article on A and mentions cy (A) in
// it, as Mastodon tags a mention. Nobody hears of it while it waits; approved,
// ada hears of a comment and cy of a mention, named by bob's handle and
// linked to his profile, on /notifications, in the navbar's count and by mail.
// A reply arriving approved notifies at once; rejecting it takes its
// notifications back, and so does bob deleting his account.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import '../../src/federation/node20.js';
import type { Context } from '@fedify/fedify';
import { Create, Delete, Mention, Note, Person, Update } from '@fedify/vocab';
import { WAITING_LISTED } from '../../src/domain/federation/remote-comments.js';
import { sendInstantMail } from '../../src/domain/notifications/instant-mail.js';
import { execute, query } from '../support/app.js';
import { eventually, federatingInstance, type FederatingInstance } from '../support/federation.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { testEngine } from '../support/test-database.js';
import { giveRole } from '../support/roles.js';
import { Browser, decodeEntities, press, publish, signedUp } from '../support/web.js';

let sink: SmtpSink;
let a: FederatingInstance;
let b: FederatingInstance;
let ada: Browser;
let cy: Browser;
let dot: Browser;
let slug: string;
let articleUri: URL;
let ctx: Context<void>;
let adaActor: Person;

before(async () => {
  sink = await startSmtpSink();
  [a, b] = await Promise.all([federatingInstance({ SMTP_URL: sink.url }), federatingInstance()]);
  [ada, cy, dot] = [await signedUp(a.app, 'ada'), await signedUp(a.app, 'cy'), await signedUp(a.app, 'dot')];
  await signedUp(b.app, 'bob');
  slug = await publish(ada, { title: 'Talk to me', description: 'Replies welcome', body: 'Some text.' });
  const [row] = await query<{ id: number }>(a.database, sql`SELECT id FROM articles WHERE slug = ${slug}`);
  articleUri = new URL(`${a.origin}/ap/articles/${row!.id}`);
  ctx = b.federation.createContext(new URL(b.origin));
  const found = await ctx.lookupObject(`${a.origin}/profile/ada`);
  assert.ok(found instanceof Person);
  adaActor = found;
});
after(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await sink?.close();
});

const page = () => `/article/${encodeURIComponent(slug)}`;
const bobUri = () => ctx.getActorUri('bob');
/** How A names bob: the name his Person gives, and his handle. */
const who = () => `bob (@bob@${b.host})`;
const whoPattern = () => who().replace(/[().]/g, '\\$&');

/** bob's reply to ada's article, tagging the accounts at `mentions` as Mastodon does. */
function reply(id: string, content: string, mentions: string[], inReplyTo = articleUri) {
  const tags = mentions.map((href) => new Mention({ href: new URL(href), name: `@${href.split('/').pop()}@${new URL(href).host}` }));
  const note = new Note({ id: new URL(`${b.origin}/notes/${id}`), attribution: bobUri(), replyTarget: inReplyTo, content, tags });
  return new Create({ id: new URL(`${b.origin}/notes/${id}#create`), actor: bobUri(), object: note });
}
const send = (activity: Create | Delete) => ctx.sendActivity({ identifier: 'bob' }, adaActor, activity);

/** The recipient's notifications as rows: who, what, which reply. */
const notificationsOf = (username: string) =>
  query<{ kind: string; actor_id: number | null; remote_actor_id: number | null }>(
    a.database,
    sql`SELECT n.kind, n.actor_id, n.remote_actor_id FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE u.username = ${username} ORDER BY n.id`,
  );

async function navbarLink(browser: Browser): Promise<string> {
  const html = (await browser.get('/')).body;
  const link = /<a class="nav-link[^"]*" href="\/notifications">(.*?)<\/a>/s.exec(html)?.[1];
  assert.ok(link !== undefined);
  return decodeEntities(link.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
}

/** The lines of /notifications, tags removed, and the raw page. */
async function lines(browser: Browser): Promise<{ text: string[]; html: string }> {
  const html = (await browser.get('/notifications')).body;
  const text = [...html.matchAll(/<li class="notification[^"]*">(.*?)<\/li>/gs)].map((m) =>
    decodeEntities(m[1]!.replace(/<form.*?<\/form>/gs, '').replace(/<time.*?<\/time>/gs, '').replace(/<[^>]+>/g, ''))
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return { text, html };
}

describe(`notifications from the fediverse (${testEngine})`, () => {
  test('a waiting reply notifies nobody; approved, its author hears of a comment and the user it mentions of a mention', async () => {
    // Mentions of cy (twice), of ada (the author: a comment is enough), of nobody here, and of someone elsewhere.
    await send(reply('1', '<p>@cy @ada what do you think?</p>', [`${a.origin}/profile/cy`, `${a.origin}/profile/cy`, `${a.origin}/profile/ada`, `${a.origin}/profile/nobody`, `${b.origin}/profile/bob`]));
    await eventually('the reply waits', async () => /what do you think/.test((await ada.get(page())).body));
    assert.deepEqual(await notificationsOf('ada'), []);
    assert.deepEqual(await notificationsOf('cy'), []);
    assert.equal(await navbarLink(cy), 'Notifications');

    const id = /fediverse-replies\/(\d+)\/approve/.exec((await ada.get(page())).body)?.[1];
    assert.ok(id);
    assert.equal((await press(ada, page(), `${page()}/fediverse-replies/${id}/approve`)).statusCode, 303);

    assert.deepEqual((await notificationsOf('ada')).map((n) => [n.kind, n.actor_id]), [['comment', null]]);
    assert.deepEqual((await notificationsOf('cy')).map((n) => [n.kind, n.actor_id]), [['mention', null]]);
    assert.deepEqual(await notificationsOf('dot'), []);
    // The navbar's count moved with the rows (inbox:<user>, stamped by the rebuilt table's triggers).
    assert.equal(await navbarLink(cy), 'Notifications 1 unread');
    assert.equal(await navbarLink(ada), 'Notifications 1 unread');
    const mine = await lines(cy);
    assert.deepEqual(mine.text, [`Unread: ${who()} mentioned you in a comment on Talk to me`]);
    assert.match(mine.html, new RegExp(`<a href="${bobUri().href}" rel="nofollow ugc noopener">${whoPattern()}</a>`), "linked to bob's own profile");
    assert.deepEqual((await lines(ada)).text, [`Unread: ${who()} commented on Talk to me`]);

    // Mailed at once, as a comment and a mention are by default, naming bob by his handle.
    await sendInstantMail({ db: a.database.db, mailer: a.app.services.mailer, siteUrl: a.origin, secret: a.config.sessionSecrets[0]! }, Date.now() + 120_000, undefined, 0);
    await a.app.services.mailer.settled();
    const mailTo = (username: string) => sink.messages.filter((m) => m.to.includes(`${username}@example.com`));
    await eventually('both are mailed', async () => mailTo('ada').length === 1 && mailTo('cy').length === 1);
    assert.match(mailTo('cy')[0]!.text, new RegExp(`${whoPattern()} mentioned you in a comment on "Talk to me"\\n\\s+${a.origin}/article/`));
    assert.match(mailTo('ada')[0]!.subject, new RegExp(`${whoPattern()} commented on "Talk to me"`));
  });

  test('a reply arriving approved notifies at once; rejecting it takes its notifications back', async () => {
    await send(reply('2', '<p>@dot you too</p>', [`${a.origin}/profile/dot`]));
    await eventually('dot hears of it', async () => (await notificationsOf('dot')).length === 1);
    assert.equal((await notificationsOf('ada')).length, 2);
    assert.equal(await navbarLink(dot), 'Notifications 1 unread');

    const [second] = await query<{ id: number }>(a.database, sql`SELECT id FROM remote_comments WHERE note_uri = ${`${b.origin}/notes/2`}`);
    const id = second!.id;
    assert.match((await ada.get(page())).body, new RegExp(`fediverse-replies/${id}/reject`));
    assert.equal((await press(ada, page(), `${page()}/fediverse-replies/${id}/reject`)).statusCode, 303);
    assert.deepEqual(await notificationsOf('dot'), []);
    assert.equal((await notificationsOf('ada')).length, 1, 'the first reply\'s stays');
    assert.equal(await navbarLink(dot), 'Notifications');
  });

  test("moderators see every article's waiting replies on /moderation, and approve or reject them there", async () => {
    const mod = await signedUp(a.app, 'mod');
    await giveRole(a, 'mod', 'moderator');
    const cySlug = await publish(cy, { title: 'Second article', description: 'By cy', body: 'Text.' });
    const [row] = await query<{ id: number }>(a.database, sql`SELECT id FROM articles WHERE slug = ${cySlug}`);
    const cyArticle = new URL(`${a.origin}/ap/articles/${row!.id}`);
    // bob was approved by ada, not by cy: both wait.
    await send(reply('3', '<p>First thought</p>', [], cyArticle));
    await send(reply('4', '<p>Second thought</p>', [], cyArticle));
    await eventually('both wait', async () => (await query(a.database, sql`SELECT 1 FROM remote_comments WHERE approved_at IS NULL`)).length === 2);

    const queue = (await mod.get('/moderation')).body;
    assert.match(queue, /Replies from the fediverse waiting for approval[\s\S]*On <a href="\/article\/[^"]+">Second article<\/a>[\s\S]*First thought[\s\S]*Second thought/);
    assert.doesNotMatch(queue, /what do you think/, 'an approved reply is not listed');
    const ids = [...queue.matchAll(/action="(\/article\/[^"]+\/fediverse-replies\/\d+)\/approve"/g)].map((m) => m[1]!);
    assert.equal(ids.length, 2);
    const approved = await press(mod, '/moderation', `${ids[0]}/approve`, { returnTo: '/moderation' });
    assert.equal(approved.statusCode, 303);
    assert.equal(approved.headers.location, '/moderation');
    const rejected = await press(mod, '/moderation', `${ids[1]}/reject`, { returnTo: '/moderation' });
    assert.equal(rejected.headers.location, '/moderation');
    const after = (await mod.get('/moderation')).body;
    assert.doesNotMatch(after, /First thought|Second thought|waiting for approval/);
    assert.deepEqual((await notificationsOf('cy')).map((n) => n.kind), ['mention', 'comment'], 'cy hears of the approved one');
    // A user who is not a moderator has no such page.
    assert.equal((await dot.get('/moderation')).statusCode, 403);
  });

  test('/moderation pages the waiting replies, oldest first, and an action returns to its page', async () => {
    const mod = await signedUp(a.app, 'mod2');
    await giveRole(a, 'mod2', 'moderator');
    const [article] = await query<{ id: number }>(a.database, sql`SELECT id FROM articles WHERE title = 'Second article'`);
    const [actor] = await query<{ id: number }>(a.database, sql`SELECT id FROM remote_actors LIMIT 1`);
    // More than a page waiting, stored as received replies are (the inbox is tested above).
    const waiting = WAITING_LISTED + 3;
    for (let i = 0; i < waiting; i++) {
      await execute(
        a.database,
        sql`INSERT INTO remote_comments (article_id, actor_id, note_uri, content, created_at, updated_at)
            VALUES (${article!.id}, ${actor!.id}, ${`https://elsewhere.example/notes/paged-${i}`}, ${`<p>Paged reply ${i}.</p>`}, ${1_000 + i}, ${1_000 + i})`,
      );
    }
    const first = (await mod.get('/moderation')).body;
    assert.match(first, new RegExp(`waiting for approval \\(${waiting}\\)`));
    assert.equal([...first.matchAll(/Paged reply (\d+)\./g)].length, WAITING_LISTED);
    assert.match(first, /Paged reply 0\.[\s\S]*Paged reply 1\./, 'oldest first');
    assert.match(first, /<nav aria-label="Pages of waiting replies">[\s\S]*href="\/moderation\?page=2"/);
    const second = (await mod.get('/moderation?page=2')).body;
    assert.deepEqual([...second.matchAll(/Paged reply (\d+)\./g)].map((m) => Number(m[1])), [WAITING_LISTED, WAITING_LISTED + 1, WAITING_LISTED + 2]);
    const id = /action="(\/article\/[^"]+\/fediverse-replies\/\d+)\/reject"/.exec(second)![1]!;
    const rejected = await press(mod, '/moderation?page=2', `${id}/reject`, { returnTo: '/moderation?page=2' });
    assert.equal(rejected.headers.location, '/moderation?page=2');
    // Past the last page: nothing listed, and a way back.
    assert.match((await mod.get('/moderation?page=9')).body, /Back to the first page of waiting replies/);
    await execute(a.database, sql`DELETE FROM remote_comments WHERE note_uri LIKE 'https://elsewhere.example/notes/paged-%'`);
  });

  test('a shown reply edited to mention someone new tells them; those named before are not told again', async () => {
    await signedUp(a.app, 'eve');
    const cyBefore = (await notificationsOf('cy')).length;
    const edited = new Note({
      id: new URL(`${b.origin}/notes/1`),
      attribution: bobUri(),
      replyTarget: articleUri,
      content: '<p>@cy @eve what do you think?</p>',
      tags: [`${a.origin}/profile/cy`, `${a.origin}/profile/eve`].map((href) => new Mention({ href: new URL(href) })),
    });
    await ctx.sendActivity({ identifier: 'bob' }, adaActor, new Update({ id: new URL(`${b.origin}/notes/1#update`), actor: bobUri(), object: edited }));
    await eventually('eve hears of it', async () => (await notificationsOf('eve')).length === 1);
    assert.deepEqual((await notificationsOf('eve')).map((n) => n.kind), ['mention']);
    assert.equal((await notificationsOf('cy')).length, cyBefore);
    assert.match((await ada.get(page())).body, /@cy @eve what do you think\?/);
  });

  test('bob deleting his account takes his notifications with him', async () => {
    assert.equal((await notificationsOf('cy')).length, 2);
    await send(new Delete({ id: new URL(`${bobUri().href}#delete`), actor: bobUri(), object: bobUri() }));
    await eventually('bob is forgotten', async () => (await query(a.database, sql`SELECT 1 FROM remote_actors WHERE uri = ${bobUri().href}`)).length === 0);
    assert.deepEqual(await notificationsOf('cy'), []);
    assert.deepEqual(await notificationsOf('ada'), []);
    assert.equal(await navbarLink(cy), 'Notifications');
  });
});
