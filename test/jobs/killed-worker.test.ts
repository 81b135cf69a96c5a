// A worker killed mid-job (SIGKILL: no cleanup, no goodbye) leaves its job
// running under a lease. Once the lease is over, another runner claims it
// and runs it to completion, counting both attempts; before that, nobody
// does. A job whose last attempt died is left failed rather than run again.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { LEASE_RAN_OUT } from '../../src/db/claim.js';
import { jobKinds, type JobKind } from '../../src/jobs/kinds.js';
import { enqueue } from '../../src/jobs/queue.js';
import { runDue } from '../../src/jobs/runner.js';
import { TestClock, createTestApp, queryOne, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const LEASE_MS = 60_000;
const root = join(import.meta.dirname, '..', '..');
const clock = new TestClock(Date.UTC(2026, 11, 6, 10, 0, 0));
let t: TestApp;
const children: ChildProcess[] = [];

before(async () => (t = await createTestApp({}, { now: clock.now })));
after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await t.close();
});

/** Starts a runner process that claims a `name` job at the test's time, and resolves once its handler has started. */
async function workerThatHangs(name: string): Promise<{ child: ChildProcess; jobId: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'jobs', 'claim-and-hang.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: t.config.databasePath, DATABASE_URL: t.config.databaseUrl ?? '', JOB_NAME: name, JOB_NOW: String(clock.ms), LEASE_MS: String(LEASE_MS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  for await (const line of createInterface({ input: child.stdout! })) {
    const started = /^started (\d+)$/.exec(line);
    if (started) return { child, jobId: Number(started[1]) };
    throw new Error(`the worker said: ${line}\n${stderr}`);
  }
  throw new Error(`the worker ended without starting the job: ${stderr}`);
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  const [, signal] = await exited;
  assert.equal(signal, 'SIGKILL');
}

const row = (id: number) =>
  queryOne<{ state: string; attempts: number; claimed_by: string; last_error: string | null }>(
    t.database,
    sql`SELECT state, attempts, claimed_by, last_error FROM jobs WHERE id = ${id}`,
  );

describe(`a worker killed mid-job (${testEngine})`, () => {
  test('its job is claimed again once the lease is over, and runs to completion once', async () => {
    let completed = 0;
    const kinds = jobKinds([{ name: 'work', leaseMs: LEASE_MS, run: async () => void completed++ } satisfies JobKind]);
    const { id } = await enqueue(t.database.db, { name: 'work', payload: { article: 7 } }, clock.ms);

    const { child, jobId } = await workerThatHangs('work');
    assert.equal(jobId, id);
    const held = await row(id);
    assert.equal(held.state, 'running');
    assert.equal(held.attempts, 1);
    assert.match(held.claimed_by, new RegExp(`/${child.pid}/`), 'the claim names the process that holds it');
    await kill(child);

    assert.deepEqual(await runDue({ db: t.database.db, kinds, now: clock.now }), [], 'nobody takes it while its lease holds');
    clock.advance(LEASE_MS - 1);
    assert.deepEqual(await runDue({ db: t.database.db, kinds, now: clock.now }), []);
    clock.advance(1);
    const outcomes = await runDue({ db: t.database.db, kinds, now: clock.now });
    assert.deepEqual(
      outcomes.map((o) => [o.id, o.attempt, o.result]),
      [[id, 2, 'done']],
    );
    assert.equal(completed, 1);
    const done = await row(id);
    assert.equal(done.state, 'done');
    assert.equal(done.attempts, 2, 'both attempts counted');
    assert.equal(done.last_error, LEASE_RAN_OUT, 'and why there were two');
    assert.deepEqual(await runDue({ db: t.database.db, kinds, now: clock.now }), [], 'once');
  });

  test('a job whose last attempt was killed is left failed, not run again', async () => {
    let ran = 0;
    const kinds = jobKinds([{ name: 'fragile', maxAttempts: 1, leaseMs: LEASE_MS, run: async () => void ran++ } satisfies JobKind]);
    const { id } = await enqueue(t.database.db, { name: 'fragile' }, clock.ms);
    const { child } = await workerThatHangs('fragile');
    await kill(child);
    clock.advance(LEASE_MS);
    assert.deepEqual(
      (await runDue({ db: t.database.db, kinds, now: clock.now })).map((o) => o.result),
      ['failed'],
    );
    assert.equal(ran, 0);
    const failed = await row(id);
    assert.equal(failed.state, 'failed');
    assert.equal(failed.last_error, LEASE_RAN_OUT);
  });
});
