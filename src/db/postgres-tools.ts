// Running PostgreSQL's client programs (pg_dump, pg_restore, psql) for
// backups and restores: the password kept off the command line, the time
// bounded, and what went wrong said in one line.
import { spawn, type ChildProcess } from 'node:child_process';

export type Tool = 'pg_dump' | 'pg_restore' | 'psql';

/** The Debian package with every one of them (of the server's major version or newer). */
export const CLIENT_PACKAGE = 'postgresql-client';

/** A client program that could not be run, or that failed: the message is for the person running the command. */
export class ToolError extends Error {}

/**
 * How to point a client program at `url`: the URL without its password as
 * `--dbname` (other users of the machine can read a command line), and the
 * password in the child's environment, which only its own user can read.
 */
export function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: 'conduit-backup', PGCONNECT_TIMEOUT: process.env.PGCONNECT_TIMEOUT ?? '10' };
  if (password) env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

export interface Running {
  child: ChildProcess;
  /** Resolves with what it wrote to stdout (when piped and not consumed elsewhere) once it exits with 0; rejects with a ToolError otherwise. */
  done: Promise<string>;
}

/**
 * Starts `tool`. `stdout: 'collect'` keeps what it prints; `'pipe'` leaves the
 * stream to the caller; `'ignore'` drops it. It is killed after `timeoutMs`.
 */
export function startTool(
  tool: Tool,
  args: string[],
  options: { env: NodeJS.ProcessEnv; timeoutMs: number; stdin?: 'pipe' | 'ignore'; stdout?: 'collect' | 'pipe' | 'ignore' },
): Running {
  const stdout = options.stdout ?? 'collect';
  const child = spawn(tool, args, { env: options.env, stdio: [options.stdin ?? 'ignore', stdout === 'collect' ? 'pipe' : stdout, 'pipe'] });
  let out = '';
  let err = '';
  if (stdout === 'collect') child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new ToolError(`${tool} was not found on PATH: install PostgreSQL's client programs (Debian: sudo apt-get install ${CLIENT_PACKAGE}), of the server's major version or newer.`)
          : new ToolError(`${tool} could not be started: ${error.message}`),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(out);
      const said = err.trim().split('\n').slice(-6).join(' / ');
      if (timedOut) return reject(new ToolError(`${tool} did not finish within ${Math.round(options.timeoutMs / 1000)} s and was stopped${said ? `: ${said}` : ''}`));
      reject(new ToolError(`${tool} failed (${signal ? `killed by ${signal}` : `exit code ${code}`})${said ? `: ${said}` : ''}`));
    });
  });
  return { child, done };
}

/** Runs `tool` to the end; resolves with its output. */
export function runTool(tool: Tool, args: string[], options: { env: NodeJS.ProcessEnv; timeoutMs: number; stdout?: 'collect' | 'ignore' }): Promise<string> {
  return startTool(tool, args, options).done;
}
