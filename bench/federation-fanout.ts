// `node --import tsx bench/federation-fanout.ts [--followers=10000] [--inboxes=200] [--per-block=20] [--blocks=4] [--drain=0] [--settle=1]`:
// publishing to an author with many fediverse followers, the way a server meets it (issue 22, part 8).
//
// One Conduit server (src/server.ts in production mode, one process: the job runner and the
// federation's queue run beside the requests, as `npm start` runs them) on a fresh SQLite file, and a
// sink (bench/federation-sink.ts, another process) standing in for `--inboxes` remote servers'
// shared inboxes. One author has `--followers` followers spread over those inboxes (inserted
// directly into remote_followers), another has none. Three figures:
// - the publish request (POST /api/articles), one at a time, for each author in ABBA blocks of
//   `--per-block` requests, so machine drift falls on both alike: p50, p95, p99 and max;
// - the fan-out: from one publish to the sink holding all `--inboxes` deliveries, the queue idle before;
// - the delivery rate: deliveries per second while the blocks' backlog drains.
// Prints JSON; the load average is taken before and after. `--drain=0` skips the wait for the
// blocks' deliveries (and the rate): the blocks then run while the queue works flat out.
// `--settle=1` waits, after each publish, until its deliveries are all in: each request then meets an
// idle queue, so the two sides compare the request's own work (the fan-out shares the process's one
// event loop otherwise, and falls on the requests that follow it).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { log } from './driver.js';
import { freePort } from './server.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const followers = option('followers', 10_000);
const inboxCount = option('inboxes', 200);
const perBlock = option('per-block', 20);
const blocks = option('blocks', 4);
/** 0: stop once the blocks are done, without waiting for their deliveries (no delivery rate then). */
const drain = option('drain', 1) !== 0;
/** 1: each publish waits for its deliveries before the next request. */
const settle = option('settle', 0) === 1;
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'conduit-fanout-'));
const databasePath = join(work, 'bench.db');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

function started(child: ChildProcess, name: string): void {
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk}`));
}

const sinkPort = await freePort();
const sink = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/federation-sink.ts'), String(sinkPort)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
started(sink, 'sink');
await new Promise((r) => sink.stdout!.once('data', r));
const sinkUrl = `http://127.0.0.1:${sinkPort}`;
const sinkCount = async () => (await (await fetch(`${sinkUrl}/count`)).json()) as { posts: number; inboxes: number; firstAt: number | null; lastAt: number | null };

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server.ts')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'pipe'],
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PUBLIC_URL: origin,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_PATH: databasePath,
    SESSION_SECRET: 'bench-session-secret-0123456789-abcdefghijklmnop',
    // The sink is on loopback.
    FEDERATION_ALLOW_PRIVATE: '1',
    POSTING_LIMITS: '0',
    LOG_LEVEL: 'warn',
    WEB_CONCURRENCY: '1',
  },
});
started(server, 'server');

try {
  await until('the server answers', async () => (await fetch(origin).catch(() => null))?.status === 200, 60_000);

  async function signUp(username: string): Promise<string> {
    const res = await fetch(`${origin}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: { username, email: `${username}@example.com`, password: 'a long enough passphrase' } }),
    });
    if (res.status !== 201) throw new Error(`sign-up ${username}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { user: { token: string } }).user.token;
  }
  const crowd = await signUp('crowd');
  const quiet = await signUp('quiet');

  // The followers, straight into the table: actor and own inbox per follower, the shared inbox per server.
  const db = new Database(databasePath);
  const authorId = (db.prepare("SELECT id FROM users WHERE username = 'crowd'").pluck().get() as number) ?? 0;
  const insert = db.prepare('INSERT INTO remote_followers (user_id, actor_id, inbox, shared_inbox, created_at) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < followers; i++) {
      const server = `${sinkUrl}/s${i % inboxCount}`;
      insert.run(authorId, `${server}/users/u${i}`, `${server}/users/u${i}/inbox`, `${server}/inbox`, Date.now());
    }
  })();
  db.close();
  log(`${followers} followers of crowd over ${inboxCount} inboxes`);

  let published = 0;
  async function publish(token: string): Promise<number> {
    const body = JSON.stringify({ article: { title: `Fan-out ${++published}`, description: 'A bench article', body: 'Some *text*, to render.', tagList: ['bench'] } });
    const start = performance.now();
    const res = await fetch(`${origin}/api/articles`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Token ${token}` }, body });
    const ms = performance.now() - start;
    if (res.status !== 201) throw new Error(`publish: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    return ms;
  }

  // Warm-up: each author publishes a few times (the crowd's also makes its keys), and the queue drains.
  for (let i = 0; i < 3; i++) {
    await publish(quiet);
    await publish(crowd);
  }
  await until('the warm-up is delivered', async () => (await sinkCount()).posts >= 3 * inboxCount, 300_000);
  await fetch(`${sinkUrl}/reset`, { method: 'POST' });

  // The fan-out, from an idle queue.
  const loadBefore = loadavg()[0]!;
  const fanoutStart = Date.now();
  const fanoutRequestMs = await publish(crowd);
  await until('the sink holds every delivery', async () => (await sinkCount()).inboxes >= inboxCount, 300_000);
  const fanout = await sinkCount();
  const fanoutMs = fanout.lastAt! - fanoutStart;
  await fetch(`${sinkUrl}/reset`, { method: 'POST' });

  // The request, ABBA: crowd, quiet, quiet, crowd, ….
  const times: Record<'crowd' | 'quiet', number[]> = { crowd: [], quiet: [] };
  const blocksStart = Date.now();
  for (let b = 0; b < blocks; b++) {
    const side = b % 4 === 0 || b % 4 === 3 ? 'crowd' : 'quiet';
    for (let i = 0; i < perBlock; i++) {
      times[side].push(await publish(side === 'crowd' ? crowd : quiet));
      const due = times.crowd.length * inboxCount;
      if (settle && side === 'crowd') await until('this publish is delivered', async () => (await sinkCount()).posts >= due, 300_000);
      // Either side, a moment for what the deliveries left behind (the WAL's checkpoint, the job rows' purge).
      if (settle) await sleep(500);
    }
  }
  const blocksEnd = Date.now();
  const expected = times.crowd.length * inboxCount;
  if (drain) await until('the backlog is delivered', async () => (await sinkCount()).posts >= expected, 1_800_000);
  const drained = await sinkCount();
  const loadAfter = loadavg()[0]!;

  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((x, y) => x - y);
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! * 10) / 10;
    return { n: xs.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
  };
  const result = {
    followers,
    inboxes: inboxCount,
    loadAverage: { before: loadBefore, after: loadAfter },
    publishMs: { withFollowers: stats(times.crowd), without: stats(times.quiet) },
    fanout: { requestMs: Math.round(fanoutRequestMs), untilAllDeliveredMs: fanoutMs, deliveries: fanout.posts, firstDeliveryMs: fanout.firstAt! - fanoutStart },
    backlog: drain && {
      deliveries: drained.posts,
      blocksMs: blocksEnd - blocksStart,
      firstToLastMs: drained.lastAt! - drained.firstAt!,
      perSecond: Math.round((drained.posts / ((drained.lastAt! - drained.firstAt!) / 1000)) * 10) / 10,
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  server.kill('SIGTERM');
  sink.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(work, { recursive: true, force: true });
}
