// `npm run test:postgres`: the whole integration suite again, on PostgreSQL.
// Without a server it says so and skips, except in CI, where it must not skip.
import { runSuite } from './run-suite.js';
import { postgresProblem, shownUrl, testServerUrl } from './support/test-database.js';

const problem = await postgresProblem();
if (problem) {
  if (process.env.CI) {
    console.error(`PostgreSQL is required in CI: ${problem}`);
    process.exit(1);
  }
  console.warn(
    `\nSKIPPED the PostgreSQL run of the suite: ${problem}.\n` +
      'Everything ran on SQLite. To test PostgreSQL too, start one and set TEST_DATABASE_URL (see README).\n',
  );
  process.exit(0);
}

console.log(`Running the suite on PostgreSQL at ${shownUrl(testServerUrl)}`);
process.exit(runSuite({ TEST_ENGINE: 'postgres', TEST_DATABASE_URL: testServerUrl }));
