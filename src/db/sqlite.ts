import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sqliteChangeFeed } from './change-feed.js';
import { asDb, type Database, type Db } from './database.js';
import { migrationsFolder } from './migrations-folder.js';
import { timeSqliteStatements, type QueryObserver } from './timed-statements.js';
import { walCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';
import * as tables from './schema/sqlite.js';

/**
 * SQLite in one file, on two connections (docs/decisions/0014):
 *
 * - a read-only one for every read outside a write, so a read never sees
 *   another request's uncommitted write, and a write outside a transaction
 *   fails loudly instead of joining whichever transaction is open;
 * - a writing one, used by one transaction at a time (a queue in this
 *   process, SQLite's lock and busy_timeout between processes).
 *
 * The domain awaits every statement, but on SQLite each one runs
 * synchronously, so a transaction body holds the writer only as long as its
 * own statements take: it must never await anything else (hash first).
 */
/**
 * One queue of write transactions per file in this process, shared by every
 * Database opened on it. Two opened in one process (the tests' second
 * instance) must not both hold a transaction: the second BEGIN would wait
 * for the first in busy_timeout, synchronously, and so stop the very thread
 * that would finish the first.
 */
const writeQueues = new Map<string, Promise<unknown>>();

const checkpointers = new WeakMap<Database, WalCheckpointer>();
/** WAL pages folded into the file off the request path so far, for a database openSqlite opened (tests). */
export const walPagesFolded = (database: Database): number | undefined => checkpointers.get(database)?.pagesFolded;
/** Times its thread made the WAL start over, for a database openSqlite opened (tests). */
export const walRestarts = (database: Database): number | undefined => checkpointers.get(database)?.restarts;

/**
 * `readOnly`: an existing file, opened for reading only, as it is (no
 * migrations): the source of a copy, which a site may still be serving.
 */
export function openSqlite(path: string, options: { readOnly?: boolean; observeQuery?: QueryObserver | undefined } = {}): Database {
  if (path === ':memory:') throw new Error('DATABASE_PATH must be a file: reads and writes use two connections to it');
  if (options.readOnly) return openReadOnly(path);
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const writer = new BetterSqlite(path);
  writer.pragma('journal_mode = WAL');
  writer.pragma('synchronous = NORMAL');
  writer.pragma('foreign_keys = ON');
  writer.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`); // for the migrations, which every worker runs as it starts
  const stats = { statements: 0 };
  const logger = { logQuery: () => void stats.statements++ };
  const writerOrm = drizzle(writer, { schema: tables, logger });
  migrate(writerOrm, { migrationsFolder: migrationsFolder('sqlite') });
  // From here on the writer never sleeps in SQLite's busy handler, which would stop this whole process,
  // reads included, while another process or the checkpoint thread holds the write lock: BEGIN waits
  // for it without blocking (beginWhenFree).
  writer.pragma('busy_timeout = 0');

  const reader = new BetterSqlite(path, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  if (options.observeQuery) {
    timeSqliteStatements(writer, options.observeQuery);
    timeSqliteStatements(reader, options.observeQuery);
  }
  const readerOrm = drizzle(reader, { schema: tables, logger });

  const begin = writer.prepare('BEGIN IMMEDIATE');
  const commit = writer.prepare('COMMIT');
  const rollback = writer.prepare('ROLLBACK');
  const file = resolve(path);
  // Checkpoints off the request path, once the database is being written to (docs/decisions/0055).
  const folding = walCheckpointer(writer, file);

  const database: Database = {
    engine: 'sqlite',
    db: undefined as unknown as Db, // set below: a Db points back at its Database
    stats,
    description: file,
    changes: sqliteChangeFeed(reader),
    transaction<T>(body: (tx: Db) => Promise<T>): Promise<T> {
      const run = async () => {
        // IMMEDIATE takes the write lock now (waiting for another process's write), so a
        // transaction that reads first cannot fail later on a snapshot that went stale.
        await beginWhenFree(begin);
        try {
          const result = await body(writing);
          commit.run();
          folding.committed();
          return result;
        } catch (error) {
          if (writer.inTransaction) rollback.run();
          throw error;
        }
      };
      const result = (writeQueues.get(file) ?? Promise.resolve()).then(run, run);
      writeQueues.set(file, result.catch(() => undefined));
      return result;
    },
    snapshot: (body) => inSnapshot(reader, () => body(database.db)),
    ping: async () => void reader.prepare('SELECT 1').get(),
    async close() {
      await writeQueues.get(file);
      await folding.stop();
      if (reader.open) reader.close();
      if (!writer.open) return;
      writer.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // Folds the WAL back so the file is whole for copies and backups.
      writer.pragma('wal_checkpoint(TRUNCATE)');
      writer.pragma('optimize');
      writer.close();
    },
  };
  Object.assign(database, { db: asDb(readerOrm, database, false, tables) });
  checkpointers.set(database, folding);
  const writing = asDb(writerOrm, database, true, tables);
  return database;
}

function openReadOnly(path: string): Database {
  const reader = new BetterSqlite(path, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  const stats = { statements: 0 };
  const readerOrm = drizzle(reader, { schema: tables, logger: { logQuery: () => void stats.statements++ } });
  const database: Database = {
    engine: 'sqlite',
    db: undefined as unknown as Db,
    stats,
    description: resolve(path),
    changes: sqliteChangeFeed(reader),
    transaction: () => Promise.reject(new Error(`${resolve(path)} is open for reading only`)),
    snapshot: (body) => inSnapshot(reader, () => body(database.db)),
    ping: async () => void reader.prepare('SELECT 1').get(),
    async close() {
      if (reader.open) reader.close();
    },
  };
  Object.assign(database, { db: asDb(readerOrm, database, false, tables) });
  return database;
}

/** How long a write waits for another process's write lock before it fails (SQLITE_BUSY), as busy_timeout did. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * BEGIN IMMEDIATE, retried every millisecond while another connection holds
 * the write lock (another worker's write, or the checkpoint thread folding
 * the WAL), for up to BUSY_TIMEOUT_MS. SQLite's own busy handler would sleep
 * the thread instead, in steps of 1, 2, 5, 10 ms and more: every request of
 * this process, reads too, would wait for the lock and then for the step
 * (docs/decisions/0055, note of 2026-12-07 (2)).
 */
async function beginWhenFree(begin: BetterSqlite.Statement): Promise<void> {
  const until = performance.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      begin.run();
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || performance.now() >= until) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Runs `body` in a read transaction on the read-only connection: every read in it sees one moment. */
async function inSnapshot<T>(reader: BetterSqlite.Database, body: () => Promise<T>): Promise<T> {
  reader.prepare('BEGIN').run();
  try {
    return await body();
  } finally {
    reader.prepare('COMMIT').run();
  }
}
