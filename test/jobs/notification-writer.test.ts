// A server's notification writer: what its own requests queue is written out
// shortly after, with nobody asking; what another process left is found at the
// next poll; stopping waits for the batch being written.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { startNotificationWriter, type NotificationWriter } from '../../src/jobs/notification-writer.js';
import { createTestApp, execute, queryOne, type TestApp } from '../support/app.js';
import { press, publish, signedUp } from '../support/web.js';

let t: TestApp;
let writer: NotificationWriter;
const warnings: unknown[] = [];
const log = { debug() {}, info() {}, warn: (fields: object) => void warnings.push(fields), error: (fields: object) => void warnings.push(fields) };

before(async () => {
  t = await createTestApp();
  // A poll far off: what the first test sees is the request's own call.
  writer = startNotificationWriter({ db: t.database.db, now: t.app.services.now, log, pollMs: 60 * 60_000 });
});
after(async () => {
  await writer.stop();
  await t.close();
});

const count = async (statement: ReturnType<typeof sql>) => Number((await queryOne<{ n: number | string }>(t.database, statement)).n);

/** Polls until `check` holds, for at most 5 s (the writer needs a tenth of a second; the machine may be busy). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (const start = Date.now(); Date.now() - start < 5_000; await sleep(20)) if (await check()) return;
  assert.fail(`${what} did not happen within 5 s`);
}

test("a request's notification is written out shortly after, with nobody asking", async () => {
  const ana = await signedUp(t.app, 'ana');
  const bob = await signedUp(t.app, 'bob');
  const article = `/article/${encodeURIComponent(await publish(ana, { title: 'Written out' }))}`;
  assert.equal((await press(bob, article, `${article}/favorite`)).statusCode, 303);
  await eventually(async () => (await count(sql`SELECT count(*) AS n FROM notifications WHERE kind = 'favorite'`)) === 1, 'the favorite’s notification');
  assert.equal(await count(sql`SELECT count(*) AS n FROM notification_queue`), 0);
  // The navbar shows it: the write retired the cached count.
  assert.match((await ana.get('/')).body, /Notifications <span class="notification-count">1<\/span>/);
});

test('a row another process queued and left is written out at the next poll', async () => {
  await writer.stop();
  writer = startNotificationWriter({ db: t.database.db, now: t.app.services.now, log, pollMs: 200 });
  await sleep(300); // past its first look, at start, which found nothing
  // Queued in plain SQL, as a process killed after its commit and before its own writer ran leaves it: nothing rang here.
  await execute(
    t.database,
    sql`INSERT INTO notification_queue (event, actor_id, recipient_id, queued_at)
        SELECT 'follow', b.id, a.id, 1 FROM users a, users b WHERE a.username = 'ana' AND b.username = 'bob'`,
  );
  await eventually(async () => (await count(sql`SELECT count(*) AS n FROM notifications WHERE kind = 'follow'`)) === 1, 'the left row’s notification');
  assert.equal(await count(sql`SELECT count(*) AS n FROM notification_queue`), 0);
  assert.deepEqual(warnings, []);
});
