// A favorite, follow or comment queues its notification in the request; it is
// written out later, once, by whichever process gets to it, under the rules
// as they stand then (docs/decisions/0063).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { QUEUE_BATCH, writeQueuedNotifications } from '../../../src/domain/notifications/notification-queue.js';
import { TestClock, execute, query, queryOne, twoInstances, type TestApp } from '../../support/app.js';
import { press, publish, signedUp, type Browser } from '../../support/web.js';

const clock = new TestClock();
let pair: Awaited<ReturnType<typeof twoInstances>>;
let t: TestApp;
let ana: Browser;
let bob: Browser;
let cy: Browser;
let article: string;

before(async () => {
  pair = await twoInstances({}, { now: clock.now });
  t = pair.a;
  [ana, bob, cy] = [await signedUp(t.app, 'ana'), await signedUp(t.app, 'bob'), await signedUp(pair.b.app, 'cy')];
  article = `/article/${encodeURIComponent(await publish(ana, { title: 'Queued' }))}`;
});
after(() => pair.close());
beforeEach(() => execute(t.database, sql`DELETE FROM notifications`));

const count = async (statement: ReturnType<typeof sql>) => Number((await queryOne<{ n: number | string }>(t.database, statement)).n);
const queued = () => count(sql`SELECT count(*) AS n FROM notification_queue`);
const notified = async () =>
  (
    await query<{ kind: string; actor: string }>(
      t.database,
      sql`SELECT n.kind, u.username AS actor FROM notifications n JOIN users u ON u.id = n.actor_id ORDER BY n.kind, u.username`,
    )
  ).map((row) => `${row.kind} by ${row.actor}`);
const writeOut = (instance: TestApp = t) => writeQueuedNotifications(instance.database.db, clock.now);

test('the request queues one row; writing out makes the notifications once, and empties the queue', async () => {
  assert.equal((await press(bob, article, `${article}/favorite`)).statusCode, 303);
  assert.equal((await press(bob, article, `${article}/comments`, { body: 'Nice, @cy.' })).statusCode, 303);
  assert.equal((await press(bob, '/profile/ana', '/profile/ana/follow')).statusCode, 303);
  // Her own favorite would tell her nothing, so it queues nothing.
  assert.equal((await press(ana, article, `${article}/favorite`)).statusCode, 303);
  assert.equal(await queued(), 3);
  assert.deepEqual(await notified(), []);

  clock.advance(1_000);
  assert.equal(await writeOut(), 3);
  assert.deepEqual(await notified(), ['comment by bob', 'favorite by bob', 'follow by bob', 'mention by bob']);
  assert.equal(await queued(), 0);
  // Written at the time it was written out, not queued: mail sweeps read by that time (docs/decisions/0063).
  assert.equal(await count(sql`SELECT count(*) AS n FROM notifications WHERE created_at = ${clock.ms}`), 4);
  assert.equal(await writeOut(), 0);
  assert.equal(await count(sql`SELECT count(*) AS n FROM notifications`), 4);
});

test('undone before it is written out, nothing is written; undone after, it is taken back', async () => {
  assert.equal((await press(cy, article, `${article}/favorite`)).statusCode, 303);
  assert.equal((await press(cy, article, `${article}/unfavorite`)).statusCode, 303);
  await writeOut();
  assert.deepEqual(await notified(), []);

  assert.equal((await press(cy, article, `${article}/favorite`)).statusCode, 303);
  await writeOut();
  assert.deepEqual(await notified(), ['favorite by cy']);
  assert.equal((await press(cy, article, `${article}/unfavorite`)).statusCode, 303);
  await writeOut();
  assert.deepEqual(await notified(), []);
});

test('the rules apply when it is written out: a block made meanwhile, a deleted comment', async () => {
  const dee = await signedUp(t.app, 'dee');
  assert.equal((await press(dee, article, `${article}/favorite`)).statusCode, 303);
  assert.equal((await press(dee, article, `${article}/comments`, { body: 'Soon gone.' })).statusCode, 303);
  // ana blocks dee before anything is written out.
  assert.equal((await press(ana, '/profile/dee', '/profile/dee/block')).statusCode, 303);
  await writeOut();
  assert.deepEqual(await notified(), []);
  assert.equal(await queued(), 0);

  const eve = await signedUp(t.app, 'eve');
  assert.equal((await press(eve, article, `${article}/comments`, { body: 'Said in haste.' })).statusCode, 303);
  // The comment goes before it is written out: its queued row goes with it.
  const [comment] = await query<{ id: number }>(t.database, sql`SELECT c.id FROM comments c JOIN users u ON u.id = c.author_id WHERE u.username = 'eve'`);
  assert.equal((await press(eve, article, `${article}/comments/${comment!.id}/delete`)).statusCode, 303);
  assert.equal(await queued(), 0);
  await writeOut();
  assert.deepEqual(await notified(), []);
});

test('two processes writing out at once write each notification once', async () => {
  // More than two batches' worth, queued in plain SQL as many requests would.
  const readers = QUEUE_BATCH * 2 + 7;
  const values = Array.from({ length: readers }, (_, i) => sql`(${5000 + i}, ${`q${i}`}, ${`q${i}@example.com`}, 'x', 1, 1)`);
  await execute(t.database, sql`INSERT INTO users (id, username, email, password_hash, created_at, updated_at) VALUES ${sql.join(values, sql`, `)}`);
  await execute(
    t.database,
    sql`INSERT INTO notification_queue (event, actor_id, recipient_id, queued_at)
        SELECT 'follow', id, (SELECT id FROM users WHERE username = 'ana'), 1 FROM users WHERE id >= 5000`,
  );
  const [a, b] = await Promise.all([writeOut(t), writeOut(pair.b)]);
  // Each process wrote some, or on PostgreSQL one found the other at it and left it the lot: together, each row once.
  assert.equal(a + b, readers, `${a} + ${b}`);
  assert.equal(await queued(), 0);
  assert.equal(await count(sql`SELECT count(*) AS n FROM notifications WHERE kind = 'follow'`), readers);
});
