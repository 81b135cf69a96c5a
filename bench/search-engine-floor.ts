// `node --import tsx bench/search-engine-floor.ts [--url=postgres://…/db] [--queries=N] [--textbook=N]`:
// the engine's floor under the search scenario. The SQL `searchArticles` issues for each of the
// scenario's queries (bench/scenarios.ts; as the search page asks: 10 a page, snippets, the bench
// reader signed in) is captured once, then replayed straight on the driver, one statement after
// the other on one connection in a tight loop, with no Fastify, no Drizzle and no domain code:
// better-sqlite3 in this process, or node-postgres against the server. Then the textbook query on
// the same words for comparison (FTS5 `MATCH … ORDER BY rank`, PostgreSQL `ts_rank` over GIN
// matches), a page of 10 ranked among every match. On PostgreSQL, `--url` names a database filled
// from the large data set (copySite, then VACUUM ANALYZE).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { asDb, type Db } from '../src/db/database.js';
import * as postgresTables from '../src/db/schema/postgres.js';
import * as sqliteTables from '../src/db/schema/sqlite.js';
import { openPostgres } from '../src/db/postgres.js';
import { openSqlite } from '../src/db/sqlite.js';
import { searchArticles } from '../src/domain/discovery/search.js';
import { searchableTerms, searchTerms } from '../src/domain/discovery/search-terms.js';
import { copyDatabase, ensureDataset, LARGE } from './datasets.js';
import { searchScenario } from './scenarios.js';

const { values } = parseArgs({ options: { url: { type: 'string' }, queries: { type: 'string' }, textbook: { type: 'string', default: '300' } } });
const { path, manifest } = await ensureDataset(LARGE, (line) => console.error(line));
const work = mkdtempSync(join(tmpdir(), 'conduit-search-engine-floor-'));
const copy = join(work, 'bench.db');
if (!values.url) copyDatabase(path, copy);
const engine = values.url ? 'postgres' : 'sqlite';
const paths = searchScenario(manifest).paths!.slice(0, values.queries === undefined ? undefined : Number(values.queries));
const reader = 1; // the bench reader: the first user generated
const PAGE = 10; // the search page's page size (src/web/pagination.ts)

type Param = unknown;
interface Statement {
  sql: string;
  params: Param[];
}

// The app's own database (its memos stand behind a Db), and a Db of ours on it whose logger keeps each statement.
let capture: Statement[] | null = null;
const logger = { logQuery: (sql: string, params: unknown[]) => void capture?.push({ sql, params }) };
const database = values.url ? await openPostgres(values.url, { poolMax: 1, migrate: false }) : openSqlite(copy);
const sqlite = values.url ? undefined : new BetterSqlite(copy, { readonly: true });
const pool = values.url ? new pg.Pool({ connectionString: values.url, max: 1 }) : undefined;
const db: Db = sqlite
  ? asDb(drizzleSqlite(sqlite, { schema: sqliteTables, logger }), database, false, sqliteTables)
  : asDb(drizzlePostgres({ client: pool!, schema: postgresTables, logger }), database, false, postgresTables);

const queryOf = (p: string) => {
  const params = new URL(p, 'http://x').searchParams;
  const page = Number(params.get('page') ?? 1);
  return { q: params.get('q') ?? '', tag: params.get('tag') ?? undefined, limit: PAGE, offset: (page - 1) * PAGE, snippets: true };
};
// Twice: the second time is what a warm server issues (previews a list already read are kept in memory).
const issued: Statement[][] = [];
for (let pass = 0; pass < 2; pass++) {
  for (const [i, p] of paths.entries()) {
    capture = [];
    await searchArticles(db, queryOf(p), reader);
    if (pass === 1) issued[i] = capture;
  }
}
capture = null;
const isSearch = (s: Statement) => /article_search|article_heads/.test(s.sql);

/** Runs one statement on the driver alone. */
const prepared = new Map<string, BetterSqlite.Statement>();
const client = pool ? await pool.connect() : undefined;
async function run(s: Statement): Promise<void> {
  if (sqlite) {
    let statement = prepared.get(s.sql);
    if (!statement) prepared.set(s.sql, (statement = sqlite.prepare(s.sql)));
    if (statement.reader) statement.raw(true).all(...(s.params as unknown[]));
    else statement.run(...(s.params as unknown[]));
  } else {
    await client!.query(s.sql, s.params as unknown[]);
  }
}

function summary(label: string, ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!.toFixed(2);
  const total = ms.reduce((s, t) => s + t, 0);
  console.log(`  ${label}: ${ms.length} queries, ${(ms.length / (total / 1000)).toFixed(0)} queries/s, mean ${(total / ms.length).toFixed(2)} ms, p50 ${at(0.5)}, p90 ${at(0.9)}, p99 ${at(0.99)}, max ${at(1)} ms`);
}
const load1 = () => loadavg()[0]!.toFixed(2);

console.log(`# ${engine}: the search scenario's ${paths.length} queries, the SQL searchArticles issues, replayed on one connection (load average ${load1()})`);
const statements = issued.reduce((s, list) => s + list.length, 0);
console.log(`  ${(statements / paths.length).toFixed(2)} statements a query on average, ${(issued.flat().filter(isSearch).length / paths.length).toFixed(2)} of them on the index`);
for (const s of issued.flat()) await run(s); // warm: every page the draw reads is cached
for (const [label, which] of [
  ['every statement', () => true],
  ['the index statements alone (finding and ranking)', isSearch],
] as const) {
  const ms: number[] = [];
  const withWords: number[] = [];
  for (const [i, list] of issued.entries()) {
    const started = performance.now();
    for (const s of list) if (which(s)) await run(s);
    const took = performance.now() - started;
    ms.push(took);
    if (searchableTerms(searchTerms(queryOf(paths[i]!).q)).searched.length > 0) withWords.push(took);
  }
  console.log(` ${label} (load average ${load1()}):`);
  summary('all', ms);
  summary('with a word to search', withWords);
}

// The textbook query: the same words, every match ranked, a page of 10.
const textbook = paths
  .map((p) => ({ terms: searchableTerms(searchTerms(queryOf(p).q)).searched, offset: queryOf(p).offset }))
  .filter((t) => t.terms.length > 0)
  .slice(0, Number(values.textbook));
const ftsQuery = (terms: string[]) => terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ');
const textbookStatement = (t: (typeof textbook)[number]): Statement =>
  sqlite
    ? { sql: 'SELECT rowid FROM article_search WHERE article_search MATCH ? ORDER BY rank LIMIT ? OFFSET ?', params: [ftsQuery(t.terms), PAGE, t.offset] }
    : {
        sql: `SELECT article_id FROM article_search, plainto_tsquery('english', $1) q WHERE document @@ q ORDER BY ts_rank(document, q) DESC LIMIT $2 OFFSET $3`,
        params: [t.terms.join(' '), PAGE, t.offset],
      };
for (const t of textbook.slice(0, 3)) await run(textbookStatement(t));
const ms: number[] = [];
for (const t of textbook) {
  const started = performance.now();
  await run(textbookStatement(t));
  ms.push(performance.now() - started);
}
console.log(` the textbook query (${sqlite ? "FTS5 MATCH … ORDER BY rank" : 'ts_rank over the GIN matches'}), the first ${textbook.length} queries with a word (load average ${load1()}):`);
summary('with a word to search', ms);

client?.release();
await pool?.end();
sqlite?.close();
await database.close();
rmSync(work, { recursive: true, force: true });
