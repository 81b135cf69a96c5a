// Where a server under load keeps its data: a fresh copy of the cached SQLite data set per server
// start, on SQLite (a copy of the file) or on PostgreSQL (a database cloned from one filled once
// from the data set by the app's copySite).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { copySite } from '../src/db/copy.js';
import type { Engine } from '../src/db/database.js';
import { describeUrl, openPostgres } from '../src/db/postgres.js';
import { openSqlite } from '../src/db/sqlite.js';
import { copyDatabase, type Dataset } from './datasets.js';

export type { Engine };

/** The PostgreSQL server the benchmark creates its databases on (a database URL whose user may CREATE DATABASE). */
export const benchServerUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://conduit:conduit@127.0.0.1:5432/postgres';

/** One server start's data: what goes into DATABASE_PATH (and, on PostgreSQL, DATABASE_URL). */
export interface Store {
  engine: Engine;
  /** The SQLite file; on PostgreSQL set too, but unused (DATABASE_URL wins). */
  databasePath: string;
  databaseUrl: string | undefined;
  /** Removes this copy. */
  drop(): Promise<void>;
}

/** Fresh copies of one data set on one engine. */
export interface Stores {
  engine: Engine;
  /** How long filling PostgreSQL from the data set took (copySite, then VACUUM ANALYZE), or null on SQLite. */
  copyMs: number | null;
  /** A new copy of the data set as generated: every server start gets one, since sign-ins and writes change the data. */
  fresh(name: string): Promise<Store>;
  /** Removes every copy still there (on PostgreSQL, the databases). */
  close(): Promise<void>;
}

/** Copies of the cached file in `work`. */
export function sqliteStores(dataset: Dataset, work: string): Stores {
  return {
    engine: 'sqlite',
    copyMs: null,
    async fresh(name) {
      const databasePath = join(work, `${name}.db`);
      copyDatabase(dataset.path, databasePath);
      return {
        engine: 'sqlite',
        databasePath,
        databaseUrl: undefined,
        drop: async () => {
          for (const suffix of ['', '-wal', '-shm']) rmSync(databasePath + suffix, { force: true });
        },
      };
    },
    async close() {},
  };
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>, url = benchServerUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(benchServerUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A PostgreSQL database filled from the data set by the app's copySite (migrated by the app's
 * openPostgres, as the server would), then vacuumed and analyzed so the planner has statistics, as
 * the SQLite data set has from its ANALYZE. Each `fresh` copy is a new database made from it as a
 * template (a file copy, much faster than copying the rows again); `close` drops them all.
 */
export async function postgresStores(dataset: Dataset, work: string, log: (line: string) => void): Promise<Stores> {
  const prefix = `conduit_bench_${dataset.manifest.scale.name}_${randomBytes(4).toString('hex')}`;
  const template = `${prefix}_data`;
  const made = new Set<string>();
  const drop = async (name: string) => {
    await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    made.delete(name);
  };
  const close = async () => {
    for (const name of [...made]) await drop(name);
  };

  try {
    await onServer((client) => client.query(`CREATE DATABASE ${template}`));
    made.add(template);
    log(`${dataset.manifest.scale.name}: copying the data set into PostgreSQL (${describeUrl(databaseUrl(template))})…`);
    // copySite reads through the app's SQLite layer, which writes (its migrations, a checkpoint on
    // close): it gets a copy, never the cached file.
    const sourcePath = join(work, 'postgres-source.db');
    copyDatabase(dataset.path, sourcePath);
    const started = performance.now();
    const source = openSqlite(sourcePath);
    const target = await openPostgres(databaseUrl(template), { poolMax: 2 });
    try {
      await copySite(source, target);
    } finally {
      await target.close();
      await source.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(sourcePath + suffix, { force: true });
    }
    await onServer(async (client) => {
      // As the generator does on SQLite: the copy's triggers moved the cache clock once per row;
      // a data set that starts at seq 1 behaves like a freshly deployed one.
      await client.query('DELETE FROM cache_versions');
      await client.query('VACUUM ANALYZE');
    }, databaseUrl(template));
    const copyMs = performance.now() - started;
    log(`${dataset.manifest.scale.name}: copied into PostgreSQL in ${(copyMs / 1000).toFixed(1)} s (copySite, then VACUUM ANALYZE)`);

    let clones = 0;
    return {
      engine: 'postgres',
      copyMs,
      async fresh(name) {
        const database = `${prefix}_${clones++}`;
        await onServer((client) => client.query(`CREATE DATABASE ${database} TEMPLATE ${template}`));
        made.add(database);
        return {
          engine: 'postgres',
          databasePath: join(work, `${name}.db`),
          databaseUrl: databaseUrl(database),
          drop: () => drop(database),
        };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** How log lines name a run: the data set's scale, and the engine unless it is SQLite (as before there were two). */
export const runName = (dataset: Dataset, engine: Engine) => `${dataset.manifest.scale.name}${engine === 'sqlite' ? '' : ` on ${engineLabel(engine)}`}`;

export const engineLabel = (engine: Engine) => (engine === 'postgres' ? 'PostgreSQL' : 'SQLite');
