// `npm run jobs` lists the queue readably; `npm run jobs -- run-due` runs
// what is due and says what ran; anything else is a usage line and exit code 2.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { INSTANT_MAIL_JOB } from '../../src/domain/notifications/instant-mail.js';
import { writeQueuedNotifications } from '../../src/domain/notifications/notification-queue.js';
import { createTestApp, execute, queryOne, type TestApp } from '../support/app.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { testEngine } from '../support/test-database.js';
import { press, publish, signedUp } from '../support/web.js';

const root = join(import.meta.dirname, '..', '..');
const HOUR = 60 * 60_000;
let t: TestApp;
let sink: SmtpSink;

before(async () => {
  sink = await startSmtpSink();
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
after(async () => {
  await t.close();
  await sink.close();
});

/**
 * The command, with mail to the SMTP sink (as a production server with SMTP_URL, PUBLIC_URL and
 * SESSION_SECRET has). Not spawnSync: the sink answers from this process, which must keep running.
 */
function jobs(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/jobs/jobs-command.ts', ...args], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_PATH: t.config.databasePath,
      DATABASE_URL: t.config.databaseUrl ?? '',
      SMTP_URL: sink.url,
      PUBLIC_URL: 'https://conduit.example',
      SESSION_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      INSTANT_MAIL_SETTLE_MS: '0',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe(`npm run jobs (${testEngine})`, () => {
  test('lists every job with its kind, state, time, tries and what to know about it', async () => {
    const run = await jobs();
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
    const run = await jobs('run-due');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^#\d+ purge-ended-counters \(attempt 1\): done$/m);
    assert.doesNotMatch(run.stdout, /mystery|sign-ins/);
    const { n } = await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM jobs WHERE state = 'waiting' AND key LIKE 'purge-%@%'`);
    assert.equal(Number(n), 3, 'the next occurrences of the recurring purges not yet waiting (sign-ins has one running)');
    const again = await jobs('run-due');
    assert.equal(again.status, 0, again.stderr);
    // The mail sweep runs each minute: one may have begun between the two runs.
    assert.match(again.stdout.trim(), new RegExp(`^(Nothing was due\\.|#\\d+ ${INSTANT_MAIL_JOB} \\(attempt 1\\): done)$`));
  });

  test('run-due sends the notification mail that is due, and waits for it to go before exiting', async () => {
    const ana = await signedUp(t.app, 'ana');
    const bob = await signedUp(t.app, 'bob');
    const slug = await publish(ana, { title: 'Mail me from cron' });
    const article = `/article/${encodeURIComponent(slug)}`;
    assert.equal((await press(bob, article, `${article}/comments`, { body: 'Well put.' })).statusCode, 303);
    // As a server's notification writer does shortly after the request (src/jobs/notification-writer.ts).
    await writeQueuedNotifications(t.database.db, Date.now);
    // The first run makes sure of the recurring kinds' next occurrences, the mail sweep's among them; it is then made due.
    assert.equal((await jobs('run-due')).status, 0);
    await execute(
      t.database,
      sql`UPDATE jobs SET run_at = ${Date.now() - 1000} WHERE name = ${INSTANT_MAIL_JOB} AND state = 'waiting'`,
    );
    const run = await jobs('run-due');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^#\\d+ ${INSTANT_MAIL_JOB} \\(attempt 1\\): done$`, 'm'));
    const mail = sink.messages.filter((m) => m.to.includes('ana@example.com'));
    assert.equal(mail.length, 1, `${sink.messages.map((m) => `${m.to}: ${m.subject}`).join(' | ')} ${run.stderr}`);
    assert.match(mail[0]!.text, /bob commented on "Mail me from cron"\n\s+https:\/\/conduit\.example\/article\//);
  });

  test('anything else: the usage line, and exit code 2', async () => {
    for (const args of [['run'], ['run-due', 'now'], ['--all']]) {
      const run = await jobs(...args);
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stderr.trim(), 'Usage: npm run jobs [-- run-due]');
      assert.equal(run.stdout, '');
    }
  });
});
