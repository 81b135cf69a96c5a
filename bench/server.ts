import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { Manifest } from './generate.js';
import type { Credentials } from './scenarios.js';

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

/** The environment the production build runs with in the benchmark. */
export function serverEnv(databasePath: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // The start script says `node`: the same one that runs the benchmark.
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    NODE_ENV: 'production',
    SESSION_SECRET,
    DATABASE_PATH: databasePath,
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
  pid: number;
  url: string;
  /** Spawn → first 200 from GET /. */
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * `npm start`'s command, to run exactly what production runs (its node flags
 * and environment included). Run as `sh -c "exec env …"`: the shell becomes
 * env, which becomes node, so the child's pid is the server's, for RSS.
 */
export function startCommand(): string {
  const { scripts } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const start = scripts.start;
  if (!start?.includes('dist/server.js')) throw new Error('package.json has no "start" script that runs dist/server.js');
  return start;
}

/** Starts the production server as `npm start` does, and waits for the home page to answer. */
export async function startServer(databasePath: string, logPath: string): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn('/bin/sh', ['-c', `exec env ${startCommand()}`], { cwd: root, env: serverEnv(databasePath, port), stdio: ['ignore', 'pipe', 'pipe'] });
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

  return {
    child,
    pid: child.pid!,
    url,
    startupMs,
    stop: () =>
      new Promise<void>((done) => {
        if (exited !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every 100 ms and keeps the peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peak = 0;

  constructor(private readonly pid: number) {}

  start(): void {
    this.peak = rssMb(this.pid) ?? 0;
    this.timer = setInterval(() => (this.peak = Math.max(this.peak, rssMb(this.pid) ?? 0)), 100);
  }

  stop(): number {
    clearInterval(this.timer);
    return this.peak;
  }
}

const setCookies = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]!);

/** Signs the bench reader in like a browser (CSRF token from the form) and through the API. */
export async function signIn(url: string, manifest: Manifest): Promise<Credentials> {
  const page = await fetch(`${url}/login`);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const pageCookie = setCookies(page).find((c) => c.startsWith('conduit_session='));
  if (!csrf || !pageCookie) throw new Error('GET /login gave no CSRF token or session cookie');
  const form = new URLSearchParams({ _csrf: csrf, email: manifest.reader.email, password: manifest.reader.password });
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
    body: JSON.stringify({ user: { email: manifest.reader.email, password: manifest.reader.password } }),
  });
  const json = (await api.json()) as { user?: { token?: string } };
  if (!api.ok || !json.user?.token) throw new Error(`POST /api/users/login answered ${api.status}`);
  return { cookie, token: json.user.token };
}
