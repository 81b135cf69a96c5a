// Notification mail from the job runner, to a real SMTP server: instant mail
// within the sweep's minute, digests once per period per user however many
// instances run them, RFC 8058 one-click unsubscribe, and nobody suspended.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { sendDigests } from '../../../src/domain/notifications/digests.js';
import { sendInstantMail } from '../../../src/domain/notifications/instant-mail.js';
import { writeQueuedNotifications } from '../../../src/domain/notifications/notification-queue.js';
import { jobCatalog } from '../../../src/jobs/catalog.js';
import { runDue } from '../../../src/jobs/runner.js';
import { TestClock, execute, twoInstances, type TestApp } from '../../support/app.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../../support/smtp-sink.js';
import { Browser, press, publish, signedUp } from '../../support/web.js';

// A Monday, an hour before both digests' occurrence (07:00 UTC daily, and Mondays weekly).
const clock = new TestClock(Date.parse('2026-12-07T06:00:00Z'));
let sink: SmtpSink;
let pair: Awaited<ReturnType<typeof twoInstances>>;
let a: TestApp;
let b: TestApp;

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

before(async () => {
  sink = await startSmtpSink();
  pair = await twoInstances({ SMTP_URL: sink.url, PUBLIC_URL: 'https://conduit.example' }, { now: clock.now });
  ({ a, b } = pair);
});
after(async () => {
  await pair.close();
  await sink.close();
});

/** Both instances run what is due at once; returns once their mail has reached the sink. */
async function runBoth(): Promise<void> {
  await Promise.all([a, b].map((i) => runDue({ db: i.database.db, kinds: jobCatalog(i.app.services, i.config), now: clock.now })));
  await Promise.all([a, b].map((i) => i.app.services.mailer.settled()));
}

/** What the server's notification writer does shortly after each request that queued one (src/jobs/notification-writer.ts). */
const writtenOut = () => writeQueuedNotifications(a.database.db, clock.now);

const to = (username: string) => sink.messages.filter((m) => m.to.includes(`${username}@example.com`));

test('an instant mail, a daily and a weekly digest, each once, with one-click unsubscribe', async () => {
  const ana = await signedUp(a.app, 'ana');
  const bob = await signedUp(b.app, 'bob');
  const slug = await publish(ana, { title: 'Mail me' });
  const article = `/article/${encodeURIComponent(slug)}`;
  await runBoth(); // schedules the recurring kinds; nothing is due yet
  assert.equal((await press(bob, article, `${article}/comments`, { body: 'Well put, @ana.' })).statusCode, 303);
  assert.equal((await press(bob, article, `${article}/favorite`)).statusCode, 303);
  assert.equal((await press(bob, '/profile/ana', '/profile/ana/follow')).statusCode, 303);
  await writtenOut();

  clock.advance(2 * 60_000);
  await runBoth();
  // Comments are mailed at once by default (the mention of the author is the comment); favorites and follows wait.
  const instant = to('ana');
  assert.equal(instant.length, 1, instant.map((m) => m.subject).join(' | '));
  assert.match(instant[0]!.text, /bob commented on "Mail me"\n\s+https:\/\/conduit\.example\/article\//);
  assert.match(instant[0]!.html, /<a href="https:\/\/conduit\.example\/article\/[^"]+">bob commented on &quot;Mail me&quot;<\/a>/);
  const unsubscribe = /^<(https:\/\/conduit\.example\/unsubscribe\/\d+\/comment\/[\w-]+)>$/.exec(instant[0]!.headers['list-unsubscribe'] ?? '')?.[1];
  assert.ok(unsubscribe, instant[0]!.headers['list-unsubscribe']);
  assert.equal(instant[0]!.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');

  // 07:00: the daily digest (the follow) and the weekly one (the favorite), once each, though both instances ran them.
  clock.ms = Date.parse('2026-12-07T07:00:30Z');
  await runBoth();
  const digests = to('ana').slice(1);
  assert.deepEqual(digests.map((m) => m.subject).sort(), ['Your daily Conduit digest: 1 new', 'Your weekly Conduit digest: 1 new']);
  assert.match(digests.find((m) => m.subject.includes('daily'))!.text, /bob followed you/);
  assert.match(digests.find((m) => m.subject.includes('weekly'))!.text, /bob favorited "Mail me"/);
  assert.match(digests[0]!.headers['list-unsubscribe'] ?? '', /\/unsubscribe\/\d+\/(daily|weekly)\//);

  // Run again, as after a process killed between claiming and sending: the marks hold, nothing is sent twice.
  const deps = (i: TestApp) => ({ db: i.database.db, mailer: i.app.services.mailer, siteUrl: 'https://conduit.example', secret: SECRET });
  const periodEnd = Date.parse('2026-12-07T07:00:00Z');
  const again = await Promise.all([sendDigests(deps(a), 'daily', periodEnd, clock.ms), sendDigests(deps(b), 'daily', periodEnd, clock.ms)]);
  assert.deepEqual(again, [0, 0]);
  assert.equal(await sendInstantMail(deps(a), clock.ms), 0);
  await Promise.all([a, b].map((i) => i.app.services.mailer.settled()));
  assert.equal(to('ana').length, 3);

  // One click, from the mail client: no session, no CSRF token, the signature is the authority.
  const visitor = new Browser(b.app);
  const confirm = await visitor.get(new URL(unsubscribe).pathname);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Stop mail about comments on your articles\?/);
  const done = await visitor.post(new URL(unsubscribe).pathname, { 'List-Unsubscribe': 'One-Click' });
  assert.equal(done.statusCode, 200, done.body.slice(0, 300));
  assert.match((await ana.get('/settings/notifications')).body, /name="comment">.*?<option value="off" selected>/s);
  // A signature for another user or kind does not work.
  const forged = new URL(unsubscribe).pathname.replace('/comment/', '/mention/');
  assert.equal((await visitor.post(forged, {})).statusCode, 404);

  // Unsubscribed from comments, ana gets no mail about the next one.
  assert.equal((await press(bob, article, `${article}/comments`, { body: 'Another.' })).statusCode, 303);
  await writtenOut();
  clock.advance(2 * 60_000);
  await runBoth();
  assert.equal(to('ana').length, 3);
});

test('no mail to a suspended account', async () => {
  const cy = await signedUp(a.app, 'cy');
  const dee = await signedUp(a.app, 'dee');
  const slug = await publish(cy, { title: 'Quiet' });
  await execute(a.database, sql`UPDATE users SET suspended_at = ${clock.ms} WHERE username = 'cy'`);
  const article = `/article/${encodeURIComponent(slug)}`;
  // cy's article is still there to comment on; cy is told in the app, not by mail.
  assert.equal((await press(dee, article, `${article}/comments`, { body: 'Hello?' })).statusCode, 303);
  await writtenOut();
  clock.advance(2 * 60_000);
  await runBoth();
  assert.deepEqual(to('cy').map((m: SinkMessage) => m.subject), []);
});
