// Backups of a site that keeps being written, on the engine under test: a
// backup taken while two instances write holds every write acknowledged
// before it started, and restored into a new database it signs users in and
// keeps their sessions. A backup that fails its check leaves nothing under a
// backup's name, and the last good one stays.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { BackupFailedError, takeBackup, type BackupReport, type BackupSettings } from '../../src/db/backup.js';
import { backupName, listBackups, readAttempt } from '../../src/db/backup-files.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { restoreBackup } from '../../src/db/restore.js';
import { api, PASSWORD, postArticle, signUp } from '../support/api.js';
import { createTestApp, secondInstance, TestClock, type TestApp } from '../support/app.js';
import { scratchDatabase, testEngine, type ScratchDatabase } from '../support/test-database.js';
import { Browser, signedInAs } from '../support/web.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const root = join(import.meta.dirname, '..', '..');

let site: TestApp;
let second: TestApp;
const folders: string[] = [];
const scratches: ScratchDatabase[] = [];

before(async () => {
  // Sign-ups from one address all through the test: no rate limit in the way.
  site = await createTestApp({ AUTH_RATE_LIMIT: '1000000' });
  second = await secondInstance(site);
});

after(async () => {
  await second.close();
  await site.close();
  for (const scratch of scratches) await scratch.drop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

function backupFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-backups-'));
  folders.push(dir);
  return dir;
}

const settingsFor = (dir: string, keep = { keep: 7, keepDaily: 7, keepWeekly: 4 }): BackupSettings => ({ ...site.config, backup: { dir, ...keep } });

/** `npm run db:backup -- --json` in its own process, as an operator (or a job) runs it beside the servers. */
async function backupCommand(dir: string): Promise<BackupReport> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATABASE_PATH: site.config.databasePath, BACKUP_DIR: dir };
  delete env.DATABASE_URL;
  if (site.config.databaseUrl) env.DATABASE_URL = site.config.databaseUrl;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/db/backup-command.ts', '--json'], { cwd: root, env });
  return JSON.parse(stdout) as BackupReport;
}

/** A new, empty database of the engine under test, with the site's secret. */
async function freshTarget() {
  const scratch = await scratchDatabase();
  scratches.push(scratch);
  return loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET, ...scratch.env });
}

interface Ack {
  kind: 'user' | 'article' | 'comment';
  key: string;
}

test(`a backup taken while two instances write holds every write acknowledged before it started (${testEngine})`, async () => {
  const reader = 'seeded-reader';
  await signUp(site.app, reader);
  const browser = new Browser(site.app);
  assert.equal((await browser.login(`${reader}@example.com`, PASSWORD)).statusCode, 303);

  const acks: Ack[] = [];
  let stop = false;
  /** Sign-ups, articles and comments through the API, one after another until told to stop; each recorded once answered. */
  async function write(app: TestApp['app'], prefix: string) {
    for (let n = 0; !stop; n++) {
      const username = `${prefix}-${n}`;
      const token = await signUp(app, username);
      acks.push({ kind: 'user', key: username });
      for (let i = 0; i < 3 && !stop; i++) {
        const { slug } = (await postArticle(app, token, { title: `${username} writes ${i}` })) as { slug: string };
        acks.push({ kind: 'article', key: slug });
        const res = await api(app)(`/articles/${slug}/comments`, { method: 'POST', token, body: { comment: { body: `On ${slug}` } } });
        assert.equal(res.statusCode, 201, res.body);
        acks.push({ kind: 'comment', key: String(res.json().comment.id) });
      }
    }
  }
  const writers = [write(site.app, 'one'), write(second.app, 'two')];
  const failed = Promise.race(writers.map((w) => w.then(() => new Promise<never>(() => undefined))));
  while (acks.length < 30) await Promise.race([failed, new Promise((resolve) => setTimeout(resolve, 20))]);

  const acknowledged = acks.slice();
  const report = await Promise.race([backupCommand(backupFolder()), failed]);
  const during = acks.length - acknowledged.length;
  stop = true;
  await Promise.all(writers);
  assert.ok(during > 0, 'the instances kept writing while the backup ran');
  assert.equal(report.check.ok, true);
  assert.equal(report.engine, testEngine);
  assert.ok(existsSync(report.path) && statSync(report.path).size === report.bytes);

  const config = await freshTarget();
  const restored = await restoreBackup(report.path, config);
  assert.deepEqual(restored.rows, report.rows, 'the restored database holds what the backup recorded');

  const database: Database = await openDatabase(config);
  try {
    const { users, articles, comments } = database.db.t;
    const present = {
      user: new Set((await database.db.select({ key: users.username }).from(users)).map((r) => r.key)),
      article: new Set((await database.db.select({ key: articles.slug }).from(articles)).map((r) => r.key)),
      comment: new Set((await database.db.select({ key: comments.id }).from(comments)).map((r) => String(r.key))),
    };
    const missing = acknowledged.filter(({ kind, key }) => !present[kind].has(key));
    assert.deepEqual(missing, [], `${acknowledged.length} writes were acknowledged before the backup started`);
    assert.ok(present.user.has(reader));

    const app = await buildApp(config, database);
    try {
      const login = await api(app)('/users/login', { method: 'POST', body: { user: { email: `${reader}@example.com`, password: PASSWORD } } });
      assert.equal(login.statusCode, 200, 'a user signs in with their password');
      assert.equal(signedInAs((await browser.on(app).get('/')).body), reader, 'a session from before the backup still works');
      const token = login.json().user.token as string;
      await postArticle(app, token, { title: 'Written after the restore' });
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
});

test(`a backup that fails its check leaves nothing under a backup's name, and the last good one stays (${testEngine})`, async () => {
  const dir = backupFolder();
  const clock = new TestClock(Date.parse('2026-12-06T21:40:00Z'));
  const good = await takeBackup(settingsFor(dir), clock.now);
  assert.equal(good.file, backupName(testEngine, clock.ms));
  clock.advance(60_000);

  // SQLite's copy loses its second half; the dump only its last bytes, which its listing (read from the head) never notices.
  const cutShort = (partial: string) => truncateSync(partial, testEngine === 'sqlite' ? Math.floor(statSync(partial).size / 2) : statSync(partial).size - 64);
  const error = await takeBackup(settingsFor(dir), clock.now, { beforeCheck: cutShort }).then(
    () => assert.fail('a copy cut short passed its check'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof BackupFailedError, String(error));
  assert.match(error.message, testEngine === 'sqlite' ? /integrity_check/ : /Reading the dump through/);

  assert.deepEqual(readdirSync(dir).sort(), [good.file, `${good.file}.json`, 'last-attempt.json'], 'no partial file, nothing under the new name');
  assert.deepEqual(
    listBackups(dir).map((b) => [b.file, b.bytes]),
    [[good.file, good.bytes]],
  );
  const attempt = readAttempt(dir);
  assert.equal(attempt?.ok, false);
  assert.equal(attempt.ok === false && attempt.reason, error.message, 'the failure is recorded for --status');
});

test(`each backup applies the retention rule once it is safely in place (${testEngine})`, async () => {
  const dir = backupFolder();
  const clock = new TestClock(Date.parse('2026-12-01T03:00:00Z'));
  const taken: string[] = [];
  for (let day = 0; day < 4; day++) {
    const report = await takeBackup(settingsFor(dir, { keep: 2, keepDaily: 0, keepWeekly: 0 }), clock.now);
    taken.push(report.file);
    assert.deepEqual(report.kept.map((k) => k.file), taken.slice(-2).reverse());
    assert.deepEqual(report.removed, taken.slice(-3, -2));
    clock.advance(24 * 60 * 60 * 1000);
  }
  assert.deepEqual(readdirSync(dir).sort(), [taken[2], `${taken[2]}.json`, taken[3], `${taken[3]}.json`, 'last-attempt.json'].sort());
});

test(`a database that is not a Conduit site is not backed up, and nothing is made in its place (${testEngine})`, async () => {
  const dir = backupFolder();
  const scratch = await scratchDatabase();
  scratches.push(scratch);
  const config = loadConfig({ NODE_ENV: 'test', ...scratch.env });
  const settings = { ...config, backup: { ...config.backup, dir } };
  await assert.rejects(takeBackup(settings), testEngine === 'sqlite' ? /Cannot open the database/ : /no migrations table/);
  if (testEngine === 'sqlite') assert.equal(existsSync(config.databasePath), false, 'a mistyped DATABASE_PATH does not become an empty database');
  assert.deepEqual(readdirSync(dir), ['last-attempt.json']);
});
