// Fedify's message queue on our job runner passes Fedify's own conformance
// suite (@fedify/testing): delivery once, delays, batches, and two listeners
// (as two processes, each on its own connection) never taking the same message.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import '../../src/federation/node20.js';
import { testMessageQueue } from '@fedify/testing';
import { DatabaseMessageQueue, FEDERATION_JOB } from '../../src/federation/message-queue.js';
import { query, secondInstance, twoInstances } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

let pair: Awaited<ReturnType<typeof twoInstances>>;
before(async () => (pair = await twoInstances()));
after(() => pair.close());

describe(`the federation message queue (${testEngine})`, () => {
  test("passes @fedify/testing's message-queue suite, with two listeners on two connections", async () => {
    const queues = [pair.a, pair.b].map((t) => new DatabaseMessageQueue({ db: t.database.db, now: Date.now, pollMs: 50, fetchTimeoutMs: 30_000 }));
    let next = 0;
    await testMessageQueue(
      () => queues[next++ % 2]!,
      ({ controller }) => controller.abort(),
    );
    // Each message ran once: every job of the kind is done, none twice.
    const states = await query<{ state: string; attempts: number }>(pair.a.database, sql`SELECT state, attempts FROM jobs WHERE name = ${FEDERATION_JOB}`);
    assert.ok(states.length >= 105);
    assert.ok(states.every((row) => row.state === 'done' && Number(row.attempts) === 1));
  });

  test('what this process enqueues is run at once, past a pass of 100, without waiting for the poll', async () => {
    // A poll of a minute: only the wake-up on enqueue and the next pass after a full one can run these in time.
    const queue = new DatabaseMessageQueue({ db: pair.a.database.db, now: Date.now, pollMs: 60_000, fetchTimeoutMs: 30_000 });
    const stop = new AbortController();
    const seen: unknown[] = [];
    const listening = queue.listen((message) => void seen.push(message), { signal: stop.signal });
    try {
      await new Promise((r) => setTimeout(r, 200)); // the listener's first pass is over: it waits for its poll
      await queue.enqueueMany(Array.from({ length: 250 }, (_, i) => ({ n: i })));
      const deadline = Date.now() + 20_000;
      while (seen.length < 250 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(seen.length, 250);
    } finally {
      stop.abort();
      await listening;
    }
  });

  test('a message whose process died mid-run is run again by another, once its lease is over', async () => {
    let clock = Date.now();
    const now = () => clock;
    const c = await secondInstance(pair.a);
    try {
      const queue = new DatabaseMessageQueue({ db: pair.a.database.db, now, pollMs: 20, fetchTimeoutMs: 30_000 });
      await queue.enqueue({ hello: 'again' });
      // The first listener takes it and never finishes (as a process killed with -9 would).
      const dying = new AbortController();
      let taken = false;
      const stuck = queue.listen(() => {
        taken = true;
        return new Promise<void>(() => {});
      }, { signal: dying.signal });
      while (!taken) await new Promise((r) => setTimeout(r, 10));
      const rerun = new DatabaseMessageQueue({ db: c.database.db, now, pollMs: 20, fetchTimeoutMs: 30_000 });
      const seen: unknown[] = [];
      const stop = new AbortController();
      const listening = rerun.listen((message) => void seen.push(message), { signal: stop.signal });
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(seen, [], 'not while its lease holds');
      clock += 3 * 60_000;
      while (seen.length === 0) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(seen, [{ hello: 'again' }]);
      stop.abort();
      await listening;
      dying.abort();
      void stuck;
    } finally {
      await c.close();
    }
  });
});
