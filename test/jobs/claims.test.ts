// The queue on the database, with two instances of the app on one database
// (as two processes or two servers): enqueueing by key makes one job, a job
// is claimed by one runner at a time, only the claim that holds a job may
// finish it, and jobs spread over two runners each run once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { claimJob, type JobRow } from '../../src/db/claim.js';
import { jobKinds, type JobKind } from '../../src/jobs/kinds.js';
import { completeJob, enqueue, failJob } from '../../src/jobs/queue.js';
import { claimToken, runDue } from '../../src/jobs/runner.js';
import { TestClock, execute, query, queryOne, twoInstances, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const MINUTE = 60_000;
const clock = new TestClock(Date.UTC(2026, 11, 6, 10, 0, 0));
let a: TestApp;
let b: TestApp;
let instances: { close(): Promise<void> };

before(async () => ({ a, b, ...instances } = await twoInstances({}, { now: clock.now })));
after(() => instances.close());

/** Starts each test on an empty queue. */
const emptyQueue = () => execute(a.database, sql`DELETE FROM jobs`);
const job = (id: number) => queryOne<{ state: string; attempts: number; claimed_by: string | null }>(a.database, sql`SELECT state, attempts, claimed_by FROM jobs WHERE id = ${id}`);

describe(`the job queue (${testEngine})`, () => {
  test('enqueueing with one key, again and from the other instance, makes one job', async () => {
    await emptyQueue();
    const first = await enqueue(a.database.db, { name: 'digest', payload: { user: 42 }, key: 'digest:user42:2026-12-06' }, clock.ms);
    const again = await enqueue(a.database.db, { name: 'digest', payload: { user: 42 }, key: 'digest:user42:2026-12-06' }, clock.ms);
    const racing = await Promise.all(
      Array.from({ length: 8 }, (_, i) => enqueue((i % 2 ? a : b).database.db, { name: 'digest', payload: { user: 42 }, key: 'digest:user42:2026-12-06' }, clock.ms)),
    );
    assert.equal(first.created, true);
    assert.deepEqual(again, { id: first.id, created: false });
    assert.ok(racing.every((r) => r.id === first.id && !r.created));
    const other = await enqueue(b.database.db, { name: 'digest', payload: { user: 42 }, key: 'digest:user42:2026-12-07' }, clock.ms);
    assert.notEqual(other.id, first.id);
    const unkeyed = [await enqueue(a.database.db, { name: 'digest' }, clock.ms), await enqueue(a.database.db, { name: 'digest' }, clock.ms)];
    assert.notEqual(unkeyed[0]!.id, unkeyed[1]!.id, 'without a key, every enqueue is a job');
    const { n } = await queryOne<{ n: number }>(a.database, sql`SELECT count(*) AS n FROM jobs`);
    assert.equal(Number(n), 4);
  });

  test('a job is not claimed before its time, nor by a runner that does not know its kind', async () => {
    await emptyQueue();
    await enqueue(a.database.db, { name: 'later', runAt: clock.ms + MINUTE }, clock.ms);
    const leases = new Map([['later', MINUTE]]);
    assert.equal(await claimJob(a.database.db, { leases, token: claimToken(), now: clock.ms }), undefined);
    assert.equal(await claimJob(a.database.db, { leases: new Map([['other', MINUTE]]), token: claimToken(), now: clock.ms + MINUTE }), undefined);
    const claimed = await claimJob(a.database.db, { leases, token: 'mine', now: clock.ms + MINUTE });
    assert.equal(claimed?.state, 'running');
    assert.equal(claimed?.attempts, 1);
    assert.equal(claimed?.claimedBy, 'mine');
    assert.equal(claimed?.leaseUntil, clock.ms + 2 * MINUTE, "the kind's lease, from the claim");
  });

  test('claims racing from both instances: exactly one wins the job', async () => {
    for (let round = 0; round < 5; round++) {
      await emptyQueue();
      const { id } = await enqueue(a.database.db, { name: 'contested' }, clock.ms);
      const leases = new Map([['contested', MINUTE]]);
      const tokens = Array.from({ length: 16 }, (_, i) => `runner-${i}`);
      const claims = await Promise.all(tokens.map((token, i) => claimJob((i % 2 ? a : b).database.db, { leases, token, now: clock.ms })));
      const won = claims.filter((c): c is JobRow => c !== undefined);
      assert.equal(won.length, 1, `round ${round}: ${won.length} claims won`);
      assert.equal(won[0]!.id, id);
      assert.deepEqual(await job(id), { state: 'running', attempts: 1, claimed_by: won[0]!.claimedBy });
    }
  });

  test('once a lease has run out another runner takes the job, and the first can then neither finish nor fail it', async () => {
    await emptyQueue();
    const { id } = await enqueue(a.database.db, { name: 'slow' }, clock.ms);
    const leases = new Map([['slow', MINUTE]]);
    const first = await claimJob(a.database.db, { leases, token: 'first', now: clock.ms });
    assert.equal(first?.id, id);
    assert.equal(await claimJob(b.database.db, { leases, token: 'second', now: clock.ms + MINUTE - 1 }), undefined, 'not while the lease holds');
    const second = await claimJob(b.database.db, { leases, token: 'second', now: clock.ms + MINUTE });
    assert.equal(second?.id, id);
    assert.equal(second?.attempts, 2);
    assert.match(second?.lastError ?? '', /lease ran out/);
    assert.equal(await completeJob(a.database.db, { id, token: 'first' }, clock.ms + MINUTE), false);
    assert.equal(await failJob(a.database.db, { id, token: 'first' }, { error: 'late', now: clock.ms + MINUTE }), false);
    assert.deepEqual(await job(id), { state: 'running', attempts: 2, claimed_by: 'second' });
    assert.equal(await completeJob(b.database.db, { id, token: 'second' }, clock.ms + MINUTE), true);
    assert.equal((await job(id)).state, 'done');
    assert.equal(await completeJob(b.database.db, { id, token: 'second' }, clock.ms + MINUTE), false, 'done is done');
  });

  test('two instances with one job each, running at once: each job runs once', async () => {
    await emptyQueue();
    const ran: Array<{ job: number; on: string }> = [];
    const kindsOn = (on: string) =>
      jobKinds([{ name: 'note', run: async (_payload, { job: j }) => void ran.push({ job: j.id, on }) } satisfies JobKind]);
    const one = await enqueue(a.database.db, { name: 'note', payload: 'from a' }, clock.ms);
    const two = await enqueue(b.database.db, { name: 'note', payload: 'from b' }, clock.ms);
    const outcomes = await Promise.all([
      runDue({ db: a.database.db, kinds: kindsOn('a'), now: clock.now }),
      runDue({ db: b.database.db, kinds: kindsOn('b'), now: clock.now }),
    ]);
    assert.deepEqual(ran.map((r) => r.job).sort(), [one.id, two.id].sort());
    assert.equal(outcomes.flat().filter((o) => o.result === 'done').length, 2);
    const states = await query<{ state: string; attempts: number }>(a.database, sql`SELECT state, attempts FROM jobs ORDER BY id`);
    assert.deepEqual(states, [
      { state: 'done', attempts: 1 },
      { state: 'done', attempts: 1 },
    ]);
  });

  test('many jobs, two runners at once: every job runs exactly once', async () => {
    await emptyQueue();
    const ran = new Map<number, number>();
    const kinds = jobKinds([
      {
        name: 'count',
        run: async (_payload, { job: j }) => {
          ran.set(j.id, (ran.get(j.id) ?? 0) + 1);
          // Lets the other runner's statements in between (PostgreSQL runs them side by side).
          await new Promise((resolve) => setImmediate(resolve));
        },
      } satisfies JobKind,
    ]);
    for (let i = 0; i < 30; i++) await enqueue((i % 2 ? a : b).database.db, { name: 'count', payload: i }, clock.ms);
    const [onA, onB] = await Promise.all([runDue({ db: a.database.db, kinds, now: clock.now }), runDue({ db: b.database.db, kinds, now: clock.now })]);
    assert.equal(ran.size, 30);
    assert.ok([...ran.values()].every((times) => times === 1));
    assert.equal(onA!.length + onB!.length, 30);
    const { n } = await queryOne<{ n: number }>(a.database, sql`SELECT count(*) AS n FROM jobs WHERE state = 'done' AND attempts = 1`);
    assert.equal(Number(n), 30);
  });
});
