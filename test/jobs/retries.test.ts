// A failed attempt is retried after a wait that doubles (with jitter, up to
// a cap), its error kept, until the kind's limit leaves the job failed. The
// clock is a TestClock: time passes by moving it, never by waiting.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { ERROR_KEPT_CHARS, enqueue } from '../../src/jobs/queue.js';
import { jobKinds, retryDelay, type JobKind } from '../../src/jobs/kinds.js';
import { runDue, type RunnerOptions } from '../../src/jobs/runner.js';
import { TestClock, createTestApp, execute, queryOne, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const SECOND = 1000;
const clock = new TestClock(Date.UTC(2026, 11, 6, 10, 0, 0));
let t: TestApp;

before(async () => (t = await createTestApp({}, { now: clock.now })));
after(() => t.close());
beforeEach(() => execute(t.database, sql`DELETE FROM jobs`));

interface Row {
  state: string;
  attempts: number;
  run_at: number;
  last_error: string | null;
  finished_at: number | null;
}
const row = async (id: number) => {
  const found = await queryOne<Row>(t.database, sql`SELECT state, attempts, run_at, last_error, finished_at FROM jobs WHERE id = ${id}`);
  return { ...found, run_at: Number(found.run_at), finished_at: found.finished_at === null ? null : Number(found.finished_at) };
};

/** A runner on the test's clock, whose jitter always lands in the middle of its range. */
const runner = (kinds: JobKind[]): RunnerOptions => ({ db: t.database.db, kinds: jobKinds(kinds), now: clock.now, random: () => 0.5 });

describe(`retries (${testEngine})`, () => {
  test('the wait doubles per failure, between half and all of its step, up to the cap', () => {
    const backoff = { baseMs: 10 * SECOND, capMs: 60 * SECOND };
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => retryDelay(backoff, n, 0)),
      [5, 10, 20, 30, 30].map((s) => s * SECOND),
    );
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => retryDelay(backoff, n, 0.999999)),
      [10, 20, 40, 60, 60].map((s) => s * SECOND),
    );
    assert.equal(retryDelay(backoff, 2, 0.5), 15 * SECOND);
  });

  test('fails twice, then succeeds: retried at the backoff times, the last error kept', async () => {
    let calls = 0;
    const flaky = runner([
      {
        name: 'flaky',
        backoff: { baseMs: 10 * SECOND, capMs: 60 * SECOND },
        run: async () => {
          calls++;
          if (calls <= 2) throw new Error(`mail server said no (${calls})`);
        },
      },
    ]);
    const start = clock.ms;
    const { id } = await enqueue(t.database.db, { name: 'flaky' }, clock.ms);

    const [first] = await runDue(flaky);
    assert.equal(first?.result, 'retry');
    const { last_error, ...waiting } = await row(id);
    assert.deepEqual(waiting, { state: 'waiting', attempts: 1, run_at: start + 7.5 * SECOND, finished_at: null }, 'half to all of 10 s: 7.5 s');
    assert.match(last_error!, /^Error: mail server said no \(1\)/);

    clock.advance(7.5 * SECOND - 1);
    assert.deepEqual(await runDue(flaky), [], 'not before its time');
    clock.advance(1);
    const [second] = await runDue(flaky);
    assert.equal(second?.result, 'retry');
    assert.equal(second?.retryAt, clock.ms + 15 * SECOND);
    assert.equal((await row(id)).run_at, clock.ms + 15 * SECOND, 'twice the wait');
    assert.match((await row(id)).last_error!, /said no \(2\)/);

    clock.advance(15 * SECOND);
    const [third] = await runDue(flaky);
    assert.equal(third?.result, 'done');
    const done = await row(id);
    assert.equal(done.state, 'done');
    assert.equal(done.attempts, 3);
    assert.equal(done.finished_at, clock.ms);
    assert.match(done.last_error!, /said no \(2\)/, 'the last error stays, for whoever looks at the job');
    assert.equal(calls, 3);
  });

  test('a job that always fails is left failed after its limit, and not run again', async () => {
    let calls = 0;
    const hopeless = runner([
      {
        name: 'hopeless',
        maxAttempts: 3,
        backoff: { baseMs: SECOND, capMs: SECOND },
        run: async () => {
          calls++;
          throw new Error(`attempt ${calls} failed`);
        },
      },
    ]);
    const { id } = await enqueue(t.database.db, { name: 'hopeless', payload: { to: 'x@example.com' } }, clock.ms);
    const results: string[] = [];
    for (let i = 0; i < 5; i++) {
      for (const outcome of await runDue(hopeless)) results.push(outcome.result);
      clock.advance(SECOND);
    }
    assert.deepEqual(results, ['retry', 'retry', 'failed']);
    assert.equal(calls, 3);
    const failed = await row(id);
    assert.equal(failed.state, 'failed');
    assert.equal(failed.attempts, 3);
    assert.match(failed.last_error!, /attempt 3 failed/);
    assert.ok(failed.finished_at !== null);
  });

  test('a long error is kept to its bound; a payload reaches the handler as JSON', async () => {
    let seen: unknown;
    const kinds = runner([
      {
        name: 'loud',
        maxAttempts: 1,
        run: async (payload) => {
          seen = payload;
          throw new Error('x'.repeat(10_000));
        },
      },
    ]);
    const { id } = await enqueue(t.database.db, { name: 'loud', payload: { user: 42, tags: ['a'] } }, clock.ms);
    assert.equal((await runDue(kinds))[0]?.result, 'failed');
    assert.deepEqual(seen, { user: 42, tags: ['a'] });
    assert.equal((await row(id)).last_error!.length, ERROR_KEPT_CHARS);
  });

  test('a payload with secrets is redacted once the job ends, done or failed for good, and kept whole while it may run again', async () => {
    const payload = async (id: number) => JSON.parse((await queryOne<{ payload: string }>(t.database, sql`SELECT payload FROM jobs WHERE id = ${id}`)).payload) as unknown;
    let fail = true;
    const kinds = runner([
      {
        name: 'signed',
        maxAttempts: 2,
        backoff: { baseMs: 10 * SECOND, capMs: 10 * SECOND },
        run: async () => {
          if (fail) throw new Error('the remote server is down');
        },
        redactWhenEnded: (p) => ({ ...(p as object), key: 'gone' }),
      },
    ]);
    const secret = { to: 'https://remote.example/inbox', key: '-----BEGIN PRIVATE KEY-----' };
    const first = await enqueue(t.database.db, { name: 'signed', payload: secret }, clock.ms);
    assert.equal((await runDue(kinds))[0]?.result, 'retry');
    assert.deepEqual(await payload(first.id), secret, 'waiting to run again: the handler needs its key');
    clock.advance(10 * SECOND);
    assert.equal((await runDue(kinds))[0]?.result, 'failed');
    assert.deepEqual(await payload(first.id), { to: 'https://remote.example/inbox', key: 'gone' });

    fail = false;
    const second = await enqueue(t.database.db, { name: 'signed', payload: secret }, clock.ms);
    assert.equal((await runDue(kinds))[0]?.result, 'done');
    assert.deepEqual(await payload(second.id), { to: 'https://remote.example/inbox', key: 'gone' });
  });
});
