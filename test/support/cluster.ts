// `npm start`'s primary (src/cluster.ts, under tsx) as a real process on a scratch database, and
// ways to watch it: its log lines, its workers, plain GETs on connections of their own.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { scratchDatabase } from './test-database.js';

export const root = resolve(import.meta.dirname, '../..');
export const SECRET = 'a-cluster-test-secret-of-enough-length-0123456789';
export const DEADLINE_MS = 15_000;

export interface LogLine {
  pid: number;
  time: number;
  msg: string;
  workerPid?: number;
  delayMs?: number;
}

/** The primary (`npm start`'s entry, under tsx) as a real process, and everything it and its workers print. */
export interface Primary {
  child: ChildProcess;
  lines: LogLine[];
  /** Every worker pid the primary reported listening, in order. */
  workerPids(): number[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  cleanUp(): Promise<void>;
}

/** Cluster workers share the primary's port, so the primary needs a fixed one: one free right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** On a fresh database of the engine under test. */
export async function startPrimary(port: number, env: Record<string, string> = {}): Promise<Primary> {
  const database = await scratchDatabase();
  const { PATH, HOME } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cluster.ts'], {
    cwd: root,
    env: {
      PATH: PATH ?? '',
      HOME: HOME ?? '',
      NODE_ENV: 'production',
      WEB_CONCURRENCY: '2',
      ...database.env,
      SESSION_SECRET: SECRET,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const raw: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    raw.push(line);
    try {
      lines.push(JSON.parse(line) as LogLine);
    } catch {
      // a worker's stack trace or other plain text: kept in `raw` for failure messages
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => raw.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const workerPids = () =>
    lines.filter((l) => l.pid === child.pid && l.workerPid !== undefined && l.msg.includes('listening')).map((l) => l.workerPid!);
  return {
    child,
    lines,
    workerPids,
    exited,
    output: () => raw.slice(-40).join('\n'),
    async cleanUp() {
      // Even when an assertion failed midway: nothing of ours may outlive the test.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      for (const pid of workerPids()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      await database.drop();
    },
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check` returns something truthy; fails naming `what` after the deadline. */
export async function until<T>(what: string, check: () => T | undefined | false, primary: Primary, timeoutMs = DEADLINE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; output:\n${primary.output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * One GET on a connection of its own: the primary hands out connections, not requests, so a kept-alive
 * connection would pin every request to one worker. Null when refused or reset (a worker died under it).
 */
export function status(url: string): Promise<number | null> {
  return new Promise((done) => {
    const request = get(url, { agent: false, timeout: 2_000 }, (response) => {
      response.resume();
      response.once('end', () => done(response.statusCode ?? null));
      response.once('error', () => done(null));
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => done(null));
  });
}

/** Pids that logged a completed request, from the workers' own (Fastify) lines. */
export function servingPids(primary: Primary): Set<number> {
  return new Set(primary.lines.filter((l) => l.msg === 'request completed').map((l) => l.pid));
}
