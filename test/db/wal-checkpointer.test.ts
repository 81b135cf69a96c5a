// SQLite's WAL is folded back into the file by a thread of the process, not
// by the request that commits the 1 000th page (docs/decisions/0055): it
// starts once the database is being written to, folds while the writer goes
// on, stops when the database closes, and a process killed outright loses no
// committed write.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { exec } from '../../src/db/sql.js';
import { openSqlite, walPagesFolded, walRestarts } from '../../src/db/sqlite.js';
import { BACKSTOP_PAGES, START_AFTER_COMMITS } from '../../src/db/wal-checkpointer.js';
import { queryOne } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const skip = testEngine !== 'sqlite' && 'PostgreSQL checkpoints in its own server processes';
const dir = mkdtempSync(join(tmpdir(), 'conduit-wal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const root = join(import.meta.dirname, '..', '..');

test('a thread folds the WAL once the database is written to, and stops with it', { skip }, async () => {
  const path = join(dir, 'folded.db');
  const database = openSqlite(path);
  const write = (i: number) => database.transaction((tx) => exec(tx, sql`INSERT INTO counters (key, count, reset_at) VALUES (${`k${i}`}, ${i}, 0)`));
  for (let i = 0; i < START_AFTER_COMMITS - 1; i++) await write(i);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(walPagesFolded(database), 0, 'a database barely written keeps SQLite’s own checkpoints');
  for (let i = START_AFTER_COMMITS - 1; i < 3 * START_AFTER_COMMITS; i++) await write(i);
  const until = Date.now() + 10_000;
  while ((walPagesFolded(database) ?? 0) === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok((walPagesFolded(database) ?? 0) > 0, 'the thread copied committed pages into the file');
  await database.close();
  assert.equal(statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0, 0, 'closing still folds the rest and empties the WAL');
  const again = openSqlite(path);
  const row = await queryOne<{ n: number; total: number }>(again, sql`SELECT count(*) AS n, sum(count) AS total FROM counters`);
  await again.close();
  assert.deepEqual({ ...row }, { n: 3 * START_AFTER_COMMITS, total: ((3 * START_AFTER_COMMITS - 1) * 3 * START_AFTER_COMMITS) / 2 });
});

test('under steady writes the thread makes the WAL start over before the writer’s own checkpoint would', { skip }, async () => {
  const path = join(dir, 'restarted.db');
  const database = openSqlite(path);
  // A 30 KiB key spills into overflow pages, in the table and in its index: about 18 pages a write. Up to
  // more pages than BACKSTOP_PAGES, where the writer would fold and restart the WAL inside a COMMIT.
  const padding = 'x'.repeat(30 * 1024);
  const writes = Math.ceil((1.25 * BACKSTOP_PAGES) / 18);
  try {
    for (let i = 0; i < writes; i++) {
      await database.transaction((tx) => exec(tx, sql`INSERT INTO counters (key, count, reset_at) VALUES (${`k${i}:${padding}`}, ${i}, 0)`));
      // A millisecond apart, as requests come on a busy site: never long enough for PASSIVE to fold them all
      // before the next, but the thread's RESTART, which never waits for the lock, gets its turn.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    assert.ok((walRestarts(database) ?? 0) > 0, 'the thread restarted the WAL');
    // The WAL file keeps the size it reached: it never got near what the writer's backstop allows.
    const walBytes = statSync(`${path}-wal`).size;
    assert.ok(walBytes < BACKSTOP_PAGES * 4096, `the WAL stayed short of the backstop: ${walBytes} bytes`);
  } finally {
    await database.close();
  }
});

/** Runs test/db/write-and-leave-open.ts: another process that writes `writes` transactions to `path`, then `then`s. */
function writerProcess(path: string, writes: number, then: 'leave' | 'kill') {
  const script = join('test', 'db', 'write-and-leave-open.ts');
  return spawnSync(process.execPath, ['--import', 'tsx', script, path, String(writes), then], { cwd: root, encoding: 'utf8', timeout: 20_000 });
}

test('a process that never closes its database still exits once its work is done', { skip }, () => {
  const child = writerProcess(join(dir, 'left-open.db'), 2 * START_AFTER_COMMITS, 'leave');
  assert.match(child.stdout, /folded [1-9]/, `the thread ran in it: ${child.stdout}${child.stderr}`);
  assert.equal(child.signal, null, 'it had to be killed: the checkpoint thread kept it alive');
  assert.equal(child.status, 0, child.stderr);
});

test('a process killed outright (kill -9) while the thread folds loses no committed write', { skip }, async () => {
  const path = join(dir, 'killed.db');
  const writes = 5 * START_AFTER_COMMITS;
  const child = writerProcess(path, writes, 'kill');
  assert.match(child.stdout, /folded [1-9]/, `the thread ran in it: ${child.stdout}${child.stderr}`);
  assert.equal(child.signal, 'SIGKILL', child.stderr);
  const database = openSqlite(path);
  const row = await queryOne<{ n: number }>(database, sql`SELECT count(*) AS n FROM counters`);
  await database.close();
  assert.equal(row.n, writes);
});
