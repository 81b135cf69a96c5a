import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationsFolder } from '../src/db/migrations-folder.js';
import { generate, type Manifest, type Scale } from './generate.js';

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const cacheDir = join(benchDir, '.cache');

export const LARGE: Scale = {
  name: 'large',
  users: 10_000,
  articles: 100_000,
  comments: 300_000,
  favorites: 1_000_000,
  follows: 100_000,
  tags: 50,
  readerFollows: 200,
  designatedComments: 20,
};

/** Same ratios at 1 % of the articles. 100 users cannot supply 200 followees: the reader follows 50. */
export const SMALL: Scale = {
  name: 'small',
  users: 100,
  articles: 1_000,
  comments: 3_000,
  favorites: 10_000,
  follows: 1_000,
  tags: 50,
  readerFollows: 50,
  designatedComments: 20,
};

export interface Dataset {
  path: string;
  manifest: Manifest;
  /** Milliseconds spent generating, or null when the cached file was reused. */
  generatedMs: number | null;
}

/**
 * Files whose change must regenerate the data: the schema (migrations) and the generator itself.
 * Only SQLite's migrations: the cached data set is a SQLite file, made by them alone. The
 * PostgreSQL database of `--engine postgres` is never cached (each run fills a new one from this
 * file with copySite), so its migrations cannot make the file stale.
 */
function fingerprint(scale: Scale): string {
  const hash = createHash('sha256').update(JSON.stringify(scale));
  const files = [
    ...listFiles(migrationsFolder('sqlite')),
    ...['generate.ts', 'corpus.ts', 'prng.ts'].map((f) => join(benchDir, f)),
  ].sort();
  for (const file of files) hash.update(relative(resolve(benchDir, '..'), file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The cached database for `scale`, generated first when the schema or generator changed. */
export async function ensureDataset(scale: Scale, log: (line: string) => void = () => {}): Promise<Dataset> {
  mkdirSync(cacheDir, { recursive: true });
  const base = join(cacheDir, `${scale.name}-${fingerprint(scale)}`);
  const path = `${base}.db`;
  const manifestPath = `${base}.json`;
  if (existsSync(path) && existsSync(manifestPath)) {
    return { path, manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest, generatedMs: null };
  }
  // Older generations of this scale are dead weight (hundreds of MB each).
  for (const name of readdirSync(cacheDir)) if (name.startsWith(`${scale.name}-`)) rmSync(join(cacheDir, name), { force: true });

  log(`generating the ${scale.name} data set (${scale.articles.toLocaleString('en')} articles)…`);
  const started = performance.now();
  const temporary = `${base}.tmp-${process.pid}.db`;
  const manifest = await generate({ path: temporary, scale });
  renameSync(temporary, path); // only a finished database ever gets the cache name
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const generatedMs = performance.now() - started;
  log(`generated ${scale.name} in ${(generatedMs / 1000).toFixed(1)} s`);
  for (const note of manifest.schemaNotes) log(`warning: ${note}; teach bench/generate.ts if it is derived data`);
  return { path, manifest, generatedMs };
}

/** Copies a cached database for a run (with its WAL, should a reader have left one), so runs never change the cache. */
export function copyDatabase(from: string, to: string): void {
  copyFileSync(from, to);
  const wal = `${from}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) copyFileSync(wal, `${to}-wal`);
}
