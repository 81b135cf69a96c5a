import type { Database } from './database.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';

export interface DatabaseSettings {
  /** postgres://… runs on PostgreSQL; unset, `databasePath` is a SQLite file. */
  databaseUrl?: string | undefined;
  databasePath: string;
  /** Connections per process on PostgreSQL. */
  databasePoolMax?: number;
  /** Open an existing database as it is, to read from only: no migrations, no writes (a copy's source). */
  readOnly?: boolean;
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(settings: DatabaseSettings): Promise<Database> {
  return settings.databaseUrl
    ? openPostgres(settings.databaseUrl, { poolMax: settings.databasePoolMax ?? 10, migrate: !settings.readOnly })
    : openSqlite(settings.databasePath, { readOnly: settings.readOnly ?? false });
}
