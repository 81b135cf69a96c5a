import cluster from 'node:cluster';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { loadConfigOrExit } from './config.js';
import { devSessionSecret } from './dev-session-secret.js';
import { openDatabase } from './db/open.js';
import { jobCatalog } from './jobs/catalog.js';
import { startJobRunner, type JobRunner } from './jobs/runner.js';
import { isEmpty, seedDatabase } from './seed/seed.js';

async function main() {
  let config = loadConfigOrExit();

  const database = await openDatabase(config);
  config = { ...config, sessionSecrets: devSessionSecret(config) };
  // `npm run dev` starts with a lively site; never over real data.
  if (config.env === 'development' && (await isEmpty(database.db))) await seedDatabase(database, config);

  const app = await buildApp(config, database);
  let runner: JobRunner | undefined;
  // One hook, so the order is plain: the running job ends (or is left to its lease) before the database closes.
  app.addHook('onClose', async () => {
    await runner?.stop();
    await database.close();
  });

  // A worker hears Ctrl-C with its whole process group and then the primary's SIGTERM: that second
  // signal must not cut its drain short. The primary owns the deadline and kills what outlives it.
  const stopSignals = cluster.isWorker ? (['SIGINT', 'SIGTERM'] as const) : [];
  let closing = false;
  const grace = closeWithGrace({ delay: 10_000, skip: [...stopSignals] }, async ({ signal, err, manual }) => {
    closing = true;
    if (err) app.log.error({ err }, 'shutting down after an error');
    else if (!manual) app.log.info({ signal }, 'shutting down');
    await app.close(); // stops accepting, lets in-flight requests finish, then closes the database
  });
  for (const signal of stopSignals) {
    process.on(signal, () => {
      if (closing) return;
      app.log.info({ signal }, 'shutting down');
      grace.close();
    });
  }

  await app.listen({ host: config.host, port: config.port });

  // Every server process runs due jobs, one at a time; claims keep each job to one of them (docs/decisions/0016).
  if (config.jobsEnabled && !closing) {
    const { services } = app;
    runner = startJobRunner({ db: services.db, kinds: jobCatalog(services, config), now: services.now, log: app.log, pollMs: config.jobsPollMs });
  }
}

await main();
