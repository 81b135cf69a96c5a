import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';
import { startSmtpSink, type SmtpSink } from '../test/support/smtp-sink.js';
import { postgresProblem, reportPostgresProblem, scratchDatabase } from '../test/support/test-database.js';

export { expect } from '@playwright/test';

const repoRoot = resolve(import.meta.dirname, '..');
const STARTUP_TIMEOUT_MS = 30_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;

export interface TestServer {
  baseURL: string;
  /** Where its database is, for a command run beside it (`npm run admin`). */
  databaseEnv: Record<string, string>;
}

/** A port nobody is listening on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolvePort(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls GET / until it answers; fails early (with stderr) if the process dies. */
async function waitUntilReady(child: ChildProcess, baseURL: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `e2e server exited (code ${child.exitCode}, signal ${child.signalCode}) before answering:\n${stderr()}`,
      );
    }
    try {
      const response = await fetch(`${baseURL}/`, { redirect: 'manual', signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(`e2e server did not answer GET ${baseURL}/ within ${STARTUP_TIMEOUT_MS} ms:\n${stderr()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), delay(SHUTDOWN_TIMEOUT_MS).then(() => true)]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Whether the PostgreSQL test server can be used; where not, says so as `npm test` does (and in CI throws). */
async function postgresUsable(): Promise<boolean> {
  const problem = await postgresProblem();
  if (problem && reportPostgresProblem('the two-person browser flow on PostgreSQL (Playwright project chromium-postgres)', problem) === 'fail') {
    throw new Error(`PostgreSQL is required in CI: ${problem.reason}`);
  }
  return problem === undefined;
}

/**
 * Every worker runs its own server on its own port over its own temporary
 * database, so workers never see each other's users or sessions.
 */
export const test = base.extend<object, { server: TestServer; mail: SmtpSink; engine: 'sqlite' | 'postgres'; postgresReachable: boolean; mailTo: 'smtp' | 'outbox' }>({
  /** The database the worker's server runs on: set per project in playwright.config.ts. */
  engine: ['sqlite', { option: true, scope: 'worker' }],
  /**
   * Where the server's mail goes: the worker's SMTP sink, or (`test.use({ mailTo: 'outbox' })`, a
   * worker of its own) the development outbox at /dev/outbox. The outbox worker also sweeps
   * notification mail every second, so a mail "at once" arrives while the test waits.
   */
  mailTo: ['smtp', { option: true, scope: 'worker' }],
  /**
   * Whether the PostgreSQL test server can be used (the check `npm run test:postgres` makes). In CI it
   * must be: there a problem fails the run. `npm run test:e2e` checks before Playwright starts and
   * leaves the chromium-postgres project out where it cannot; this is for `npx playwright test`.
   */
  postgresReachable: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      await use(await postgresUsable());
    },
    { scope: 'worker' },
  ],
  /** A real SMTP server per worker: the app's mail (password resets, notices) arrives here. */
  mail: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const sink = await startSmtpSink();
      try {
        await use(sink);
      } finally {
        await sink.close();
      }
    },
    { scope: 'worker' },
  ],
  server: [
    async ({ mail, engine, mailTo }, use, workerInfo) => {
      // Reached before any test.skip() on `postgresReachable` is heard (Playwright's own fixtures want
      // baseURL first), so the server skips the test itself rather than fail on the database.
      if (engine === 'postgres') base.skip(!(await postgresUsable()), 'PostgreSQL cannot be used here');
      const dir = mkdtempSync(join(tmpdir(), `conduit-e2e-w${workerInfo.workerIndex}-`));
      const database = engine === 'postgres' ? await scratchDatabase('postgres') : undefined;
      const port = await freePort();
      const baseURL = `http://127.0.0.1:${port}`;
      let stderr = '';
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_PATH: join(dir, 'conduit.db'),
          ...database?.env,
          SESSION_SECRET: randomBytes(32).toString('hex'),
          LOG_LEVEL: 'warn',
          ALLOW_COMMON_PASSWORDS: '1',
          COOKIE_SECURE: 'auto',
          AUTH_RATE_LIMIT: '10000',
          ...(mailTo === 'smtp' ? { SMTP_URL: mail.url } : { JOBS_POLL_MS: '200', INSTANT_MAIL_SECONDS: '1', INSTANT_MAIL_SETTLE_MS: '0' }),
          PUBLIC_URL: baseURL,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        process.stderr.write(chunk);
      });
      try {
        await waitUntilReady(child, baseURL, () => stderr);
        await use({ baseURL, databaseEnv: { DATABASE_PATH: join(dir, 'conduit.db'), ...database?.env } });
      } finally {
        await stop(child);
        rmSync(dir, { recursive: true, force: true });
        await database?.drop();
      }
    },
    { scope: 'worker', timeout: STARTUP_TIMEOUT_MS + SHUTDOWN_TIMEOUT_MS + 5_000 },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.baseURL);
  },
});
