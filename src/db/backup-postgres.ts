// Backups and restores of a PostgreSQL site with pg_dump, pg_restore and psql
// (docs/decisions/0017).
import { SEARCH_INDEX_TABLES } from './search-index.js';
import { getTableName, sql } from 'drizzle-orm';
import pg from 'pg';
import { everything } from '../cache/scopes.js';
import { BackupFailedError, RestoreRefusedError, type EngineBackups, type SiteFacts, type TargetFacts } from './backup-engine.js';
import { describeUrl } from './postgres.js';
import { startTool, runTool, toolConnection, ToolError } from './postgres-tools.js';
import { rows } from './sql.js';
import * as tables from './schema/postgres.js';

/** The key of the lock under which stamps are drawn (migrations/postgres/0002…): a restore's stamp is drawn under it too. */
const STAMP_LOCK = 7_301_205_115;

/** Drizzle's migrator keeps its record in a schema of its own. */
const MIGRATIONS_SCHEMA = 'drizzle';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function connect(url: string, fail: (reason: string) => Error): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: 'conduit-backup' });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw fail(`Cannot connect to ${describeUrl(url)}: ${message(error)}`);
  }
  return client;
}

/** The newest migration and the row counts, as the client's transaction sees them. */
async function readFacts(client: pg.Client): Promise<SiteFacts> {
  const { rows: [has] } = await client.query<{ migrations: boolean; users: boolean; articles: boolean }>(
    `SELECT to_regclass('${MIGRATIONS_SCHEMA}.__drizzle_migrations') IS NOT NULL AS migrations,
            to_regclass('users') IS NOT NULL AS users, to_regclass('articles') IS NOT NULL AS articles`,
  );
  const one = async (query: string) => Number((await client.query<{ v: string | number | null }>(query)).rows[0]?.v ?? 0);
  const migration = has!.migrations ? await one(`SELECT max(created_at) AS v FROM ${MIGRATIONS_SCHEMA}.__drizzle_migrations`) : 0;
  return {
    migration: migration || undefined,
    rows: {
      users: has!.users ? await one('SELECT count(*) AS v FROM users') : 0,
      articles: has!.articles ? await one('SELECT count(*) AS v FROM articles') : 0,
    },
  };
}

/** pg_restore --list's entries (its comment lines left out). */
async function listing(file: string, timeoutMs: number): Promise<string[]> {
  const text = await runTool('pg_restore', ['--list', file], { env: process.env, timeoutMs });
  return text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith(';'));
}

/** The schemas whose tables a listing restores: `123; 1259 45636 TABLE public users owner`. */
function tableSchemas(entries: string[]): Set<string> {
  return new Set(entries.flatMap((line) => /^\d+; \d+ \d+ TABLE (?!DATA )(\S+) \S+/.exec(line)?.[1] ?? []));
}

const hasData = (entries: string[], schema: string | undefined, table: string) =>
  entries.some((line) => new RegExp(`^\\d+; \\d+ \\d+ TABLE DATA ${schema ?? '\\S+'} ${table} `).test(line));

/** The newest migration recorded in a dump: its migrations table's rows, read from the archive. */
async function dumpedMigration(file: string, timeoutMs: number): Promise<number | undefined> {
  const script = await runTool('pg_restore', ['--data-only', `--schema=${MIGRATIONS_SCHEMA}`, '--table=__drizzle_migrations', '--file=-', file], {
    env: process.env,
    timeoutMs,
  });
  const lines = script.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`COPY ${MIGRATIONS_SCHEMA}.__drizzle_migrations (`));
  if (start < 0) return undefined;
  const column = /\(([^)]*)\)/.exec(lines[start]!)![1]!.split(',').map((c) => c.trim()).indexOf('created_at');
  let newest: number | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line === '\\.') break;
    const when = Number(line.split('\t')[column]);
    if (Number.isFinite(when) && (newest === undefined || when > newest)) newest = when;
  }
  return newest;
}

/**
 * SQL that drops every table, view, sequence and function in `schemas`
 * (those of an extension left alone) and the migrations' schema: what a
 * restore replaces. It runs in the restore's transaction, so a restore that
 * fails part way leaves them all as they were.
 */
function dropEverythingIn(schemas: Iterable<string>): string {
  const list = [...schemas].map((s) => `'${s.replace(/'/g, "''")}'`).join(', ');
  const notFromAnExtension = (catalog: string, alias: string) =>
    `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${alias}.oid AND d.deptype = 'e')`;
  return `
DROP SCHEMA IF EXISTS ${MIGRATIONS_SCHEMA} CASCADE;
DO $conduit_restore$
DECLARE
  target record;
BEGIN
  FOR target IN
    SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
           format('%I.%I', n.nspname, c.relname) AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN (${list}) AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${notFromAnExtension('pg_class', 'c')}
     ORDER BY c.relkind IN ('r', 'p') DESC
  LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE', target.kind, target.name);
  END LOOP;
  FOR target IN
    SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS name
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname IN (${list}) AND p.prokind IN ('f', 'p') AND ${notFromAnExtension('pg_proc', 'p')}
  LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', target.name);
  END LOOP;
END
$conduit_restore$;
`;
}

export const postgresBackups: EngineBackups = {
  engine: 'postgres',
  describe: (settings) => describeUrl(settings.databaseUrl!),

  /**
   * pg_dump in custom format, from a snapshot this connection exports: the
   * schema version and row counts read here are those of the dump exactly.
   */
  async copy(settings, partial, timeoutMs) {
    const url = settings.databaseUrl!;
    const client = await connect(url, (reason) => new BackupFailedError(reason));
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows: [exported] } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
      const facts = await readFacts(client);
      const { dbname, env } = toolConnection(url);
      await runTool('pg_dump', ['--format=custom', `--snapshot=${exported!.id}`, `--file=${partial}`, `--dbname=${dbname}`], { env, timeoutMs }).catch(
        (error: unknown) => {
          throw new BackupFailedError(message(error));
        },
      );
      await client.query('COMMIT');
      return facts;
    } finally {
      await client.end().catch(() => undefined);
    }
  },

  /** The archive's table of contents must list the site's tables, and every data block in it must read back. */
  async check(partial, timeoutMs, facts) {
    const fail = (reason: string) => new BackupFailedError(reason);
    const entries = await listing(partial, timeoutMs).catch((error: unknown) => {
      throw fail(`pg_restore --list on the dump: ${message(error)}`);
    });
    if (!facts || facts.migration === undefined || !hasData(entries, MIGRATIONS_SCHEMA, '__drizzle_migrations')) {
      throw fail('The dump has no migrations table: is DATABASE_URL a Conduit database?');
    }
    const missing = ['users', 'articles'].filter((table) => !hasData(entries, undefined, table));
    if (missing.length > 0) throw fail(`The dump's listing has no data for ${missing.join(' and ')}.`);
    // The listing is read from the archive's head; reading it through finds a file cut short.
    await runTool('pg_restore', ['--file=-', partial], { env: process.env, timeoutMs, stdout: 'ignore' }).catch((error: unknown) => {
      throw fail(`Reading the dump through: ${message(error)}`);
    });
    return { method: 'pg_restore --list, then every data block read', detail: `${entries.length} entries`, facts };
  },

  async readBackup(file, timeoutMs) {
    try {
      await listing(file, timeoutMs);
      return { migration: await dumpedMigration(file, timeoutMs) };
    } catch (error) {
      if (!(error instanceof ToolError)) throw error;
      throw new RestoreRefusedError(`${file} cannot be read as a pg_dump archive (${error.message}). Restore another backup.`);
    }
  },

  /**
   * Any other client connected to the database refuses the restore: an app
   * server still running would fail while the tables are replaced, and
   * keep serving what it cached.
   */
  async inspectTarget(settings) {
    const url = settings.databaseUrl!;
    const description = describeUrl(url);
    const client = await connect(url, (reason) => new RestoreRefusedError(reason));
    try {
      // Another role's sessions show no backend_type to us, but a user where background workers have none.
      const { rows: [others] } = await client.query<{ n: number; apps: string | null }>(
        `SELECT count(*)::int AS n, string_agg(DISTINCT coalesce(nullif(application_name, ''), '(unnamed)'), ', ') AS apps
           FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()
            AND (backend_type = 'client backend' OR (backend_type IS NULL AND usesysid IS NOT NULL))`,
      );
      if (others!.n > 0) {
        throw new RestoreRefusedError(
          `${others!.n} other connection(s) to ${description} (${others!.apps}): stop every app server (and anything else using the database) before restoring.`,
        );
      }
      const present = (
        await client.query<{ schema: string; name: string }>(
          `SELECT schemaname AS schema, tablename AS name FROM pg_tables WHERE schemaname IN (current_schema(), '${MIGRATIONS_SCHEMA}')`,
        )
      ).rows;
      const known = new Set<string>([...Object.values(tables).map((t) => getTableName(t)), 'cache_versions_pending', '__drizzle_migrations', ...SEARCH_INDEX_TABLES.postgres]);
      const names = new Set(present.map((t) => t.name));
      const facts: TargetFacts = { description, rows: undefined, unknownTables: present.filter((t) => !known.has(t.name)).map((t) => `${t.schema}.${t.name}`), newestStamp: 0 };
      if (names.has('users') && names.has('articles')) facts.rows = (await readFacts(client)).rows;
      const stamp = async (query: string) => Number((await client.query<{ v: string | number | null }>(query)).rows[0]?.v ?? 0);
      if (names.has('cache_versions')) facts.newestStamp = await stamp('SELECT max(seq) AS v FROM cache_versions');
      const { rows: [clock] } = await client.query<{ exists: boolean }>(`SELECT to_regclass('cache_versions_clock') IS NOT NULL AS exists`);
      if (clock!.exists) facts.newestStamp = Math.max(facts.newestStamp, await stamp('SELECT last_value AS v FROM cache_versions_clock'));
      return facts;
    } finally {
      await client.end().catch(() => undefined);
    }
  },

  /**
   * One transaction (psql --single-transaction): first drop what the site
   * had, then pg_restore's script of the archive. psql's input is ended only
   * once pg_restore has written all of it; if either fails the other is
   * stopped, psql never commits, and the database is as it was.
   */
  async replace(file, settings, timeoutMs) {
    const url = settings.databaseUrl!;
    const schemas = tableSchemas(await listing(file, timeoutMs));
    schemas.delete(MIGRATIONS_SCHEMA);
    const { dbname, env } = toolConnection(url);
    const psql = startTool('psql', ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', '--single-transaction', `--dbname=${dbname}`, '--file=-'], {
      env,
      timeoutMs,
      stdin: 'pipe',
      stdout: 'ignore',
    });
    const script = startTool('pg_restore', ['--no-owner', '--no-privileges', '--file=-', file], { env: process.env, timeoutMs, stdout: 'pipe' });
    const into = psql.child.stdin!;
    into.on('error', () => undefined); // psql stopped reading: its own exit says why
    into.write(dropEverythingIn(schemas));
    script.child.stdout!.pipe(into, { end: false });
    let failedFirst: Error | undefined;
    const settle = async (running: Promise<string>, onSuccess: () => void, other: { kill: (signal: NodeJS.Signals) => boolean }) => {
      try {
        await running;
        onSuccess();
      } catch (error) {
        failedFirst ??= error as Error;
        other.kill('SIGKILL');
      }
    };
    await Promise.all([
      settle(script.done, () => into.end(), psql.child),
      settle(psql.done, () => undefined, script.child),
    ]);
    if (failedFirst) throw new Error(`The restore failed and was rolled back; ${describeUrl(url)} is as it was. ${failedFirst.message}`);

    // pg_restore leaves the planner without statistics until autovacuum gets to every table.
    const client = await connect(url, (reason) => new Error(reason));
    try {
      await client.query('ANALYZE');
    } finally {
      await client.end().catch(() => undefined);
    }
  },

  async stampEverything(database, after) {
    return database.transaction(async (tx) => {
      await rows(tx, sql`SELECT pg_advisory_xact_lock(${STAMP_LOCK})`);
      const [row] = await rows<{ seq: number }>(
        tx,
        sql`INSERT INTO cache_versions (scope, seq)
              SELECT ${everything}, greatest(${after}::bigint, coalesce(max(seq), 0), (SELECT last_value FROM cache_versions_clock)) + 1 FROM cache_versions
              ON CONFLICT (scope) DO UPDATE SET seq = excluded.seq RETURNING seq`,
      );
      const seq = Number(row!.seq);
      // The next stamp drawn follows this one.
      await rows(tx, sql`SELECT setval('cache_versions_clock', ${seq})`);
      return seq;
    });
  },
};
