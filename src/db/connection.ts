import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface Database_ {
  /** Drizzle over the connection: what the domain uses. */
  db: Db;
  /** The raw connection, for pragmas, bulk loads and closing. */
  sqlite: Database.Database;
  /** Statements run so far; tests and the benchmark read it to catch per-row queries. */
  stats: { statements: number };
  close(): void;
}

export const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Opens (creating if needed) the database, sets the pragmas every connection needs and applies migrations. */
export function openDatabase(path: string): Database_ {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const stats = { statements: 0 };
  const db = drizzle(sqlite, {
    schema,
    logger: { logQuery: () => void stats.statements++ },
  });
  migrate(db, { migrationsFolder });
  return {
    db,
    sqlite,
    stats,
    close() {
      if (!sqlite.open) return;
      // Folds the WAL back so the file is whole for copies and backups.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.pragma('optimize');
      sqlite.close();
    },
  };
}

/** The SQLite connection under a Drizzle database (not under a transaction's handle). */
export function sqliteOf(db: Db): Database.Database {
  const client = (db as Db & { $client?: Database.Database }).$client;
  if (!client) throw new Error('sqliteOf needs the database opened by openDatabase, not a transaction');
  return client;
}
