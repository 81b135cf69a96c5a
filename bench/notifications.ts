// `npm run bench -- --only=notifications [--followers=10000] [--engine postgres]`, or
// `node --import tsx bench/notifications.ts [--followers=N] [--requests=N] [--engine=postgres]`:
// what notifications cost the requests that cause them and the pages that show them.
//
// In one process, on a fresh database, through app.inject (the app's own work, no network):
// 1. publishing (POST /api/articles) by an author with no followers, then by one with N, while
//    this process's job runner works through the fan-outs, as a server's does; then how long one
//    article's fan-out takes to finish;
// 2. a favorite and an unfavorite, and a comment, with notifications on and with them turned off
//    (setNotificationWrites), in alternating blocks so drift falls on both alike; the requests only
//    queue them, and writing them out after each block is timed apart (docs/decisions/0063);
// 3. the signed-in home page of a user with unread notifications: SQL statements per request once
//    the count is in memory, after a new notification, and the latency.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { exec, rows } from '../src/db/sql.js';
import { openDatabase } from '../src/db/open.js';
import { setNotificationWrites } from '../src/domain/notifications/notify.js';
import { publicationNoticesDone } from '../src/domain/notifications/publication-notices.js';
import { jobCatalog } from '../src/jobs/catalog.js';
import { writeQueuedNotifications } from '../src/domain/notifications/notification-queue.js';
import { startJobRunner } from '../src/jobs/runner.js';
import { scratchDatabase } from '../test/support/test-database.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const engine = args.includes('--engine=postgres') || args.includes('postgres') ? 'postgres' : 'sqlite';

export interface Figures {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

function figures(ms: number[]): Figures {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { n: ms.length, p50: round(at(0.5)), p99: round(at(0.99)), mean: round(ms.reduce((s, x) => s + x, 0) / ms.length) };
}
const round = (x: number) => Math.round(x * 100) / 100;
const log = (line: string) => process.stderr.write(`[bench:notifications] ${line}\n`);

async function timed(app: FastifyInstance, request: InjectOptions): Promise<number> {
  const started = performance.now();
  const res = await app.inject(request);
  const ms = performance.now() - started;
  if (res.statusCode >= 400) throw new Error(`${JSON.stringify(request).slice(0, 120)}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  return ms;
}

export async function runNotificationBench(options: { followers: number; requests: number; engine: 'sqlite' | 'postgres' }) {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-bench-notifications-'));
  const scratch = options.engine === 'postgres' ? await scratchDatabase('postgres') : undefined;
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghijklmnop',
    DATABASE_PATH: join(dir, 'bench.db'),
    ...scratch?.env,
    PUBLIC_URL: 'https://bench.example',
    AUTH_RATE_LIMIT: '1000000',
    POSTING_LIMITS: '0',
    ALLOW_COMMON_PASSWORDS: '1',
    // Cheap password hashes: sign-ups are set-up here, not what is measured.
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
  });
  const database = await openDatabase(config);
  const app = await buildApp(config, database);
  await app.ready();
  const { db } = database;
  const runner = startJobRunner({ db, kinds: jobCatalog(app.services, config), now: app.services.now, pollMs: 100, log: app.log });
  try {
    const api = async (path: string, body: unknown, token?: string) => {
      const res = await app.inject({ method: 'POST', url: `/api${path}`, payload: body as object, headers: token ? { authorization: `Token ${token}` } : {} });
      if (res.statusCode >= 400) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
      return res.json() as { user: { token: string } };
    };
    const signUp = async (username: string) => (await api('/users', { user: { username, email: `${username}@bench.example`, password: 'bench password 2026' } })).user.token;
    const popular = await signUp('popular');
    const quiet = await signUp('quiet');
    const reader = await signUp('reader');

    // N followers of `popular`, in plain SQL (set-up, not measured).
    log(`${options.engine}: ${options.followers} followers…`);
    const [{ id: popularId }] = await rows<{ id: number }>(db, sql`SELECT id FROM users WHERE username = 'popular'`) as [{ id: number }];
    for (let from = 0; from < options.followers; from += 1000) {
      const values = Array.from({ length: Math.min(1000, options.followers - from) }, (_, i) => from + i).map(
        (i) => sql`(${`follower${i}`}, ${`follower${i}@bench.example`}, 'x', 1, 1)`,
      );
      await database.transaction(async (tx) => {
        await exec(tx, sql`INSERT INTO users (username, email, password_hash, created_at, updated_at) VALUES ${sql.join(values, sql`, `)}`);
      });
    }
    await database.transaction(async (tx) => {
      await exec(tx, sql`INSERT INTO follows (follower_id, followee_id, created_at) SELECT id, ${popularId}, 1 FROM users WHERE username LIKE 'follower%'`);
    });

    // 1. Publishing: by an author without followers with nothing else going on; then by the author
    //    with N followers, one in ten, the others by the first author while those fan-outs run.
    const publishMs: Record<'none' | 'many' | 'duringFanOut', number[]> = { none: [], many: [], duringFanOut: [] };
    let published = 0;
    const publish = (token: string) =>
      timed(app, { method: 'POST', url: '/api/articles', headers: { authorization: `Token ${token}` }, payload: { article: { title: `Bench ${++published}`, description: 'd', body: 'b' } } });
    const blocks = 10;
    for (let i = 0; i < options.requests; i++) publishMs.none.push(await publish(quiet));
    for (let i = 0; i < options.requests; i++) {
      if (i % 10 === 0) publishMs.many.push(await publish(popular));
      else publishMs.duringFanOut.push(await publish(quiet));
    }
    log(`${options.engine}: waiting for the fan-outs of ${options.requests} articles…`);
    // The fan-out of one article, timed alone once the queue is empty.
    for (;;) {
      const [waiting] = await rows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM jobs WHERE name = 'publication-notices' AND state <> 'done'`);
      if (Number(waiting?.n) === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const started = performance.now();
    const res = await app.inject({ method: 'POST', url: '/api/articles', headers: { authorization: `Token ${popular}` }, payload: { article: { title: 'Timed fan-out', description: 'd', body: 'b' } } });
    const slug = (res.json() as { article: { slug: string } }).article.slug;
    const [{ id: articleId }] = (await rows<{ id: number }>(db, sql`SELECT id FROM articles WHERE slug = ${slug}`)) as [{ id: number }];
    while (!(await publicationNoticesDone(db, articleId))) await new Promise((r) => setTimeout(r, 20));
    const fanOutMs = round(performance.now() - started);
    const [notified] = await rows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM notifications WHERE article_id = ${articleId}`);

    // 2. A favorite and unfavorite, and a comment, with notifications on and off.
    const [{ slug: target }] = (await rows<{ slug: string }>(db, sql`SELECT slug FROM articles WHERE author_id = ${popularId} ORDER BY id LIMIT 1`)) as [{ slug: string }];
    const auth = { authorization: `Token ${reader}` };
    const writeMs = { favorite: { on: [] as number[], off: [] as number[] }, comment: { on: [] as number[], off: [] as number[] } };
    // The requests only queue their notifications (docs/decisions/0063). A server's writer writes them out a moment
    // later, between requests; here that is done after each block, timed apart, so neither figure holds the other.
    const writtenOut = { ms: 0, rows: 0 };
    const writeOut = async () => {
      const started = performance.now();
      writtenOut.rows += await writeQueuedNotifications(db, app.services.now);
      writtenOut.ms += performance.now() - started;
    };
    for (let block = 0; block < 2 * blocks; block++) {
      const on = block % 2 === 0;
      setNotificationWrites(on);
      for (let i = 0; i < options.requests / blocks; i++) {
        writeMs.favorite[on ? 'on' : 'off'].push(
          (await timed(app, { method: 'POST', url: `/api/articles/${target}/favorite`, headers: auth })) +
            (await timed(app, { method: 'DELETE', url: `/api/articles/${target}/favorite`, headers: auth })),
        );
        writeMs.comment[on ? 'on' : 'off'].push(await timed(app, { method: 'POST', url: `/api/articles/${target}/comments`, headers: auth, payload: { comment: { body: 'Well said, @popular.' } } }));
      }
      await writeOut();
    }
    setNotificationWrites(true);

    // 3. The signed-in home of `popular`, who has unread notifications.
    const login = await app.inject({ method: 'GET', url: '/login' });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
    const signedIn = await app.inject({ method: 'POST', url: '/login', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, email: 'popular@bench.example', password: 'bench password 2026' }).toString() });
    const session = signedIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ') || cookie;
    const home = () => timed(app, { method: 'GET', url: '/', headers: { cookie: session } });
    const page = await app.inject({ method: 'GET', url: '/', headers: { cookie: session } });
    const unread = /Notifications <span class="notification-count">([^<]+)<\/span>/.exec(page.body)?.[1] ?? 'none';
    const statementsOf = async (send: () => Promise<unknown>) => {
      const before = database.stats.statements;
      await send();
      return database.stats.statements - before;
    };
    await home();
    const steadyStatements = await statementsOf(home);
    await app.inject({ method: 'POST', url: `/api/articles/${target}/comments`, headers: auth, payload: { comment: { body: 'One more.' } } });
    await writeQueuedNotifications(db, app.services.now);
    const afterNewStatements = await statementsOf(home);
    const homeMs: number[] = [];
    for (let i = 0; i < options.requests * 5; i++) homeMs.push(await home());

    return {
      engine: options.engine,
      followers: options.followers,
      loadAverage: loadavg().map((l) => round(l)),
      publish: { noFollowers: figures(publishMs.none), withFollowers: figures(publishMs.many), othersDuringFanOuts: figures(publishMs.duringFanOut) },
      fanOut: { ms: fanOutMs, notified: Number(notified?.n) },
      favoriteAndUnfavorite: { on: figures(writeMs.favorite.on), off: figures(writeMs.favorite.off) },
      comment: { on: figures(writeMs.comment.on), off: figures(writeMs.comment.off) },
      // Writing out what the "on" blocks queued (a favorite and its withdrawal, a comment and its mention), per queued row.
      writtenOutLater: { rows: writtenOut.rows, msPerRow: round(writtenOut.ms / Math.max(1, writtenOut.rows)) },
      signedInHome: { unreadShown: unread, statementsSteady: steadyStatements, statementsAfterANewNotification: afterNewStatements, latency: figures(homeMs) },
    };
  } finally {
    await runner.stop();
    await app.close();
    await database.close();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runNotificationBench({ followers: option('followers', 10_000), requests: option('requests', 200), engine });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
