// Runs every integration test file under test/, at any depth (Node 20's
// --test takes no glob), on the engine named by the first argument.
// `npm run test:unit` runs it on SQLite; test/run-on-postgres.ts on PostgreSQL.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every `*.test.ts` below `dir`, in a stable order. */
export function testFiles(dir = 'test'): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f))
    .sort();
}

/** Runs the suite with `env` added; returns the runner's exit code. */
export function runSuite(env: Record<string, string> = {}): number {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles()], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return run.status ?? 1;
}

if (import.meta.filename === process.argv[1]) process.exit(runSuite());
