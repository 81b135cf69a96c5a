// Backups and restores of a SQLite site (docs/decisions/0017).
import { SEARCH_INDEX_TABLES } from './search-index.js';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { getTableName, sql } from 'drizzle-orm';
import { everything } from '../cache/scopes.js';
import { BackupFailedError, RestoreRefusedError, type EngineBackups, type SiteFacts, type TargetFacts } from './backup-engine.js';
import { PARTIAL, syncFile } from './backup-files.js';
import { rows } from './sql.js';
import * as tables from './schema/sqlite.js';

/** The tables a Conduit database has besides the schema's: the migrations' record and SQLite's own. */
const INTERNAL_TABLES = ['__drizzle_migrations', 'sqlite_sequence'];

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The newest migration and the row counts of an open file, as `SiteFacts`. */
function siteFacts(db: BetterSqlite.Database): SiteFacts {
  const has = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  const count = (table: string) => (has(table) ? (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) : 0);
  const migration = has('__drizzle_migrations') ? (db.prepare('SELECT max(created_at) FROM __drizzle_migrations').pluck().get() as number | null) : null;
  return { migration: migration ?? undefined, rows: { users: count('users'), articles: count('articles') } };
}

/** integrity_check's findings: empty when the file is whole. */
function integrityProblems(db: BetterSqlite.Database): string[] {
  const found = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
  return found.length === 1 && found[0] === 'ok' ? [] : found;
}

export const sqliteBackups: EngineBackups = {
  engine: 'sqlite',
  describe: (settings) => resolve(settings.databasePath),

  /**
   * VACUUM INTO on a read-only connection: it reads one snapshot, so it
   * finishes whatever other processes write meanwhile (the backup API starts
   * over on every write from another connection and, under steady writes,
   * never ends), and it writes a new, compact file that it refuses to put over an existing one.
   */
  async copy(settings, partial) {
    let source: BetterSqlite.Database;
    try {
      source = new BetterSqlite(settings.databasePath, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new BackupFailedError(`Cannot open the database ${resolve(settings.databasePath)}: ${message(error)}`);
    }
    try {
      source.pragma('busy_timeout = 5000');
      source.prepare('VACUUM INTO ?').run(partial);
    } finally {
      source.close();
    }
    return undefined;
  },

  async check(partial) {
    let copy: BetterSqlite.Database | undefined;
    try {
      copy = new BetterSqlite(partial, { readonly: true, fileMustExist: true });
      const problems = integrityProblems(copy);
      if (problems.length > 0) throw new BackupFailedError(`PRAGMA integrity_check on the copy found: ${problems.slice(0, 5).join('; ')}`);
      const facts = siteFacts(copy);
      if (facts.migration === undefined) throw new BackupFailedError('The copy has no migrations table: is DATABASE_PATH a Conduit database?');
      return { method: 'PRAGMA integrity_check', detail: 'ok', facts };
    } catch (error) {
      if (error instanceof BackupFailedError) throw error;
      throw new BackupFailedError(`PRAGMA integrity_check on the copy failed: ${message(error)}`);
    } finally {
      copy?.close();
    }
  },

  async readBackup(file) {
    let backup: BetterSqlite.Database | undefined;
    try {
      backup = new BetterSqlite(file, { readonly: true, fileMustExist: true });
      const problems = integrityProblems(backup);
      if (problems.length > 0) throw new RestoreRefusedError(`${file} fails PRAGMA integrity_check: ${problems.slice(0, 5).join('; ')}. Restore another backup.`);
      return { migration: siteFacts(backup).migration };
    } catch (error) {
      if (error instanceof RestoreRefusedError) throw error;
      throw new RestoreRefusedError(`${file} cannot be read as a SQLite database (${message(error)}). Restore another backup.`);
    } finally {
      backup?.close();
    }
  },

  /**
   * Only a file nobody has open can be replaced: a server still running would
   * keep the old file open and go on writing to it, unseen. Taking SQLite's
   * exclusive lock without waiting tells: in WAL mode every open connection,
   * busy or idle, stands in its way.
   */
  async inspectTarget(settings) {
    const path = resolve(settings.databasePath);
    const facts: TargetFacts = { description: path, rows: undefined, unknownTables: [], newestStamp: 0 };
    if (!existsSync(path)) return facts;
    let db: BetterSqlite.Database;
    try {
      db = new BetterSqlite(path, { fileMustExist: true });
    } catch (error) {
      throw new RestoreRefusedError(`Cannot open ${path}: ${message(error)}`);
    }
    try {
      db.pragma('busy_timeout = 0');
      try {
        db.pragma('locking_mode = EXCLUSIVE');
        db.exec('BEGIN EXCLUSIVE');
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
          facts.unknownTables.push('(the file is not a SQLite database)');
          return facts;
        }
        throw new RestoreRefusedError(
          `${path} is in use by another process: stop the site (every server process, and anything else that has the file open) before restoring, or it would go on writing to the file being replaced.`,
        );
      }
      const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).filter((n) => !n.startsWith('sqlite_'));
      const known = new Set<string>([...Object.values(tables).map((t) => getTableName(t)), ...INTERNAL_TABLES, ...SEARCH_INDEX_TABLES.sqlite]);
      facts.unknownTables = names.filter((n) => !known.has(n));
      if (names.includes('users') && names.includes('articles')) facts.rows = siteFacts(db).rows;
      if (names.includes('cache_versions')) facts.newestStamp = (db.prepare('SELECT coalesce(max(seq), 0) FROM cache_versions').pluck().get() as number) ?? 0;
      db.exec('COMMIT');
      return facts;
    } finally {
      db.close();
    }
  },

  /** A copy beside the target, synced, renamed over it; the old file's WAL and shared memory go with it. */
  async replace(file, settings) {
    const path = resolve(settings.databasePath);
    const partial = `${path}.restore${PARTIAL}`;
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(file, partial);
    syncFile(partial);
    // Left by the old file (a clean close removes them): SQLite would apply an old WAL to the new file.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
    renameSync(partial, path);
    syncFile(dirname(path));
  },

  async stampEverything(database, after) {
    return database.transaction(async (tx) => {
      const [row] = await rows<{ seq: number }>(
        tx,
        sql`INSERT OR REPLACE INTO cache_versions (scope, seq) SELECT ${everything}, max(${after}, coalesce(max(seq), 0)) + 1 FROM cache_versions RETURNING seq`,
      );
      return row!.seq;
    });
  },
};
