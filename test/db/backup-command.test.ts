// npm run db:backup and npm run db:restore end to end on SQLite, as an
// operator runs them: a backup with its size and duration, --status, a failed
// attempt, and the restore drill into a new file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { seedPassword, seedUsers } from '../../src/seed/seed-data.js';
import { seedDatabase } from '../../src/seed/seed.js';
import { testEngine } from '../support/test-database.js';

// One run is enough: the commands are the same on both engines, which test/db/backup.test.ts and restore.test.ts cover.
const skip = testEngine === 'postgres' && 'runs once, on SQLite, in `npm run test:unit`';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const root = join(import.meta.dirname, '..', '..');
let dir: string;
let sitePath: string;
let backups: string;

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'conduit-backup-command-'));
  sitePath = join(dir, 'site.db');
  backups = join(dir, 'backups');
  const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET, DATABASE_PATH: sitePath });
  const database = await openDatabase(config);
  await seedDatabase(database, config);
  await database.close();
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm run <script> -- ...args` (its file, through tsx) with the site's environment plus `env`. */
function run(script: 'backup' | 'restore', args: string[], env: Record<string, string> = {}) {
  const { PATH, HOME } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', `src/db/${script}-command.ts`, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: PATH ?? '', HOME: HOME ?? '', NODE_ENV: 'test', SESSION_SECRET: SECRET, DATABASE_PATH: sitePath, BACKUP_DIR: backups, ...env },
  });
}

test('db:backup writes a checked backup and says how big it is and how long it took; --status shows it', { skip }, () => {
  const first = run('backup', []);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^Backed up .*site\.db to .*conduit-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.sqlite$/m);
  assert.match(first.stdout, /^ {2}size {6}\d+\.\d MB \(\d+ bytes\)$/m);
  assert.match(first.stdout, /^ {2}took {6}\d+\.\d\d s: copy \d+\.\d\d s, check and sync \d+\.\d\d s$/m);
  assert.match(first.stdout, /^ {2}check {5}ok: PRAGMA integrity_check/m);
  assert.match(first.stdout, /^ {2}rows {6}\d+ users, \d+ articles$/m);

  const status = run('backup', ['--status']);
  assert.equal(status.status, 0, status.stderr);
  assert.match(status.stdout, /^Last attempt {2}.* UTC \(\d+ min ago\): ok, conduit-.*\.sqlite$/m);
  assert.match(status.stdout, /^Last backup {3}conduit-.*\.sqlite$/m);
  assert.match(status.stdout, /^ {2}check {5}ok/m);
  assert.match(status.stdout, /^Kept: 1 backup, /m);

  const usage = run('backup', ['--now']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /Usage: npm run db:backup/);
});

test('a failed backup exits with 1 and its reason, and --status says so while the last good backup stays', { skip }, () => {
  const failed = run('backup', [], { DATABASE_PATH: join(dir, 'typo.db') });
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /^Backup failed: Cannot open the database .*typo\.db/m);
  assert.match(failed.stderr, /^The last good backup is still .*conduit-.*\.sqlite\.$/m);
  const status = run('backup', ['--status']);
  assert.equal(status.status, 1);
  assert.match(status.stdout, /^Last attempt {2}.*: FAILED: Cannot open the database/m);
  assert.match(status.stdout, /^Last backup {3}conduit-/m);

  const bad = run('backup', [], { BACKUP_KEEP: 'none' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /BACKUP_KEEP \("none"\): must be a whole number from 1 to 1000/);
});

test('the restore drill: db:restore into a new file, refused over a site without --force; users sign in there', { skip }, async () => {
  const backup = /^Last backup {3}(\S+)$/m.exec(run('backup', ['--status']).stdout)?.[1];
  assert.ok(backup);
  const restoredPath = join(dir, 'restored.db');
  const into = { DATABASE_PATH: restoredPath };

  const restored = run('restore', [join(backups, backup)], into);
  assert.equal(restored.status, 0, restored.stderr);
  assert.match(restored.stdout, /^Restored .*conduit-.*\.sqlite \(taken .* UTC, schema \d{4}_\w+\) into .*restored\.db in \d+\.\d\d s$/m);
  assert.match(restored.stdout, /^The site can be started\.$/m);

  const again = run('restore', [join(backups, backup)], into);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /^Refused: .*restored\.db already holds a site \([\d,]+ users, [\d,]+ articles\); use --force to replace it\.$/m);
  const forced = run('restore', [join(backups, backup), '--force'], into);
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stdout, /^ {2}replaced {2}the site that was there/m);

  const usage = run('restore', [], into);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /Usage: npm run db:restore -- <backup file> \[--force\]/);

  const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET, DATABASE_PATH: restoredPath });
  const database = await openDatabase(config);
  const app = await buildApp(config, database);
  try {
    const login = await app.inject({ method: 'POST', url: '/api/users/login', payload: { user: { email: seedUsers[0]!.email, password: seedPassword } } });
    assert.equal(login.statusCode, 200, login.body);
  } finally {
    await app.close();
    await database.close();
  }
});
