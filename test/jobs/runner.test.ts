// The runner a server process starts: it polls, runs what is due, and on
// stop tells the running handler, waits for it within a bound, and gives
// back a job whose handler stopped when told (without counting the attempt).
// The test waits for handlers to reach a point, never for time to pass.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { jobKinds, type JobKind } from '../../src/jobs/kinds.js';
import { enqueue } from '../../src/jobs/queue.js';
import { startJobRunner } from '../../src/jobs/runner.js';
import { TestClock, createTestApp, execute, queryOne, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const clock = new TestClock(Date.UTC(2026, 11, 6, 10, 0, 0));
let t: TestApp;
before(async () => (t = await createTestApp({}, { now: clock.now })));
after(() => t.close());
beforeEach(() => execute(t.database, sql`DELETE FROM jobs`));

const row = (id: number) => queryOne<{ state: string; attempts: number }>(t.database, sql`SELECT state, attempts FROM jobs WHERE id = ${id}`);

/** A promise and the function that resolves it. */
function signal<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe(`the runner in a server process (${testEngine})`, () => {
  test('runs a job enqueued while it polls', async () => {
    const ran = signal<unknown>();
    const kinds = jobKinds([{ name: 'hello', run: async (payload) => ran.resolve(payload) } satisfies JobKind]);
    const runner = startJobRunner({ db: t.database.db, kinds, now: clock.now, pollMs: 10 });
    let id: number;
    try {
      ({ id } = await enqueue(t.database.db, { name: 'hello', payload: 'world' }, clock.ms));
      assert.equal(await ran.promise, 'world');
    } finally {
      await runner.stop();
    }
    assert.deepEqual(await row(id), { state: 'done', attempts: 1 });
  });

  test('stopping tells the running handler; one that gives up is given back, its attempt not counted', async () => {
    const started = signal();
    const kinds = jobKinds([
      {
        name: 'long',
        run: async (_payload, { signal: stop }) => {
          started.resolve();
          await new Promise((_resolve, reject) => stop.addEventListener('abort', () => reject(new Error('told to stop'))));
        },
      } satisfies JobKind,
    ]);
    const { id } = await enqueue(t.database.db, { name: 'long' }, clock.ms);
    const runner = startJobRunner({ db: t.database.db, kinds, now: clock.now, pollMs: 10 });
    await started.promise;
    assert.deepEqual(await row(id), { state: 'running', attempts: 1 });
    await runner.stop();
    assert.deepEqual(await row(id), { state: 'waiting', attempts: 0 });
  });

  test('stopping waits for a handler that finishes, and records it done', async () => {
    const started = signal();
    const release = signal();
    const kinds = jobKinds([
      {
        name: 'finishing',
        run: async () => {
          started.resolve();
          await release.promise;
        },
      } satisfies JobKind,
    ]);
    const { id } = await enqueue(t.database.db, { name: 'finishing' }, clock.ms);
    const runner = startJobRunner({ db: t.database.db, kinds, now: clock.now, pollMs: 10 });
    await started.promise;
    const stopped = runner.stop();
    release.resolve();
    await stopped;
    assert.deepEqual(await row(id), { state: 'done', attempts: 1 });
  });

  test('a handler that ignores the stop is left to its lease once the bound is reached', async () => {
    const started = signal();
    const kinds = jobKinds([
      {
        name: 'stubborn',
        run: async () => {
          started.resolve();
          await new Promise(() => {});
        },
      } satisfies JobKind,
    ]);
    const { id } = await enqueue(t.database.db, { name: 'stubborn' }, clock.ms);
    const warnings: string[] = [];
    const log = { debug() {}, info() {}, error() {}, warn: (_fields: object, message: string) => void warnings.push(message) };
    const runner = startJobRunner({ db: t.database.db, kinds, now: clock.now, pollMs: 10, stopWithinMs: 20, log });
    await started.promise;
    await runner.stop();
    assert.deepEqual(await row(id), { state: 'running', attempts: 1 });
    assert.match(warnings.join('\n'), /still running at shutdown/);
  });
});
