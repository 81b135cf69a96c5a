import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const CI = !!process.env.CI;

// Playwright cannot download browsers on these machines: use Debian's chromium when it is there,
// else the browser from `npx playwright install chromium`.
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

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
    {
      // The two-person flow once more, against a server on PostgreSQL (skipped, saying so, where there is
      // no PostgreSQL server; never in CI).
      name: 'chromium-postgres',
      testMatch: 'site.spec.ts',
      grep: /publish, find, follow, favorite, comment, edit and delete/,
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunch(), engine: 'postgres' },
    },
  ],
});

function chromiumLaunch() {
  return {
    ...(existsSync(DEBIAN_CHROMIUM) && { executablePath: DEBIAN_CHROMIUM }),
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
