// Recurring jobs: each occurrence is one job, keyed by its time, however many
// processes enqueue it; a finished occurrence enqueues the next.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { jobKinds, type JobKind } from '../../src/jobs/kinds.js';
import { runDue } from '../../src/jobs/runner.js';
import { ensureSchedules } from '../../src/jobs/schedules.js';
import { TestClock, execute, query, twoInstances, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const MINUTE = 60_000;
const at = (iso: string) => Date.parse(iso);
const clock = new TestClock(at('2026-12-06T10:20:00Z'));
let a: TestApp;
let b: TestApp;
let instances: { close(): Promise<void> };

before(async () => ({ a, b, ...instances } = await twoInstances({}, { now: clock.now })));
after(() => instances.close());
beforeEach(async () => {
  clock.ms = at('2026-12-06T10:20:00Z');
  await execute(a.database, sql`DELETE FROM jobs`);
});

interface Occurrence {
  key: string;
  state: string;
  run_at: number;
}
const occurrences = async (name: string) =>
  (await query<Occurrence>(a.database, sql`SELECT key, state, run_at FROM jobs WHERE name = ${name} ORDER BY run_at, id`)).map((o) => ({ ...o, run_at: Number(o.run_at) }));

describe(`recurring jobs (${testEngine})`, () => {
  let runs: number;
  const hourly = jobKinds([{ name: 'tick', schedule: { cron: '0 * * * *' }, run: async () => void runs++ } satisfies JobKind]);
  beforeEach(() => (runs = 0));

  test('both instances making sure of the next occurrence, at once and again, make one job', async () => {
    const added = await Promise.all(Array.from({ length: 6 }, (_, i) => ensureSchedules((i % 2 ? a : b).database.db, hourly, clock.ms)));
    assert.equal(added.flat().length, 1);
    await ensureSchedules(a.database.db, hourly, clock.ms + 10 * MINUTE);
    assert.deepEqual(await occurrences('tick'), [{ key: 'tick@2026-12-06T11:00:00.000Z', state: 'waiting', run_at: at('2026-12-06T11:00:00Z') }]);
  });

  test('an occurrence runs once across both instances, and enqueues the next once', async () => {
    await ensureSchedules(a.database.db, hourly, clock.ms);
    clock.ms = at('2026-12-06T11:00:00Z');
    const passes = await Promise.all([
      runDue({ db: a.database.db, kinds: hourly, now: clock.now }),
      runDue({ db: b.database.db, kinds: hourly, now: clock.now }),
      runDue({ db: a.database.db, kinds: hourly, now: clock.now }),
    ]);
    assert.equal(runs, 1);
    assert.equal(passes.flat().length, 1);
    assert.deepEqual(await occurrences('tick'), [
      { key: 'tick@2026-12-06T11:00:00.000Z', state: 'done', run_at: at('2026-12-06T11:00:00Z') },
      { key: 'tick@2026-12-06T12:00:00.000Z', state: 'waiting', run_at: at('2026-12-06T12:00:00Z') },
    ]);
  });

  test('occurrences missed while every server was down run once, not once each', async () => {
    await ensureSchedules(a.database.db, hourly, clock.ms);
    clock.ms = at('2026-12-06T15:30:00Z');
    await runDue({ db: b.database.db, kinds: hourly, now: clock.now });
    assert.equal(runs, 1);
    assert.deepEqual(
      (await occurrences('tick')).map((o) => [o.key, o.state]),
      [
        ['tick@2026-12-06T11:00:00.000Z', 'done'],
        ['tick@2026-12-06T16:00:00.000Z', 'waiting'],
      ],
    );
  });

  test('an occurrence that fails for good still enqueues the next', async () => {
    const failing = jobKinds([
      { name: 'tick', maxAttempts: 1, schedule: { cron: '0 * * * *' }, run: async () => Promise.reject(new Error('disk full')) } satisfies JobKind,
    ]);
    await ensureSchedules(a.database.db, failing, clock.ms);
    clock.ms = at('2026-12-06T11:00:00Z');
    assert.deepEqual(
      (await runDue({ db: a.database.db, kinds: failing, now: clock.now })).map((o) => o.result),
      ['failed'],
    );
    assert.deepEqual(
      (await occurrences('tick')).map((o) => [o.key, o.state]),
      [
        ['tick@2026-12-06T11:00:00.000Z', 'failed'],
        ['tick@2026-12-06T12:00:00.000Z', 'waiting'],
      ],
    );
  });

  test('a schedule keeps to its time zone', async () => {
    const nightly = jobKinds([{ name: 'nightly', schedule: { cron: '30 3 * * *', timezone: 'Europe/Stockholm' }, run: async () => {} } satisfies JobKind]);
    await ensureSchedules(a.database.db, nightly, clock.ms);
    assert.deepEqual((await occurrences('nightly')).map((o) => o.key), ['nightly@2026-12-07T02:30:00.000Z']);
  });

  test('a bad pattern, or one kind declared twice, is refused at start-up', () => {
    assert.throws(() => jobKinds([{ name: 'x', schedule: { cron: 'every hour' }, run: async () => {} }]), /CronPattern/);
    assert.throws(() => jobKinds([{ name: 'x', run: async () => {} }, { name: 'x', run: async () => {} }]), /declared twice/);
    assert.throws(() => jobKinds([{ name: 'Has Spaces', run: async () => {} }]), /a name is/);
  });
});
