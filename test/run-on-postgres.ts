// `npm run test:postgres`: the whole integration suite again, on PostgreSQL.
// Where PostgreSQL cannot be used it says so in one line and skips, except in CI, where it fails.
import { runSuite } from './run-suite.js';
import { postgresProblem, reportPostgresProblem, shownUrl, testServerUrl } from './support/test-database.js';

const problem = await postgresProblem();
if (problem) process.exit(reportPostgresProblem('the PostgreSQL run of the integration suite', problem) === 'skip' ? 0 : 1);

console.log(`Running the suite on PostgreSQL at ${shownUrl(testServerUrl)}`);
process.exit(runSuite({ TEST_ENGINE: 'postgres', TEST_DATABASE_URL: testServerUrl }));
