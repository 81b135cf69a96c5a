// A runner process that claims one job and never finishes it, for
// test/jobs/killed-worker.test.ts to kill with SIGKILL mid-job. It opens the
// database its environment names (DATABASE_PATH or DATABASE_URL), claims a
// due job of kind JOB_NAME at time JOB_NOW with a lease of LEASE_MS, prints
// "started <job id>" once the handler runs, and then hangs.
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import { jobKinds } from '../../src/jobs/kinds.js';
import { runNext } from '../../src/jobs/runner.js';

const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
const database = await openDatabase(config);
const kinds = jobKinds([
  {
    name: process.env.JOB_NAME ?? 'work',
    leaseMs: Number(process.env.LEASE_MS),
    run: async (_payload, { job }) => {
      console.log(`started ${job.id}`);
      // Keeps the process alive: nothing else would, with the job waiting for ever.
      setInterval(() => {}, 60_000);
      await new Promise(() => {});
    },
  },
]);
const outcome = await runNext({ db: database.db, kinds, now: () => Number(process.env.JOB_NOW) });
console.log(`nothing claimed: ${JSON.stringify(outcome)}`);
