import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const CI = !!process.env.CI;

// Playwright cannot download browsers on these machines: use Debian's chromium when it is there,
// else the browser from `npx playwright install chromium` (test/run-e2e.ts says which is missing).
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** The Chromium the projects launch; undefined for Playwright's own. */
export const chromiumExecutable = existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;

/** The project that needs a PostgreSQL server. */
export const POSTGRES_PROJECT = 'chromium-postgres';
/**
 * Set by test/run-e2e.ts (`npm run test:e2e`) when PostgreSQL cannot be used here: the project is left
 * out, the runner having said so. Run directly, `npx playwright test` keeps it, and e2e/fixtures.ts skips it.
 */
export const WITHOUT_POSTGRES = 'E2E_WITHOUT_POSTGRES';

export default defineConfig<object, { engine: 'sqlite' | 'postgres' }>({
  testDir: 'e2e',
  fullyParallel: false,
  forbidOnly: CI,
  workers: 2,
  // A retry would hide a flaky test.
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    // baseURL comes from each worker's own server (see e2e/fixtures.ts).
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunch() },
    },
    ...(process.env[WITHOUT_POSTGRES]
      ? []
      : [
          {
            // The two-person flow once more, against a server on PostgreSQL (skipped, saying so, where
            // PostgreSQL cannot be used; never in CI).
            name: POSTGRES_PROJECT,
            testMatch: 'site.spec.ts',
            grep: /publish, find, follow, favorite, comment, edit and delete/,
            use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunch(), engine: 'postgres' as const },
          },
        ]),
  ],
});

function chromiumLaunch() {
  return {
    ...(chromiumExecutable && { executablePath: chromiumExecutable }),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  };
}
