// One consistent, checked backup of the site to BACKUP_DIR, then the old ones
// past the retention rule removed. See docs/decisions/0017.
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BackupConfig } from '../config.js';
import { BackupFailedError } from './backup-engine.js';
import { engineBackups } from './load-backup-engine.js';
import {
  backupName,
  listBackups,
  PARTIAL,
  removeAbandonedPartials,
  syncFile,
  writeAttempt,
  writeJsonAtomically,
  type BackupRecord,
} from './backup-files.js';
import { retention } from './backup-retention.js';
import { migrationName } from './migrations-folder.js';

export { BackupFailedError } from './backup-engine.js';

export interface BackupSettings {
  /** Set: PostgreSQL at this URL; unset: the SQLite file at databasePath. */
  databaseUrl?: string | undefined;
  databasePath: string;
  backup: Omit<BackupConfig, 'scheduleCron'>;
}

export interface BackupReport extends BackupRecord {
  /** Where the backup is. */
  path: string;
  /** The backups left in the folder, newest first, each with why it is kept. */
  kept: Array<{ file: string; why: string[] }>;
  /** Removed by the retention rule. */
  removed: string[];
}

export interface BackupOptions {
  /** How long pg_dump and each check may take (default an hour). */
  timeoutMs?: number;
  /** For tests: runs on the written copy before it is checked. */
  beforeCheck?: (partialPath: string) => void | Promise<void>;
}

const HOUR = 60 * 60 * 1000;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Takes one backup: the database as it was at one moment, copied without
 * stopping the site, to a partial file in BACKUP_DIR; checked; synced to disk;
 * renamed to its final name; described in a sidecar. Only then are the
 * backups past the retention rule removed. A copy that fails its check is
 * deleted, the attempt is recorded as failed, and BackupFailedError says why:
 * the backups already there are untouched. `clock` dates the backup (and is
 * the "now" of the retention rule).
 */
export async function takeBackup(settings: BackupSettings, clock: () => number = Date.now, options: BackupOptions = {}): Promise<BackupReport> {
  const timeoutMs = options.timeoutMs ?? HOUR;
  const engine = settings.databaseUrl ? 'postgres' : 'sqlite';
  const dir = resolve(settings.backup.dir);
  const takenAt = clock();
  const file = backupName(engine, takenAt);
  const path = join(dir, file);
  const partial = `${path}${PARTIAL}`;

  let record: BackupRecord;
  let ours = false; // whether the partial file is this attempt's to remove
  try {
    mkdirSync(dir, { recursive: true });
    const backups = await engineBackups(engine);
    const started = performance.now();
    removeAbandonedPartials(dir, takenAt, timeoutMs + HOUR);
    if (existsSync(path) || existsSync(partial)) throw new BackupFailedError(`${file} already exists: one backup per second at most.`);
    ours = true;
    const facts = await backups.copy(settings, partial, timeoutMs);
    const copied = performance.now();
    await options.beforeCheck?.(partial);
    const check = await backups.check(partial, timeoutMs, facts);
    syncFile(partial);
    const checked = performance.now();
    renameSync(partial, path);
    syncFile(dir);
    const migration = check.facts.migration!;
    record = {
      file,
      engine,
      takenAt: new Date(takenAt).toISOString(),
      bytes: statSync(path).size,
      durationMs: Math.round(performance.now() - started),
      copyMs: Math.round(copied - started),
      checkMs: Math.round(checked - copied),
      check: { ok: true, method: check.method, detail: check.detail },
      schema: { migration, name: migrationName(engine, migration) },
      rows: check.facts.rows,
      source: backups.describe(settings),
    };
    writeJsonAtomically(`${path}.json`, record);
  } catch (error) {
    const reason = message(error);
    try {
      if (ours) rmSync(partial, { force: true });
      writeAttempt(dir, { at: new Date(takenAt).toISOString(), ok: false, reason });
    } catch {
      // The folder itself may be what failed; the error below says so.
    }
    throw error instanceof BackupFailedError ? error : new BackupFailedError(reason, { cause: error });
  }
  writeAttempt(dir, { at: record.takenAt, ok: true, file });

  // Only now that the new backup is safe do old ones go.
  const { kept, removed } = retention(listBackups(dir), clock(), settings.backup);
  for (const old of removed) {
    rmSync(old.path, { force: true });
    rmSync(`${old.path}.json`, { force: true });
  }
  if (removed.length > 0) syncFile(dir);
  return { ...record, path, kept: kept.map(({ backup, why }) => ({ file: backup.file, why })), removed: removed.map((r) => r.file) };
}

