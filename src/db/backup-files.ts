// The backup folder: how backups are named, what is written beside each, and
// the last attempt's outcome. See docs/decisions/0017.
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from './database.js';

/** What a backup file holds, by its ending: a SQLite database, or a pg_dump archive in custom format. */
export const EXTENSION: Record<Engine, string> = { sqlite: 'sqlite', postgres: 'pgdump' };

/** conduit-2026-12-06T21-40-00Z.sqlite: sorts by time, says the engine. */
const NAME = /^conduit-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z\.(sqlite|pgdump)$/;

/** Written under this ending first, and renamed to the final name only once checked and on disk. */
export const PARTIAL = '.partial';

/** The outcome of the last attempt, good or not, for `npm run db:backup -- --status`. */
export const STATUS_FILE = 'last-attempt.json';

export function backupName(engine: Engine, takenAt: number): string {
  const stamp = new Date(takenAt).toISOString().slice(0, 19).replace(/:/g, '-');
  return `conduit-${stamp}Z.${EXTENSION[engine]}`;
}

/** The engine and time a backup's name says, or undefined for any other file. */
export function parseBackupName(name: string): { engine: Engine; takenAt: number } | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const [, day, h, m, s, extension] = match;
  return { engine: extension === 'sqlite' ? 'sqlite' : 'postgres', takenAt: Date.parse(`${day}T${h}:${m}:${s}Z`) };
}

/** What is written beside each backup (its name plus .json) once it passed its check. */
export interface BackupRecord {
  file: string;
  engine: Engine;
  /** When it was started: every write acknowledged before then is in it. ISO 8601. */
  takenAt: string;
  bytes: number;
  /** From start to the file under its final name: copy, check and sync. */
  durationMs: number;
  copyMs: number;
  checkMs: number;
  check: { ok: true; method: string; detail: string };
  /** The newest migration applied to what was copied (migrations-folder.ts's stamp, and its file's name). */
  schema: { migration: number; name: string | undefined };
  /** Rows in the copy, to recognise it by. */
  rows: { users: number; articles: number };
  /** The database it was taken from (never with a password). */
  source: string;
}

/** The last attempt: a good backup's record, or why it failed. */
export type AttemptRecord = { at: string; ok: true; file: string } | { at: string; ok: false; reason: string };

export interface StoredBackup {
  file: string;
  path: string;
  engine: Engine;
  takenAt: number;
  bytes: number;
  /** Its sidecar, when there is one that parses. */
  record: BackupRecord | undefined;
}

/** The backups in `dir`, newest first; files that are not backups (sidecars, partial files) are left out. */
export function listBackups(dir: string): StoredBackup[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .flatMap((file) => {
      const parsed = parseBackupName(file);
      if (!parsed) return [];
      const path = join(dir, file);
      return [{ file, path, ...parsed, bytes: statSync(path).size, record: readJson<BackupRecord>(`${path}.json`) }];
    })
    .sort((a, b) => b.takenAt - a.takenAt);
}

export function readAttempt(dir: string): AttemptRecord | undefined {
  return readJson<AttemptRecord>(join(dir, STATUS_FILE));
}

export function writeAttempt(dir: string, record: AttemptRecord): void {
  writeJsonAtomically(join(dir, STATUS_FILE), record);
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Writes `value` beside its final name, syncs it, renames it into place and syncs the folder. */
export function writeJsonAtomically(path: string, value: unknown): void {
  const partial = `${path}${PARTIAL}`;
  writeFileSync(partial, `${JSON.stringify(value, null, 2)}\n`);
  syncFile(partial);
  renameSync(partial, path);
  syncFile(join(path, '..'));
}

/** Flushes a file, or a folder's entries, to the disk. */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes partial files left by an attempt that died (a crash, a kill) more
 * than `olderThanMs` ago: an attempt still running writes to its own often.
 */
export function removeAbandonedPartials(dir: string, now: number, olderThanMs: number): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(PARTIAL)) continue;
    const path = join(dir, name);
    if (now - statSync(path).mtimeMs < olderThanMs) continue;
    rmSync(path, { force: true });
    removed.push(name);
  }
  return removed;
}
