// Restoring a backup into the configured database, on the engine it was taken
// from, with the site stopped. See docs/decisions/0017.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RestoreRefusedError } from './backup-engine.js';
import { engineBackups } from './load-backup-engine.js';
import type { BackupRecord } from './backup-files.js';
import type { Engine } from './database.js';
import { appliedMigration, knownMigrations, migrationName, newestMigration } from './migrations-folder.js';
import { openDatabase, type DatabaseSettings } from './open.js';

export { RestoreRefusedError } from './backup-engine.js';

export interface RestoreReport {
  engine: Engine;
  /** The database restored into (never with a password). */
  target: string;
  backup: { path: string; migration: number; name: string | undefined; takenAt: string | undefined };
  /** The schema after the restore: the backup's, or newer when this code migrated it forward. */
  migratedTo: { migration: number; name: string | undefined };
  rows: { users: number; articles: number };
  /** What the backup's sidecar says it held, when there is one. */
  recorded: { users: number; articles: number } | undefined;
  /** What the target held before, when --force replaced a site. */
  replaced: { users: number; articles: number } | undefined;
  /** The stamp that retires every cache kept before the restore (src/cache/scopes.ts's `everything`). */
  stamp: number;
  durationMs: number;
}

const ENGINE_NAME: Record<Engine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const some = (n: number, noun: string) => `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;

/** What a file is, by its first bytes: a SQLite database, a pg_dump custom archive, or neither. */
export function backupEngine(path: string): Engine | undefined {
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  if (head.toString('latin1', 0, 5) === 'PGDMP') return 'postgres';
  return undefined;
}

function sidecar(path: string): BackupRecord | undefined {
  try {
    return JSON.parse(readFileSync(`${path}.json`, 'utf8')) as BackupRecord;
  } catch {
    return undefined;
  }
}

/**
 * Replaces the configured database with a backup's contents, then migrates it
 * to this code's schema and stamps every cache scope past any stamp the
 * database had. Refused, before anything is touched: a file that is not a
 * backup, one from the other engine, one from a schema newer than this code
 * (or one it does not know), a target another process has open, and a target
 * that holds a site or tables Conduit does not make, unless `force`.
 */
export async function restoreBackup(file: string, settings: DatabaseSettings, options: { force?: boolean; timeoutMs?: number } = {}): Promise<RestoreReport> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 60 * 60 * 1000;
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new RestoreRefusedError(`No backup at ${file}.`);
  const engine = backupEngine(path);
  if (!engine) throw new RestoreRefusedError(`${file} is not a Conduit backup: neither a SQLite database nor a pg_dump archive.`);
  const targetEngine: Engine = settings.databaseUrl ? 'postgres' : 'sqlite';
  const backups = await engineBackups(engine);
  if (engine !== targetEngine) {
    throw new RestoreRefusedError(
      `${file} is a ${ENGINE_NAME[engine]} backup, and this site runs on ${ENGINE_NAME[targetEngine]}. A backup restores on the engine it was taken from: ` +
        `restore it into a ${ENGINE_NAME[engine]} database (${engine === 'postgres' ? 'set DATABASE_URL' : 'unset DATABASE_URL, set DATABASE_PATH'}), then move the site across with npm run db:copy.`,
    );
  }

  const { migration } = await backups.readBackup(path, timeoutMs);
  if (migration === undefined) throw new RestoreRefusedError(`${file} holds no record of migrations: it is not a backup of a Conduit site.`);
  const newest = newestMigration(engine);
  if (migration > newest) {
    throw new RestoreRefusedError(
      `${file} was taken at a newer schema (migration of ${new Date(migration).toISOString()}) than this version of Conduit knows ` +
        `(newest: ${migrationName(engine, newest)}): restore it with the version that took it, or a later one.`,
    );
  }
  if (!knownMigrations(engine).some((m) => m.when === migration)) {
    throw new RestoreRefusedError(`${file} was taken at a schema this version of Conduit does not know (migration stamp ${migration}): restore it with the version that took it.`);
  }

  const target = await backups.inspectTarget(settings);
  if (target.unknownTables.length > 0 && !options.force) {
    throw new RestoreRefusedError(
      `${target.description} holds tables this version of Conduit does not make (${target.unknownTables.join(', ')}): is it the right database? --force replaces it all.`,
    );
  }
  const holdsSite = target.rows !== undefined && (target.rows.users > 0 || target.rows.articles > 0);
  if (holdsSite && !options.force) {
    throw new RestoreRefusedError(
      `${target.description} already holds a site (${some(target.rows!.users, 'user')}, ${some(target.rows!.articles, 'article')}); use --force to replace it.`,
    );
  }

  await backups.replace(path, settings, timeoutMs);

  // Brought to this code's schema, as a server starting on it would; then every cache kept before is retired.
  const database = await openDatabase({ ...settings, databasePoolMax: 2, readOnly: false });
  try {
    const stamp = await backups.stampEverything(database, target.newestStamp);
    const migratedTo = (await appliedMigration(database))!;
    const { users, articles } = database.db.t;
    const rows = { users: await database.db.$count(users), articles: await database.db.$count(articles) };
    const record = sidecar(path);
    return {
      engine,
      target: target.description,
      backup: { path, migration, name: migrationName(engine, migration), takenAt: record?.takenAt },
      migratedTo: { migration: migratedTo, name: migrationName(engine, migratedTo) },
      rows,
      recorded: record?.rows,
      replaced: holdsSite ? target.rows : undefined,
      stamp,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await database.close();
  }
}
