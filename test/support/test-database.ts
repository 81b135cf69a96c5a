import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Which engine this run of the suite tests. `npm test` runs the suite once on
 * SQLite and once on PostgreSQL (test/run-on-postgres.ts sets these).
 */
export const testEngine: 'sqlite' | 'postgres' = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** A server the tests may create databases on (the postgres maintenance database of it). */
export const testServerUrl = process.env.TEST_DATABASE_URL ?? 'postgres://conduit:conduit@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  /** What to put in the environment: DATABASE_PATH, or DATABASE_URL. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A database of its own for one test file (or one app in it): a temporary SQLite file, or a new PostgreSQL database. */
export async function scratchDatabase(engine = testEngine): Promise<ScratchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-test-'));
  const env: Record<string, string> = { DATABASE_PATH: join(dir, 'test.db') };
  if (engine === 'sqlite') return { env, drop: async () => rmSync(dir, { recursive: true, force: true }) };

  const name = `conduit_test_${randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return {
    env: { ...env, DATABASE_URL: url.toString() },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
      // An autovacuum worker may be in the database for a moment, and the test role may not end it: wait and retry.
      for (let attempt = 1; ; attempt++) {
        try {
          await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
          return;
        } catch (error) {
          if (attempt >= 10) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    },
  };
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Why the PostgreSQL test server cannot be used, or undefined when it answers. */
export async function postgresProblem(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: testServerUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `no server at ${shownUrl(testServerUrl)} (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A URL with its password hidden. */
export function shownUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
