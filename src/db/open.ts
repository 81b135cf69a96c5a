import type { Database } from './database.js';
import type { QueryObserver } from './timed-statements.js';

export interface DatabaseSettings {
  /** postgres://… runs on PostgreSQL; unset, `databasePath` is a SQLite file. */
  databaseUrl?: string | undefined;
  databasePath: string;
  /** Connections per process on PostgreSQL. */
  databasePoolMax?: number;
  /** Open an existing database as it is, to read from only: no migrations, no writes (a copy's source). */
  readOnly?: boolean;
  /** Told each statement's time (metrics); unset, statements are not timed at all. */
  observeQuery?: QueryObserver | undefined;
}

/**
 * Opens the configured database and brings its schema up to date. Each
 * engine's driver is loaded only when it is used: a process on SQLite never
 * loads node-postgres (about 8 MB and 100 ms of start-up per process), and one
 * on PostgreSQL never loads better-sqlite3.
 */
export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  if (settings.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(settings.databaseUrl, { poolMax: settings.databasePoolMax ?? 10, migrate: !settings.readOnly, observeQuery: settings.observeQuery });
  }
  const { openSqlite } = await import('./sqlite.js');
  return openSqlite(settings.databasePath, { readOnly: settings.readOnly ?? false, observeQuery: settings.observeQuery });
}
