// Restoring a backup, on the engine under test: into a new database, into one
// a server already migrated, and over a site with --force; and every refusal,
// each before the target is touched. A restore moves the cache stamps past
// every stamp the target handed out, so no process keeps serving what it
// cached from the data the restore replaced.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app.js';
import { everything } from '../../src/cache/scopes.js';
import { loadConfig, type Config } from '../../src/config.js';
import { takeBackup, type BackupReport } from '../../src/db/backup.js';
import { openDatabase } from '../../src/db/open.js';
import { newestMigration } from '../../src/db/migrations-folder.js';
import { restoreBackup, RestoreRefusedError } from '../../src/db/restore.js';
import { PASSWORD, postArticle, signUp } from '../support/api.js';
import { createTestApp, execute, query, TestClock, type TestApp } from '../support/app.js';
import { scratchDatabase, testEngine, type ScratchDatabase } from '../support/test-database.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const MIGRATIONS = testEngine === 'postgres' ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations';

let site: TestApp;
let backup: BackupReport;
/** The newest cache stamp of the site when it was backed up. */
let siteStamp: number;
let dir: string;
const scratches: ScratchDatabase[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'conduit-restore-'));
  site = await createTestApp();
  const token = await signUp(site.app, 'author');
  await postArticle(site.app, token, { title: 'Kept in the backup' });
  siteStamp = await site.database.changes.latest();
  backup = await takeBackup({ ...site.config, backup: { ...site.config.backup, dir } });
});

after(async () => {
  await site.close();
  for (const scratch of scratches) await scratch.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** A new, empty database of the engine under test (nothing made in it yet). */
async function freshTarget(): Promise<Config> {
  const scratch = await scratchDatabase();
  scratches.push(scratch);
  return loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET, AUTH_RATE_LIMIT: '1000', ...scratch.env });
}

/** Opens `config`'s database, runs `body` on it, and closes it again (a server that ran, then stopped). */
async function withDatabase<T>(config: Config, body: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase(config);
  try {
    return await body(database);
  } finally {
    await database.close();
  }
}

const refused = (pattern: RegExp) => (error: unknown) => error instanceof RestoreRefusedError && pattern.test(error.message);

test(`restores into a new database; a second time it holds a site and is refused, unless --force (${testEngine})`, async () => {
  const target = await freshTarget();
  const first = await restoreBackup(backup.path, target);
  assert.deepEqual(first.rows, backup.rows);
  assert.deepEqual(first.rows, { users: 1, articles: 1 });
  assert.equal(first.replaced, undefined);
  assert.equal(first.backup.takenAt, backup.takenAt, "the backup's record is read");

  await assert.rejects(restoreBackup(backup.path, target), refused(/already holds a site \(1 user, 1 article\); use --force to replace it/));
  const forced = await restoreBackup(backup.path, target, { force: true });
  assert.deepEqual(forced.replaced, { users: 1, articles: 1 });
  assert.deepEqual(forced.rows, backup.rows);
});

test(`restores into a database a server already migrated, and the site works there (${testEngine})`, async () => {
  const target = await freshTarget();
  await withDatabase(target, async () => undefined);
  await restoreBackup(backup.path, target);
  await withDatabase(target, async (database) => {
    const app = await buildApp(target, database);
    try {
      const login = await app.inject({ method: 'POST', url: '/api/users/login', payload: { user: { email: 'author@example.com', password: PASSWORD } } });
      assert.equal(login.statusCode, 200, login.body);
      await postArticle(app, login.json().user.token as string, { title: 'Written after the restore' });
    } finally {
      await app.close();
    }
  });
});

test(`a target another process has open is refused, even with --force (${testEngine})`, async () => {
  await site.app.inject({ method: 'GET', url: '/' }); // the site is serving: its connections are open
  await assert.rejects(
    restoreBackup(backup.path, site.config, { force: true }),
    refused(testEngine === 'sqlite' ? /is in use by another process: stop the site/ : /other connection\(s\) to .*: stop every app server/),
  );
  assert.equal((await site.app.inject({ method: 'GET', url: '/api/articles' })).json().articlesCount, 1, 'the site is as it was');
});

test(`the other engine's backup, or a file that is no backup, is refused (${testEngine})`, async () => {
  const target = await freshTarget();
  const other = join(dir, testEngine === 'sqlite' ? 'conduit-2026-12-06T21-40-00Z.pgdump' : 'conduit-2026-12-06T21-40-00Z.sqlite');
  writeFileSync(other, testEngine === 'sqlite' ? Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(100)]) : Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]));
  await assert.rejects(
    restoreBackup(other, target),
    refused(testEngine === 'sqlite' ? /is a PostgreSQL backup, and this site runs on SQLite\. .*npm run db:copy/ : /is a SQLite backup, and this site runs on PostgreSQL\. .*npm run db:copy/),
  );
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'not a backup\n');
  await assert.rejects(restoreBackup(text, target), refused(/is not a Conduit backup/));
  await assert.rejects(restoreBackup(join(dir, 'missing.sqlite'), target), refused(/No backup at/));
  await withDatabase(target, async (database) => assert.equal(await database.db.$count(database.db.t.users), 0, 'the target is untouched'));
});

test(`a backup from a newer schema than this code, or one it does not know, is refused (${testEngine})`, async () => {
  const source = await freshTarget();
  const clock = new TestClock(Date.parse('2026-12-06T21:40:00Z'));
  const backups = { ...source.backup, dir: mkdtempSync(join(dir, 'schemas-')) };
  const newest = newestMigration(testEngine);
  const [newer, unknown] = await withDatabase(source, async (database) => {
    await execute(database, sql.raw(`INSERT INTO ${MIGRATIONS} (hash, created_at) VALUES ('from a later version', ${newest + 86_400_000})`));
    const newer = await takeBackup({ ...source, backup: backups }, clock.now);
    clock.advance(1000);
    await execute(database, sql.raw(`DELETE FROM ${MIGRATIONS} WHERE created_at > ${newest}`));
    await execute(database, sql.raw(`UPDATE ${MIGRATIONS} SET created_at = created_at - 1 WHERE created_at = ${newest}`));
    return [newer, await takeBackup({ ...source, backup: backups }, clock.now)];
  });
  const target = await freshTarget();
  await assert.rejects(restoreBackup(newer.path, target), refused(/newer schema .* than this version of Conduit knows/));
  await assert.rejects(restoreBackup(unknown.path, target, { force: true }), refused(/a schema this version of Conduit does not know/));
  await restoreBackup(backup.path, target); // the target was left as it was: empty
});

test(`a backup cut short is refused (SQLite) or rolled back (PostgreSQL): the site there stays as it was (${testEngine})`, async () => {
  const target = await freshTarget();
  await restoreBackup(backup.path, target);
  await withDatabase(target, async (database) => {
    const app = await buildApp(target, database);
    try {
      await signUp(app, 'after-the-backup');
    } finally {
      await app.close();
    }
  });
  const cut = join(dir, `cut-${backup.file}`);
  copyFileSync(backup.path, cut);
  // The archive's listing is at its head, so on PostgreSQL the restore starts and fails near the end.
  truncateSync(cut, testEngine === 'sqlite' ? Math.floor(statSync(cut).size / 2) : statSync(cut).size - 64);
  await assert.rejects(
    restoreBackup(cut, target, { force: true }),
    testEngine === 'sqlite' ? refused(/fails PRAGMA integrity_check|cannot be read as a SQLite database/) : /The restore failed and was rolled back; .* is as it was\. pg_restore failed/,
  );
  await withDatabase(target, async (database) => assert.equal(await database.db.$count(database.db.t.users), 2, 'both users are still there'));
});

test(`a target with tables Conduit does not make is refused without --force, and they go with it (${testEngine})`, async () => {
  const target = await freshTarget();
  await withDatabase(target, (database) => execute(database, sql`CREATE TABLE leftover (x integer)`));
  await assert.rejects(restoreBackup(backup.path, target), refused(/holds tables this version of Conduit does not make \((public\.)?leftover\).*--force/));
  await restoreBackup(backup.path, target, { force: true });
  const tables = testEngine === 'sqlite' ? sql`SELECT name FROM sqlite_master WHERE name = 'leftover'` : sql`SELECT tablename AS name FROM pg_tables WHERE tablename = 'leftover'`;
  await withDatabase(target, async (database) => assert.deepEqual(await query(database, tables), []));
});

test(`the stamps move past every stamp the target handed out, and the next write stamps after them (${testEngine})`, async () => {
  const target = await freshTarget();
  const before = await withDatabase(target, async (database) => {
    const app = await buildApp(target, database);
    try {
      for (let i = 0; i < 5; i++) await signUp(app, `before-${i}`);
    } finally {
      await app.close();
    }
    return database.changes.latest();
  });
  assert.ok(before > siteStamp, `the target's stamps (${before}) are ahead of the backup's (${siteStamp}), as a site that went on after its backup`);

  const { stamp } = await restoreBackup(backup.path, target, { force: true });
  assert.ok(stamp > before);
  await withDatabase(target, async (database) => {
    // What a process that had caught up to `before` asks next: it learns that everything moved.
    assert.deepEqual(await database.changes.since(before), [{ scope: everything, seq: stamp }]);
    const app = await buildApp(target, database);
    try {
      await signUp(app, 'after');
    } finally {
      await app.close();
    }
    const next = await database.changes.since(stamp);
    assert.ok(next.length > 0 && next.every((c) => c.seq > stamp), JSON.stringify(next));
  });
});
