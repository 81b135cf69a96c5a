// `node --import tsx bench/queries.ts [--small] [--iterations=N]`: where the time of each scenario goes.
// Times the domain functions each page calls against the cached benchmark database (read-only), then
// every SQL statement they issue on its own, with SQLite's EXPLAIN QUERY PLAN; then the whole request
// in-process (app.inject, one at a time) so the rest (rendering, Markdown, Fastify) shows up too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { asDb, type Db } from '../src/db/database.js';
import * as tables from '../src/db/schema/sqlite.js';
import { openSqlite } from '../src/db/sqlite.js';
import { feedArticles, getArticle, listArticles } from '../src/domain/publishing/articles.js';
import { listComments } from '../src/domain/publishing/comments.js';
import { getProfile } from '../src/domain/publishing/profiles.js';
import { allTags, popularTags } from '../src/domain/publishing/tags.js';
import { renderMarkdown } from '../src/web/markdown.js';
import { copyDatabase, ensureDataset, LARGE, SMALL } from './datasets.js';
import { headersFor, readScenarios, signInRequest } from './scenarios.js';
import { SESSION_SECRET } from './server.js';

type Param = string | number | bigint | Buffer | null;
interface Captured {
  sql: string;
  params: Param[];
}

const args = process.argv.slice(2);
const iterations = Number(args.find((a) => a.startsWith('--iterations='))?.split('=')[1] ?? 30);
const scale = args.includes('--small') ? SMALL : LARGE;
const { path, manifest } = await ensureDataset(scale, (line) => console.error(line));
// Work on a copy: even a read-only connection leaves -shm/-wal files beside the database it opens.
const work = mkdtempSync(join(tmpdir(), 'conduit-bench-queries-'));
const copy = join(work, 'bench.db');
copyDatabase(path, copy);

// The app's own database on the copy (its change feed and caches stand behind every Db); the domain
// functions read through a Db of ours on a read-only connection whose logger keeps each statement
// with its parameters, so they can be timed and explained one by one.
const database = openSqlite(copy);
const sqlite = new BetterSqlite(copy, { readonly: true });
let capture: Captured[] | null = null;
const orm = drizzle(sqlite, {
  schema: tables,
  logger: { logQuery: (sql, params) => void capture?.push({ sql, params: params as Param[] }) },
});
const db: Db = asDb(orm, database, false, tables);
const idOf = (username: string) => (sqlite.prepare('SELECT id FROM users WHERE username = ?').get(username) as { id: number }).id;
const reader = idOf(manifest.reader.username);
const deep = Math.min(500, Math.ceil(scale.articles / 10));
const article = await getArticle(db, manifest.commentedSlug);

async function timeMs(fn: () => unknown): Promise<number> {
  await fn();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return (performance.now() - started) / iterations;
}

/** For one raw statement: better-sqlite3 is synchronous, and an await per call would add to so short a time. */
function timeSyncMs(fn: () => unknown): number {
  fn();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - started) / iterations;
}

const cases: [string, () => unknown][] = [
  ['listArticles global p1 (anonymous)', () => listArticles(db, { limit: 10, offset: 0 })],
  ['listArticles global p1 (reader)', () => listArticles(db, { limit: 10, offset: 0 }, reader)],
  [`feedArticles (${scale.readerFollows} follows)`, () => feedArticles(db, reader, { limit: 10, offset: 0 })],
  [`listArticles tag=${manifest.popularTag}`, () => listArticles(db, { tag: manifest.popularTag, limit: 10, offset: 0 })],
  [`listArticles page ${deep}`, () => listArticles(db, { limit: 10, offset: (deep - 1) * 10 })],
  [`listArticles author=${manifest.profileUsername}`, () => listArticles(db, { author: manifest.profileUsername, limit: 10, offset: 0 })],
  ['listArticles limit 20 (API)', () => listArticles(db, { limit: 20, offset: 0 })],
  ['popularTags (sidebar, every home page)', () => popularTags(db)],
  ['allTags (GET /api/tags)', () => allTags(db)],
  ['getArticle', () => getArticle(db, manifest.commentedSlug)],
  ['listComments (20)', () => listComments(db, manifest.commentedSlug)],
  ['getProfile', () => getProfile(db, manifest.profileUsername, reader)],
  ['renderMarkdown (article body)', () => renderMarkdown(article.body, { linksTrusted: true })],
];

console.log(`# Domain functions on the ${scale.name} data set (${scale.articles} articles), mean of ${iterations}\n`);
for (const [label, fn] of cases) {
  capture = [];
  await fn();
  const statements = capture;
  capture = null;
  console.log(`## ${label}: ${(await timeMs(fn)).toFixed(2)} ms, ${statements.length} statements`);
  for (const { sql, params } of statements) {
    const statement = sqlite.prepare(sql);
    const ms = timeSyncMs(() => statement.all(...params));
    console.log(`  ${ms.toFixed(3)} ms  ${sql.length > 240 ? `${sql.slice(0, 240)}…` : sql}`);
    const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    for (const step of plan) console.log(`      plan: ${step.detail}`);
  }
  console.log('');
}
sqlite.close();

// Whole requests, one at a time, in-process: the server's CPU cost per request (1000 / ms ≈ req/s ceiling on one core).
const app = await buildApp(
  loadConfig({ NODE_ENV: 'production', SESSION_SECRET, DATABASE_PATH: copy, LOG_LEVEL: 'silent', AUTH_RATE_LIMIT: '100000000' }),
  database,
);
await app.ready();
const login = await app.inject({ method: 'GET', url: '/login' });
const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)?.[1] ?? '';
const first = (login.cookies as { name: string; value: string }[]).find((c) => c.name === 'conduit_session');
const signed = await app.inject({
  method: 'POST',
  url: '/login',
  headers: { cookie: `conduit_session=${first?.value}`, 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ _csrf: csrf, email: manifest.reader.email, password: manifest.reader.password }).toString(),
});
const cookie = `conduit_session=${(signed.cookies as { name: string; value: string }[]).find((c) => c.name === 'conduit_session')?.value}`;
const api = await app.inject({ method: 'POST', url: signInRequest(manifest).path, headers: { 'content-type': 'application/json' }, payload: signInRequest(manifest).body });
const token = (api.json() as { user: { token: string } }).user.token;

console.log(`# Whole requests in-process (app.inject, sequential, mean of ${iterations})\n`);
for (const scenario of readScenarios(manifest)) {
  const headers = headersFor(scenario.as, { cookie, token });
  const run = () => app.inject({ method: 'GET', url: scenario.path, headers });
  await run();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await run();
  const ms = (performance.now() - started) / iterations;
  console.log(`  ${ms.toFixed(2)} ms  (≈ ${Math.round(1000 / ms)} req/s on one core)  ${scenario.label}  ${scenario.path}`);
}
await app.close();
await database.close();
rmSync(work, { recursive: true, force: true });
