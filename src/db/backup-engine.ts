// What each engine does for backups and restores (./backup-sqlite.ts,
// ./backup-postgres.ts, loaded by ./load-backup-engine.ts), and the errors
// that tell the person running them what to do.
import type { Database, Engine } from './database.js';
import type { DatabaseSettings } from './open.js';

/** A backup that did not happen or did not pass its check: nothing was left under a backup's name. */
export class BackupFailedError extends Error {}

/** A restore refused before the target was touched, with what to do instead. */
export class RestoreRefusedError extends Error {}

/** What a copy holds, read in the copy itself or in the snapshot it was taken from. */
export interface SiteFacts {
  /** The newest migration applied (migrations-folder.ts's stamp); undefined: not a Conduit database. */
  migration: number | undefined;
  rows: { users: number; articles: number };
}

/** The database a restore would replace, as it is now. */
export interface TargetFacts {
  /** Where it is, for messages (never with a password). */
  description: string;
  /** Rows of a Conduit database; undefined when it has no such tables (new, or not Conduit's). */
  rows: { users: number; articles: number } | undefined;
  /** Tables in it that this version of Conduit does not make. */
  unknownTables: string[];
  /** The newest cache stamp it ever handed out (0 for none): the restored stamps go past it. */
  newestStamp: number;
}

export interface EngineBackups {
  engine: Engine;
  /** Where the configured database is, for messages (never with a password). */
  describe(settings: DatabaseSettings): string;
  /** Copies the live database as it was at one moment to `partial`, which must not exist; what it holds, when the engine reads that from the same moment. */
  copy(settings: DatabaseSettings, partial: string, timeoutMs: number): Promise<SiteFacts | undefined>;
  /** Checks a copy; throws BackupFailedError with the reason. */
  check(partial: string, timeoutMs: number, facts: SiteFacts | undefined): Promise<{ method: string; detail: string; facts: SiteFacts }>;
  /** Checks a backup again before a restore, and reads its schema version. */
  readBackup(file: string, timeoutMs: number): Promise<{ migration: number | undefined }>;
  /** What the target holds; throws RestoreRefusedError when something else has it open. */
  inspectTarget(settings: DatabaseSettings): Promise<TargetFacts>;
  /** Replaces everything in the target with the backup's contents. */
  replace(file: string, settings: DatabaseSettings, timeoutMs: number): Promise<void>;
  /**
   * Stamps `everything` (src/cache/scopes.ts) past `after` and every stamp the
   * restored database has, so the next stamp drawn follows it; returns it.
   */
  stampEverything(database: Database, after: number): Promise<number>;
}
