// `node --import tsx bench/notifications-http.ts [--engine=postgres] [--dataset=path.db] [--with-notifications] [--blocks=4] [--duration=5] [--open-share=0.5] [--queue-only] [--no-build]`:
// what notifications cost a favorite, an unfavorite and a comment the way a user meets it, over HTTP
// against the production build (`npm start`, one worker), on a copy of the large data set: flat out
// (closed loop, one connection: all the work, the writing out of notifications included), then at half
// that rate (open loop: each request's own latency, as users meet it on a site not flat out).
//
// Two servers on the same copy of the data: one as production runs, one with notification writes
// off (bench/notifications-off.mjs preloaded through NODE_OPTIONS; the app itself has no switch).
// One connection at a time sends favorite/unfavorite pairs on many articles, then comments, to one
// server, then the other, in ABBA blocks so machine drift falls on both alike. Each block also gives
// the server's own CPU time per request (all its threads, the notification writer and the WAL
// checkpoints included): what a request cost, wherever and whenever it was spent, and steadier on a
// shared machine than throughput. Prints JSON.
//
// --with-notifications (SQLite): the copy first gets the notifications a site that always had them
// would hold (bench/past-notifications.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ensureDataset, LARGE, type Dataset } from './datasets.js';
import { load, log, settle } from './driver.js';
import { addPastNotifications } from './past-notifications.js';
import type { Manifest } from './generate.js';
import type { MixedRequest } from './mixed.js';
import { serving } from './processes.js';
import { signIn, startServer, type RunningServer } from './server.js';
import { postgresStores, sqliteStores, type Store } from './stores.js';

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const engine = option('engine') === 'postgres' ? 'postgres' : 'sqlite';
const blocks = Number(option('blocks') ?? 4);
const duration = Number(option('duration') ?? 5);
const root = resolve(import.meta.dirname, '..');
/** The open loop's rate, as a share of what the closed loop reached with notifications off (by default the mixed scenario's half). */
const OPEN_SHARE = Number(option('open-share') ?? 0.5);

interface OpenBlock {
  meanMs: number;
  p50: number;
  p99: number;
  cpuMs: number;
}

interface ClosedBlock {
  p50: number;
  p99: number;
  rps: number;
  cpuMs: number;
}

/** The server's processes (primary and worker): their CPU time per request is what a request cost, wherever it was spent. */
const serverPids = (server: RunningServer) => [server.pid, ...serving(server.pid).workers.filter((pid) => pid !== server.pid)];

async function dataset(): Promise<Dataset> {
  const path = option('dataset');
  if (!path) return ensureDataset(LARGE, log);
  return { path, manifest: JSON.parse(readFileSync(path.replace(/\.db$/, '.json'), 'utf8')) as Manifest, generatedMs: null };
}

/** Notifications in the store now: to check that "off" wrote none and "on" wrote its own. */
async function notificationCount(store: Store): Promise<number> {
  if (store.databaseUrl) {
    const client = new pg.Client({ connectionString: store.databaseUrl });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM notifications')).rows[0]!.n);
    } finally {
      await client.end();
    }
  }
  const db = new Database(store.databasePath, { fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM notifications').pluck().get() as number) ?? 0;
  } finally {
    db.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!args.includes('--no-build')) {
  log('building…');
  if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('the build failed');
}
const data = await dataset();
const work = mkdtempSync(join(tmpdir(), 'conduit-bench-notify-http-'));
const stores = engine === 'postgres' ? await postgresStores(data, work, log) : sqliteStores(data, work);
const store = await stores.fresh('notify');
if (args.includes('--with-notifications')) {
  if (store.databaseUrl !== undefined) throw new Error('--with-notifications is for SQLite');
  log(`the copy now holds ${(await addPastNotifications(store.databasePath)).toLocaleString('en')} past notifications`);
}
const servers: Record<'on' | 'off', RunningServer | undefined> = { on: undefined, off: undefined };
try {
  // Comments are the measure here, not the posting limits.
  const env = { POSTING_LIMITS: '0', WEB_CONCURRENCY: '1' };
  // --queue-only: "on" queues as always but never writes out (bench/notifications-held.mjs): the requests alone.
  const queueOnly = args.includes('--queue-only');
  servers.on = await startServer(store, join(work, 'on.log'), 1, queueOnly ? { ...env, NODE_OPTIONS: `--import=${join(root, 'bench/notifications-held.mjs')}` } : env);
  servers.off = await startServer(store, join(work, 'off.log'), 1, { ...env, NODE_OPTIONS: `--import=${join(root, 'bench/notifications-off.mjs')}` });
  const credentials = await signIn(servers.on.url, data.manifest);
  const reader = data.manifest.reader.username;
  // The slugs from the data set itself: on PostgreSQL the store is a copy of it.
  const db = new Database(store.databaseUrl === undefined ? store.databasePath : data.path, { readonly: true, fileMustExist: true });
  // Articles by others (the reader's own would notify nobody), not yet favorited by the reader.
  const slugs = db
    .prepare(
      `SELECT a.slug FROM articles a JOIN users u ON u.id = a.author_id WHERE u.username <> ? AND a.hidden_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM favorites f JOIN users r ON r.id = f.user_id WHERE f.article_id = a.id AND r.username = ?)
       ORDER BY a.id DESC LIMIT 500`,
    )
    .pluck()
    .all(reader, reader) as string[];
  db.close();
  const headers = { authorization: `Token ${credentials.token}` };
  const json = { ...headers, 'content-type': 'application/json' };
  const favorites: MixedRequest[] = slugs.flatMap((slug) => [
    { kind: 'favorite', method: 'POST', path: `/api/articles/${slug}/favorite`, headers },
    { kind: 'unfavorite', method: 'DELETE', path: `/api/articles/${slug}/favorite`, headers },
  ]);
  const comments: MixedRequest[] = slugs.map((slug) => ({ kind: 'comment', method: 'POST', path: `/api/articles/${slug}/comments`, headers: json, body: JSON.stringify({ comment: { body: 'Well said.' } }) }));
  const files = { favorites: join(work, 'favorites.json'), comments: join(work, 'comments.json') };
  writeFileSync(files.favorites, JSON.stringify(favorites));
  writeFileSync(files.comments, JSON.stringify(comments));

  const runs = { favorites: { on: [] as ClosedBlock[], off: [] as ClosedBlock[] }, comments: { on: [] as ClosedBlock[], off: [] as ClosedBlock[] } };
  const written = { on: 0, off: 0 };
  const loadBefore = loadavg();
  for (let block = 0; block < 2 * blocks; block++) {
    // ABBA: on, off, off, on, on, off, …
    const which = [0, 3].includes(block % 4) ? 'on' : 'off';
    const server = servers[which]!;
    for (const kind of ['favorites', 'comments'] as const) {
      await settle(server);
      const before = await notificationCount(store);
      const [run] = await load({ url: server.url, connections: 1, method: 'GET', headers: {}, warmupSeconds: 1, durationSeconds: duration, runs: 1, requestsFile: files[kind], serverPids: serverPids(server) });
      // The server writes notifications out a moment after the requests (docs/decisions/0063): counted once it has.
      await new Promise((resolve) => setTimeout(resolve, 500));
      written[which] += (await notificationCount(store)) - before;
      if (!run || run.failures > 0) throw new Error(`${which} ${kind}: ${run?.failures ?? 'no'} failures ${JSON.stringify(run?.statusCodes)}`);
      runs[kind][which].push({ p50: run.p50, p99: run.p99, rps: run.rps, cpuMs: run.serverCpuMsPerRequest ?? Number.NaN });
      log(`${engine} block ${block} ${which} ${kind}: p50 ${run.p50} p99 ${run.p99} (${Math.round(run.rps)} req/s, server CPU ${run.serverCpuMsPerRequest} ms a request)`);
    }
  }
  // Then the open loop, as the mixed scenario judges latency: half the rate "off" reached, offered evenly to both in ABBA
  // blocks. Each request's own latency, with the writer's batches running in the gaps between requests as they do on a
  // site not flat out: what a user meets. The closed loop above counts all the work, the batches included.
  const open = { favorites: { on: [] as OpenBlock[], off: [] as OpenBlock[] }, comments: { on: [] as OpenBlock[], off: [] as OpenBlock[] } };
  const rates = {
    favorites: Math.round(median(runs.favorites.off.map((r) => r.rps)) * OPEN_SHARE),
    comments: Math.round(median(runs.comments.off.map((r) => r.rps)) * OPEN_SHARE),
  };
  for (let block = 0; block < 2 * blocks; block++) {
    const which = [0, 3].includes(block % 4) ? 'on' : 'off';
    const server = servers[which]!;
    for (const kind of ['favorites', 'comments'] as const) {
      await settle(server);
      const rate = rates[kind];
      const [run] = await load({ url: server.url, connections: Math.max(8, Math.ceil(rate / 50)), method: 'GET', headers: {}, warmupSeconds: 1, durationSeconds: duration, runs: 1, requestsFile: files[kind], rate, serverPids: serverPids(server) });
      if (!run?.openLoop || run.failures > 0) throw new Error(`${which} ${kind}, open loop: ${run?.failures ?? 'no'} failures ${JSON.stringify(run?.statusCodes)}`);
      open[kind][which].push({ meanMs: run.openLoop.meanMs, p50: run.p50, p99: run.p99, cpuMs: run.serverCpuMsPerRequest ?? Number.NaN });
      log(`${engine} open block ${block} ${which} ${kind} at ${rate} req/s: mean ${run.openLoop.meanMs} ms, p50 ${run.p50}, p99 ${run.p99}, server CPU ${run.serverCpuMsPerRequest} ms a request`);
    }
  }
  const openSummary = (r: OpenBlock[]) => ({
    blocks: r.length,
    meanMs: median(r.map((x) => x.meanMs)),
    p50: median(r.map((x) => x.p50)),
    p99: median(r.map((x) => x.p99)),
    cpuMs: median(r.map((x) => x.cpuMs)),
  });

  // autocannon gives whole milliseconds; with one connection, 1000 / rps is each block's mean latency to the microsecond.
  const summary = (r: ClosedBlock[]) => ({
    blocks: r.length,
    meanMs: Math.round(median(r.map((x) => 1000 / x.rps)) * 1000) / 1000,
    p50: median(r.map((x) => x.p50)),
    p99: median(r.map((x) => x.p99)),
    rps: Math.round(median(r.map((x) => x.rps))),
    cpuMs: median(r.map((x) => x.cpuMs)),
  });
  const result = {
    engine,
    dataset: data.path,
    withNotifications: args.includes('--with-notifications'),
    queueOnly,
    loadAverage: { before: loadBefore.map((l) => Math.round(l * 100) / 100), after: loadavg().map((l) => Math.round(l * 100) / 100) },
    notificationsWritten: written,
    favoriteOrUnfavorite: { on: summary(runs.favorites.on), off: summary(runs.favorites.off) },
    comment: { on: summary(runs.comments.on), off: summary(runs.comments.off) },
    openLoop: {
      rates,
      favoriteOrUnfavorite: { on: openSummary(open.favorites.on), off: openSummary(open.favorites.off) },
      comment: { on: openSummary(open.comments.on), off: openSummary(open.comments.off) },
      blocks: open,
    },
    blocks: runs,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await servers.on?.stop();
  await servers.off?.stop();
  await store.drop();
  await stores.close();
  rmSync(work, { recursive: true, force: true });
}
