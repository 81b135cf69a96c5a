import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { postgresChangeFeed } from './change-feed.js';
import { asDb, type Database, type Db } from './database.js';
import { migrationsFolder } from './migrations-folder.js';
import { errorCode } from './sql.js';
import { timedPostgresClient, type QueryObserver } from './timed-statements.js';
import * as tables from './schema/postgres.js';

// int8 (bigint columns, count(*), sum()) as a JS number, as SQLite gives it: every such value here
// is far below 2^53. Set for the whole process because Drizzle reads pg's global parsers.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

/** Any number taken at random: the key of the lock that lets one process at a time migrate. */
const MIGRATION_LOCK = 7_301_205_114;

const MAX_ATTEMPTS = 3;
const DEADLOCK_DETECTED = '40P01';
const SERIALIZATION_FAILURE = '40001';

function isRetryable(error: unknown): boolean {
  const code = errorCode(error);
  return code === DEADLOCK_DETECTED || code === SERIALIZATION_FAILURE;
}

/** Applies pending migrations while holding a lock, so servers starting together take turns. */
async function migrateUnderLock(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle({ client, schema: tables }), { migrationsFolder: migrationsFolder('postgres') });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** The URL with its password hidden, for logs and messages. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/**
 * PostgreSQL through a pool of `poolMax` connections. Several app servers may
 * start at once: migrations run under an advisory lock, so one applies them
 * and the others find them applied.
 */
export async function openPostgres(url: string, options: { poolMax: number; migrate?: boolean; observeQuery?: QueryObserver | undefined }): Promise<Database> {
  const pool = new pg.Pool({
    ...(options.observeQuery && { Client: timedPostgresClient(options.observeQuery) }),
    connectionString: url,
    max: options.poolMax,
    // A database that does not answer must fail the request (and the health check), not hang it.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const stats = { statements: 0 };
  const logger = { logQuery: () => void stats.statements++ };
  const orm = drizzle({ client: pool, schema: tables, logger });

  // Not migrated when only read from (the source of a copy); then it fails here, not later, when unreachable.
  if (options.migrate === false) await pool.query('SELECT 1');
  else await migrateUnderLock(pool);

  const database: Database = {
    engine: 'postgres',
    db: undefined as unknown as Db, // set below: a Db points back at its Database
    stats,
    description: describeUrl(url),
    changes: postgresChangeFeed(pool),
    async transaction<T>(body: (tx: Db) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await orm.transaction((tx) => body(asDb(tx, database, true, tables)));
        } catch (error) {
          // Two writers that lock the same rows in opposite orders: PostgreSQL aborts one, and
          // running it again is what it asks for. A body is only statements, so it can run again.
          if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
        }
      }
    },
    snapshot<T>(body: (db: Db) => Promise<T>): Promise<T> {
      return orm.transaction((tx) => body(asDb(tx, database, true, tables)), { isolationLevel: 'repeatable read', accessMode: 'read only' });
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      if (!pool.ended) await pool.end();
    },
  };
  Object.assign(database, { db: asDb(orm, database, false, tables) });
  return database;
}
