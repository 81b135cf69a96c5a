// `npm run jobs` lists the queue readably; `npm run jobs -- run-due` runs
// what is due and says what ran; anything else is a usage line and exit code 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, execute, queryOne, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const root = join(import.meta.dirname, '..', '..');
const HOUR = 60 * 60_000;
let t: TestApp;

before(async () => {
  t = await createTestApp();
  const now = Date.now();
  await execute(
    t.database,
    sql`INSERT INTO jobs (name, key, payload, state, run_at, attempts, claimed_by, lease_until, last_error, created_at, finished_at) VALUES
          ('purge-ended-counters', NULL, 'null', 'waiting', ${now - HOUR}, 0, NULL, NULL, NULL, ${now}, NULL),
          ('purge-ended-sign-ins', NULL, 'null', 'running', ${now - HOUR}, 1, 'web-1/4242/0badcafe', ${now + HOUR}, NULL, ${now}, NULL),
          ('mystery', 'mystery:1', '{}', 'waiting', ${now - HOUR}, 0, NULL, NULL, NULL, ${now}, NULL),
          ('purge-finished-jobs', NULL, 'null', 'failed', ${now - 2 * HOUR}, 5, 'web-2/77/00ff00ff', NULL, ${'Error: disk full\n    at somewhere (file.ts:1:1)'}, ${now}, ${now - HOUR})`,
  );
});
after(() => t.close());

function jobs(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/jobs/jobs-command.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test', DATABASE_PATH: t.config.databasePath, DATABASE_URL: t.config.databaseUrl ?? '' },
  });
}

describe(`npm run jobs (${testEngine})`, () => {
  test('lists every job with its kind, state, time, tries and what to know about it', () => {
    const run = jobs();
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0]!, /^ID\s+KIND\s+STATE\s+RUN AT \(UTC\)\s+TRIES\s+NOTE$/);
    assert.match(run.stdout, /purge-ended-counters\s+waiting\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+0\/5/);
    assert.match(run.stdout, /purge-ended-sign-ins\s+running\s+.*1\/5\s+by web-1\/4242\/0badcafe until \d{4}-/);
    assert.match(run.stdout, /purge-finished-jobs\s+failed\s+.*5\/5\s+Error: disk full$/m);
    assert.match(run.stdout, /mystery\s+waiting\s+.*0\/\?\s+no such kind in this version/);
    assert.match(run.stdout, /2 waiting, 1 running, 1 failed, 0 done; done jobs are kept 7 days\./);
  });

  test('run-due runs what is due, says so, and leaves what is not due or held', async () => {
    const run = jobs('run-due');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^#\d+ purge-ended-counters \(attempt 1\): done$/m);
    assert.doesNotMatch(run.stdout, /mystery|sign-ins/);
    const { n } = await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM jobs WHERE state = 'waiting' AND key LIKE 'purge-%@%'`);
    assert.equal(Number(n), 3, 'the next occurrences of the recurring purges not yet waiting (sign-ins has one running)');
    const again = jobs('run-due');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout.trim(), 'Nothing was due.');
  });

  test('anything else: the usage line, and exit code 2', () => {
    for (const args of [['run'], ['run-due', 'now'], ['--all']]) {
      const run = jobs(...args);
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stderr.trim(), 'Usage: npm run jobs [-- run-due]');
      assert.equal(run.stdout, '');
    }
  });
});
