// `npm run test:e2e`: the Playwright tests, after two checks whose failures Playwright would only
// report as stack traces. Arguments go on to `playwright test` (e.g. `-- --project chromium`).
//  - No Chromium: one line on how to get one, then Playwright's own error.
//  - PostgreSQL unusable (the same check as `npm run test:postgres`): outside CI the chromium-postgres
//    project is left out, saying so in one line; in CI the run fails with the reason.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from '@playwright/test';
import config, { chromiumExecutable, DEBIAN_CHROMIUM, POSTGRES_PROJECT, WITHOUT_POSTGRES } from '../playwright.config.js';
import { postgresProblem, reportPostgresProblem } from './support/test-database.js';

const browser = chromiumExecutable ?? chromium.executablePath();
if (!existsSync(browser)) {
  console.warn(
    `No Chromium for the browser tests: neither ${DEBIAN_CHROMIUM} nor Playwright's own (${browser}). ` +
      'Get one: sudo apt-get install chromium (Debian), or npx playwright install chromium.',
  );
}

const projectNames = (config.projects ?? []).map((p) => p.name ?? '');
let args = process.argv.slice(2);
const env: Record<string, string> = {};
const selection = projectSelection(args);
if (selection.includesPostgres) {
  const problem = await postgresProblem();
  if (problem) {
    const part = `the two-person browser flow on PostgreSQL (Playwright project ${POSTGRES_PROJECT})`;
    if (reportPostgresProblem(part, problem) === 'fail') process.exit(1);
    env[WITHOUT_POSTGRES] = '1';
    args = selection.without;
    // Only that project was asked for: nothing is left to run.
    if (selection.named && !selection.othersNamed) process.exit(0);
  }
}

const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const run = spawnSync(process.execPath, [cli, 'test', ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
process.exit(run.status ?? 1);

/**
 * What `--project` arguments (`--project a b`, `--project=a`; names may hold `*`, any case, as
 * Playwright reads them) ask of the PostgreSQL project, and the arguments without the names that
 * only it matches (Playwright rejects a name that matches no project).
 */
function projectSelection(argv: string[]) {
  const matches = (pattern: string, name: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(name);
  const onlyPostgres = (pattern: string) =>
    matches(pattern, POSTGRES_PROJECT) && !projectNames.some((n) => n !== POSTGRES_PROJECT && matches(pattern, n));
  let named = false;
  let othersNamed = false;
  let includesPostgres = false;
  const without: string[] = [];
  const pick = (pattern: string) => {
    named = true;
    if (matches(pattern, POSTGRES_PROJECT)) includesPostgres = true;
    if (onlyPostgres(pattern)) return false;
    othersNamed = true;
    return true;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--project=')) {
      if (pick(arg.slice('--project='.length))) without.push(arg);
    } else if (arg === '--project') {
      const kept: string[] = [];
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) {
        const pattern = argv[++i]!;
        if (pick(pattern)) kept.push(pattern);
      }
      if (kept.length > 0) without.push(arg, ...kept);
    } else {
      without.push(arg);
    }
  }
  return { named, othersNamed, includesPostgres: includesPostgres || !named, without };
}
