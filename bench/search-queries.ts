// `node --import tsx bench/search-queries.ts [--url=postgres://…] [--queries=N]`: times the search
// domain function in-process over the search scenario's own queries (bench/scenarios.ts), one at a
// time, on a copy of the large data set, or on a PostgreSQL database filled from it (`npm run db:copy`
// from a copy of bench/.cache/large-*.db, then VACUUM ANALYZE); then where the time goes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/open.js';
import { bodyPrefixes, searchCandidates } from '../src/db/search-index.js';
import { RANKED_MATCHES, searchArticles } from '../src/domain/discovery/search.js';
import { searchableTerms, searchTerms } from '../src/domain/discovery/search-terms.js';
import { SNIPPET_SOURCE_CHARS, snippetOf } from '../src/domain/discovery/search-snippets.js';
import { copyDatabase, ensureDataset, LARGE } from './datasets.js';
import { searchScenario } from './scenarios.js';

const { values } = parseArgs({ options: { url: { type: 'string' }, queries: { type: 'string' } } });
const { path, manifest } = await ensureDataset(LARGE, (line) => console.error(line));
// A copy: opening the cached file would leave -wal/-shm files beside it.
const work = mkdtempSync(join(tmpdir(), 'conduit-search-queries-'));
if (!values.url) copyDatabase(path, join(work, 'bench.db'));
const database = await openDatabase(values.url ? { databaseUrl: values.url, databasePath: '', databasePoolMax: 2 } : { databasePath: join(work, 'bench.db') });
const paths = searchScenario(manifest).paths!.slice(0, Number(values.queries ?? 300));
// The bench reader (signed in, as in the scenario): the first user generated.
const reader = 1;

const times: Array<{ ms: number; path: string; searched: boolean }> = [];
for (const [i, path] of paths.entries()) {
  const params = new URL(path, 'http://x').searchParams;
  const page = Number(params.get('page') ?? 1);
  const run = () => searchArticles(database.db, { q: params.get('q') ?? '', tag: params.get('tag') ?? undefined, limit: 20, offset: (page - 1) * 20, snippets: true }, reader);
  if (i < 5) await run();
  const started = performance.now();
  await run();
  times.push({ ms: performance.now() - started, path, searched: searchableTerms(searchTerms(params.get('q') ?? '')).searched.length > 0 });
}
function summary(label: string, some: typeof times) {
  const sorted = [...some].sort((a, b) => a.ms - b.ms);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.ms.toFixed(1);
  const mean = some.reduce((s, t) => s + t.ms, 0) / some.length;
  console.log(`${label}: ${some.length} queries, mean ${mean.toFixed(1)} ms, p50 ${at(0.5)}, p90 ${at(0.9)}, p99 ${at(0.99)}, max ${at(1)} ms (≈ ${(1000 / mean).toFixed(0)} req/s of query alone)`);
  return sorted;
}
const sorted = summary(database.engine, times);
// Queries of common words only search for nothing (src/domain/discovery/search-terms.ts): the others apart.
summary(`${database.engine}, queries with a word to search`, times.filter((t) => t.searched));
for (const t of sorted.slice(-8).reverse()) console.log(`  ${t.ms.toFixed(1)} ms  ${decodeURIComponent(t.path)}`);
// Where the time goes, for the queries without a narrowing: the ranked candidates, then the page's snippets.
let candidatesMs = 0;
let snippetsMs = 0;
let n = 0;
for (const path of paths) {
  const params = new URL(path, 'http://x').searchParams;
  if (params.has('tag')) continue;
  const terms = searchableTerms(searchTerms(params.get('q') ?? '')).searched;
  if (terms.length === 0) continue;
  let started = performance.now();
  const found = await searchCandidates(database.db, terms, {}, RANKED_MATCHES + 1);
  candidatesMs += performance.now() - started;
  started = performance.now();
  for (const body of (await bodyPrefixes(database.db, found.slice(0, 10).map((c) => c.id), SNIPPET_SOURCE_CHARS)).values()) snippetOf(body, terms);
  snippetsMs += performance.now() - started;
  n++;
}
console.log(`  per query with a word to search and no tag: candidates ${(candidatesMs / n).toFixed(1)} ms, snippets of 10 ${(snippetsMs / n).toFixed(1)} ms`);
await database.close();
rmSync(work, { recursive: true, force: true });
