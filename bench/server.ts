import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { Manifest } from './generate.js';
import { serving, workersSettled } from './processes.js';
import type { Credentials } from './scenarios.js';
import type { Store } from './stores.js';

const root = resolve(import.meta.dirname, '..');
export const SESSION_SECRET = 'bench-session-secret-0123456789-abcdefghijklmnop';

/** A port nobody is using right now (never 3000: the dev server's). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * How many workers the cluster primary forks: a number (WEB_CONCURRENCY=n), or 'default' to leave
 * WEB_CONCURRENCY unset so the server picks (one per core).
 */
export type Workers = number | 'default';

export const describeWorkers = (workers: Workers) => (workers === 'default' ? 'WEB_CONCURRENCY unset' : `WEB_CONCURRENCY=${workers}`);

/**
 * The environment the production build runs with in the benchmark. The database comes from `store`
 * alone (DATABASE_URL only on PostgreSQL, DATABASE_POOL_MAX always at the app's default), never from
 * the shell that started the benchmark.
 */
export function serverEnv(store: Store, port: number, workers: Workers): NodeJS.ProcessEnv {
  const { WEB_CONCURRENCY: _workers, DATABASE_URL: _url, DATABASE_POOL_MAX: _pool, ...inherited } = process.env;
  return {
    ...inherited,
    ...(workers === 'default' ? {} : { WEB_CONCURRENCY: String(workers) }),
    ...(store.databaseUrl === undefined ? {} : { DATABASE_URL: store.databaseUrl }),
    // The start script says `node`: the same one that runs the benchmark.
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    NODE_ENV: 'production',
    SESSION_SECRET,
    DATABASE_PATH: store.databasePath,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Sign-in is the scenario, not the per-address limit.
    AUTH_RATE_LIMIT: '100000000',
    TRUST_PROXY: 'false',
    COOKIE_SECURE: 'auto',
  };
}

export interface RunningServer {
  child: ChildProcess;
  /** The process `npm start` runs: the cluster primary (or the server itself, without a cluster). */
  pid: number;
  url: string;
  /** Spawn → first 200 from GET /. */
  startupMs: number;
  /** Worker processes serving once start-up settled (1 for a server without a cluster). */
  workers: number;
  stop(): Promise<void>;
}

/**
 * `npm start`'s command, to run exactly what production runs (its node flags
 * and environment included): the cluster primary (dist/cluster.js) or a
 * single server (dist/server.js). Run as `sh -c "exec env …"`: the shell
 * becomes env, which becomes node, so the child's pid is the primary's and
 * its children are the workers.
 */
export function startCommand(): string {
  const { scripts } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = scripts.start;
  if (!start || !/dist\/(cluster|server)\.js/.test(start)) throw new Error('package.json has no "start" script that runs dist/cluster.js or dist/server.js');
  return start;
}

/** Starts the production server as `npm start` does, and waits for the home page to answer and every worker to be up. */
export async function startServer(store: Store, logPath: string, workers: Workers, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const command = startCommand();
  const started = performance.now();
  const child = spawn('/bin/sh', ['-c', `exec env ${command}`], { cwd: root, env: { ...serverEnv(store, port, workers), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logPath, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));

  for (;;) {
    if (exited !== null) throw new Error(`the server exited (${exited}) before answering; see ${logPath}`);
    try {
      const response = await fetch(`${url}/`);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 30_000) throw new Error(`the server did not answer within 30 s; see ${logPath}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const startupMs = performance.now() - started;
  const pid = child.pid!;
  // The first worker answers before the others listen; the figure above is still "when can it serve".
  const expected = command.includes('dist/cluster.js') ? (workers === 'default' ? availableParallelism() : workers) : 1;
  const found = await workersSettled(pid, expected);
  // "Default" is the server's choice (one per core is the intent), so only an explicit count must match.
  if (workers !== 'default' && found !== expected) throw new Error(`expected ${expected} worker(s) (${describeWorkers(workers)}), found ${found}; see ${logPath}`);

  return {
    child,
    pid,
    url,
    startupMs,
    workers: found,
    stop: async () => {
      const { workers: running } = serving(pid);
      if (exited === null) {
        await new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        });
      }
      // A worker the primary left behind would hold memory and CPU through the next measurement.
      const until = performance.now() + 10_000;
      for (const worker of running.filter((w) => w !== pid)) {
        while (isAlive(worker) && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
        if (!isAlive(worker)) continue;
        try {
          process.kill(worker, 'SIGKILL');
        } catch {
          // it exited in between
        }
      }
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const setCookies = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]!);

/** Signs the bench reader in like a browser (CSRF token from the form) and through the API. */
export function signIn(url: string, manifest: Manifest): Promise<Credentials> {
  return signInAs(url, manifest.reader);
}

/** Signs one user in like a browser (CSRF token from the form) and through the API. */
export async function signInAs(url: string, user: { email: string; password: string }): Promise<Credentials> {
  const page = await fetch(`${url}/login`);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const pageCookie = setCookies(page).find((c) => c.startsWith('conduit_session='));
  if (!csrf || !pageCookie) throw new Error('GET /login gave no CSRF token or session cookie');
  const form = new URLSearchParams({ _csrf: csrf, email: user.email, password: user.password });
  const login = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: pageCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  await login.arrayBuffer();
  const cookie = setCookies(login).find((c) => c.startsWith('conduit_session='));
  if (login.status !== 303 || !cookie) throw new Error(`POST /login answered ${login.status} without a new session`);

  const api = await fetch(`${url}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: { email: user.email, password: user.password } }),
  });
  const json = (await api.json()) as { user?: { token?: string } };
  if (!api.ok || !json.user?.token) throw new Error(`POST /api/users/login answered ${api.status}`);
  return { cookie, token: json.user.token };
}
