// Starting the load generator and waiting for a quiet server: shared by every scenario.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { benchDir } from './datasets.js';
import type { LoadInput, LoadOutput, RunResult } from './load.js';
import type { RunningServer } from './server.js';

const root = resolve(benchDir, '..');

export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** Runs bench/load.ts in its own process and returns its runs. */
export function load(input: LoadInput): Promise<RunResult[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, 'load.ts'), JSON.stringify(input)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`the load generator exited with ${code}`));
      done((JSON.parse(out.trim().split('\n').pop()!) as LoadOutput).runs);
    });
  });
}

/**
 * Waits until the server answers a static file quickly: after a scenario whose requests timed out,
 * the server may still be working through requests of closed connections, which must not bleed
 * into the next scenario's numbers.
 */
export async function settle(server: RunningServer): Promise<void> {
  const until = performance.now() + 120_000;
  while (performance.now() < until) {
    const started = performance.now();
    const response = await fetch(`${server.url}/default-avatar.svg`);
    await response.arrayBuffer();
    if (performance.now() - started < 20) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  log('warning: the server stayed busy for 2 minutes after a scenario');
}
