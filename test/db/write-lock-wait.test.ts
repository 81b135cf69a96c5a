// A write that finds another connection holding SQLite's write lock (another
// worker's write, or the checkpoint thread folding the WAL) waits for it
// without stopping the process: reads and timers go on meanwhile, and the
// write goes through once the lock is free (docs/decisions/0055, note of
// 2026-12-07 (2)). SQLite's own busy handler slept the whole thread instead.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import BetterSqlite from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { exec } from '../../src/db/sql.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { queryOne } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const skip = testEngine !== 'sqlite' && 'SQLite’s write lock';
const dir = mkdtempSync(join(tmpdir(), 'conduit-write-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a write waits for another connection’s write lock without blocking the event loop', { skip }, async () => {
  const path = join(dir, 'locked.db');
  const database = openSqlite(path);
  const other = new BetterSqlite(path);
  try {
    other.prepare('BEGIN IMMEDIATE').run();
    other.prepare("INSERT INTO counters (key, count, reset_at) VALUES ('other', 1, 0)").run();
    let written = false;
    const writing = database.transaction((tx) => exec(tx, sql`INSERT INTO counters (key, count, reset_at) VALUES ('mine', 1, 0)`)).then(() => (written = true));

    // While it waits, this process still answers: timers fire and the read connection reads.
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 5);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const read = await queryOne<{ n: number }>(database, sql`SELECT count(*) AS n FROM counters`);
    clearInterval(ticking);
    assert.equal(written, false, 'the write is still waiting for the lock');
    assert.ok(ticks >= 10, `timers kept firing while the write waited (${ticks})`);
    assert.equal(read.n, 0, 'reads go on, and see neither uncommitted write');

    other.prepare('COMMIT').run();
    await writing;
    const rows = await queryOne<{ keys: string }>(database, sql`SELECT group_concat(key, ',') AS keys FROM (SELECT key FROM counters ORDER BY key)`);
    assert.equal(rows.keys, 'mine,other', 'both writes are in, the waiting one after the other');
  } finally {
    if (other.inTransaction) other.prepare('ROLLBACK').run();
    other.close();
    await database.close();
  }
});
