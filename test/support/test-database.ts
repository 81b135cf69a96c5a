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

/** Why the PostgreSQL test server cannot be used: what is wrong, and what would make it usable. */
export interface PostgresProblem {
  /** e.g. `no server at postgres://…`, `the server at … refused the role "conduit" (…)`. */
  reason: string;
  /** The next step, as a sentence: the README's set-up commands, or TEST_DATABASE_URL. */
  remedy: string;
}

const CREATE_ROLE = `sudo -u postgres psql -c "CREATE ROLE conduit LOGIN CREATEDB PASSWORD 'conduit'"`;

/**
 * Whether the PostgreSQL test server can be used: undefined when it answers and the role may create
 * databases, else why not. The one check behind both the integration run on PostgreSQL and the
 * Playwright chromium-postgres project (test/run-e2e.ts, e2e/fixtures.ts).
 */
export async function postgresProblem(): Promise<PostgresProblem | undefined> {
  const shown = shownUrl(testServerUrl);
  const custom = process.env.TEST_DATABASE_URL !== undefined;
  const url = new URL(testServerUrl);
  const role = decodeURIComponent(url.username) || 'conduit';
  const client = new pg.Client({ connectionString: testServerUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    // Every test file makes a database of its own.
    const { rows } = await client.query<{ may: boolean }>(
      'SELECT rolcreatedb OR rolsuper AS may FROM pg_roles WHERE rolname = current_user',
    );
    if (rows[0]?.may) return undefined;
    return {
      reason: `the role "${role}" at ${shown} may not create databases`,
      remedy: `To enable it: sudo -u postgres psql -c "ALTER ROLE ${role} CREATEDB"`,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof pg.DatabaseError)) {
      // Nothing answered as PostgreSQL: refused, unresolvable host, timed out.
      return {
        reason: `no server at ${shown} (${message})`,
        remedy: custom
          ? 'To enable it: start that server, or correct TEST_DATABASE_URL'
          : `To enable it: install and start PostgreSQL (Debian: sudo apt-get install postgresql), then ${CREATE_ROLE}; ` +
            'or set TEST_DATABASE_URL to a server of your own',
      };
    }
    switch (error.code) {
      case '28P01': // invalid_password: also what a missing role looks like under password authentication
      case '28000': // invalid_authorization_specification: no such role, or no pg_hba.conf line for it
        return {
          reason: `the server at ${shown} refused the role "${role}" (${message})`,
          remedy: custom
            ? `To enable it: create that role (LOGIN CREATEDB, with the password in TEST_DATABASE_URL), or correct TEST_DATABASE_URL`
            : `To enable it: ${CREATE_ROLE}; or set TEST_DATABASE_URL`,
        };
      case '3D000': // invalid_catalog_name
        return {
          reason: `the server at ${shown} has no database "${url.pathname.slice(1)}" (${message})`,
          remedy: 'To enable it: point TEST_DATABASE_URL at a database that exists (postgres, the maintenance database, always does)',
        };
      default: // e.g. 53300 too many connections, 57P03 still starting up
        return {
          reason: `the server at ${shown} did not let the role "${role}" in (${error.code}: ${message})`,
          remedy: 'To enable it: see Set-up in README.md, or set TEST_DATABASE_URL',
        };
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * What a runner says when it cannot use PostgreSQL for `part` of `npm test`, and whether the run goes
 * on: outside CI one line saying what was skipped and how to enable it; in CI, which installs
 * PostgreSQL and must never skip, the reason it fails.
 */
export function reportPostgresProblem(part: string, problem: PostgresProblem): 'skip' | 'fail' {
  if (process.env.CI) {
    console.error(`FAILED ${part}: PostgreSQL is required in CI, and ${problem.reason}.`);
    return 'fail';
  }
  console.warn(`SKIPPED ${part}: ${problem.reason}. ${problem.remedy}.`);
  return 'skip';
}

/** A URL with its password hidden. */
export function shownUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
