import type { SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import type { ProcessMetrics } from '../../src/metrics/process-metrics.js';
import { exec, rows } from '../../src/db/sql.js';
import { scratchDatabase } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** Rows of a plain SQL query, as another client of the database would read them. */
export function query<T = Record<string, unknown>>(database: Database, statement: SQL): Promise<T[]> {
  return rows<T>(database.db, statement);
}

/** The first row of `query`, which must have one. */
export async function queryOne<T = Record<string, unknown>>(database: Database, statement: SQL): Promise<T> {
  const [row] = await query<T>(database, statement);
  if (row === undefined) throw new Error('the query returned no row');
  return row;
}

/** A plain SQL write behind the app's back (as a person with a SQL console would make one); returns rows changed. */
export function execute(database: Database, statement: SQL): Promise<number> {
  return database.transaction((tx) => exec(tx, statement));
}

/** A clock a test moves by hand: idle timeouts and windows without sleeping. */
export class TestClock {
  constructor(public ms = Date.now()) {}
  readonly now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * A fresh app on a fresh database of the engine under test (a temporary
 * SQLite file, or a new PostgreSQL database); `now` replaces the app's clock.
 */
export async function createTestApp(env: Record<string, string> = {}, options: { now?: () => number; metrics?: ProcessMetrics } = {}): Promise<TestApp> {
  const scratch = await scratchDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    ...scratch.env,
    ...env,
  });
  const { metrics, ...services } = options;
  // With metrics, wired as src/server.ts wires them: statements timed, requests counted.
  const database = await openDatabase({ ...config, observeQuery: metrics?.observeQuery });
  const app = await buildApp(config, database, { ...services, metrics: metrics?.series });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
      await scratch.drop();
    },
  };
}

/**
 * Another app on the same database file, as a second worker process or
 * another machine would run it: its own connection, nothing in memory;
 * `now` its clock (give it the first one's TestClock to share one time).
 */
export async function secondInstance(t: TestApp, options: { now?: () => number } = {}): Promise<TestApp> {
  const database = await openDatabase(t.config);
  const app = await buildApp(t.config, database, options);
  await app.ready();
  return {
    app,
    database,
    config: t.config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * Two instances on one fresh database, as two workers or app servers run:
 * `a` from createTestApp (with `env` and `options`), `b` from secondInstance (with the same clock).
 * `close` ends both, the second first, and drops the database.
 */
export async function twoInstances(env: Record<string, string> = {}, options: { now?: () => number } = {}): Promise<{ a: TestApp; b: TestApp; close(): Promise<void> }> {
  const a = await createTestApp(env, options);
  // One clock for both: a test that moves time moves it for each instance.
  const b = await secondInstance(a, options);
  return {
    a,
    b,
    async close() {
      await b.close();
      await a.close();
    },
  };
}

/**
 * The SQL statements `send` runs on a fresh instance of the app (nothing
 * cached, as a process that just started): what building the answer costs.
 */
export async function coldStatements<R extends { statusCode: number }>(t: TestApp, send: (app: FastifyInstance) => Promise<R>) {
  const cold = await secondInstance(t);
  try {
    const before = cold.database.stats.statements;
    const res = await send(cold.app);
    return { n: cold.database.stats.statements - before, res };
  } finally {
    await cold.close();
  }
}
