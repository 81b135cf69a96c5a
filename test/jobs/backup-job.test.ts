// BACKUP_EVERY: backups are a recurring job. Each occurrence is taken once,
// by whichever of two instances claims it, in a process of its own, and a
// backup that fails is retried with its reason kept.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { listBackups } from '../../src/db/backup-files.js';
import { noMailer } from '../../src/domain/mail.js';
import { jobCatalog } from '../../src/jobs/catalog.js';
import { runDue } from '../../src/jobs/runner.js';
import { ensureSchedules } from '../../src/jobs/schedules.js';
import { TestClock, createTestApp, execute, query, twoInstances, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const at = (iso: string) => Date.parse(iso);
const clock = new TestClock(at('2026-12-06T10:20:00Z'));
const dir = mkdtempSync(join(tmpdir(), 'conduit-backup-job-'));
let a: TestApp;
let b: TestApp;
let instances: { close(): Promise<void> };

before(async () => {
  ({ a, b, ...instances } = await twoInstances({ BACKUP_EVERY: '6h', BACKUP_DIR: dir }, { now: clock.now }));
  await execute(a.database, sql`INSERT INTO users (username, email, password_hash, created_at, updated_at) VALUES ('ada', 'ada@example.com', 'x', 1, 1)`);
});
after(async () => {
  await instances.close();
  rmSync(dir, { recursive: true, force: true });
});

test(`BACKUP_EVERY=6h: one backup per occurrence, taken by one of two instances (${testEngine})`, async () => {
  const kinds = jobCatalog({ ...a.app.services, mailer: noMailer }, a.config);
  assert.equal(kinds.get('backup')?.schedule?.cron, '15 */6 * * *');
  await Promise.all([ensureSchedules(a.database.db, kinds, clock.ms), ensureSchedules(b.database.db, kinds, clock.ms)]);
  const waiting = await query<{ run_at: number }>(a.database, sql`SELECT run_at FROM jobs WHERE name = 'backup' AND state = 'waiting'`);
  assert.deepEqual(
    waiting.map((j) => new Date(Number(j.run_at)).toISOString()),
    ['2026-12-06T12:15:00.000Z'],
  );

  clock.ms = at('2026-12-06T12:15:00Z');
  const [fromA, fromB] = await Promise.all([
    runDue({ db: a.database.db, kinds, now: clock.now }),
    runDue({ db: b.database.db, kinds: jobCatalog({ ...b.app.services, mailer: noMailer }, b.config), now: clock.now }),
  ]);
  const ran = [...fromA, ...fromB].filter((o) => o.name === 'backup');
  assert.deepEqual(ran.map((o) => o.result), ['done'], JSON.stringify(ran));
  const backups = listBackups(dir);
  assert.equal(backups.length, 1);
  assert.equal(backups[0]!.record?.check.ok, true);
  assert.equal(backups[0]!.record?.rows.users, 1);
  const next = await query<{ run_at: number }>(a.database, sql`SELECT run_at FROM jobs WHERE name = 'backup' AND state = 'waiting'`);
  assert.deepEqual(next.map((j) => new Date(Number(j.run_at)).toISOString()), ['2026-12-06T18:15:00.000Z'], 'the next occurrence waits');
});

test('a backup that fails is retried later, with its reason kept', async () => {
  // A file where the folder should be: the command cannot write there.
  const blocked = join(dir, 'not-a-folder');
  writeFileSync(blocked, 'x');
  const failing = await createTestApp({ BACKUP_EVERY: '1h', BACKUP_DIR: blocked }, { now: clock.now });
  try {
    const kinds = jobCatalog({ ...failing.app.services, mailer: noMailer }, failing.config);
    clock.ms = at('2026-12-06T13:00:00Z');
    await ensureSchedules(failing.database.db, kinds, clock.ms);
    clock.ms = at('2026-12-06T13:15:00Z');
    const [outcome] = await runDue({ db: failing.database.db, kinds, now: clock.now, random: () => 0 });
    assert.equal(outcome?.name, 'backup');
    assert.equal(outcome?.result, 'retry');
    assert.equal(outcome?.retryAt, clock.ms + 150_000, 'half of the first 5 minutes, with the random draw pinned at 0');
    assert.match(outcome?.error ?? '', /backup failed/);
  } finally {
    await failing.close();
  }
});
