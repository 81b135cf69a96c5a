import cluster from 'node:cluster';
import type { Server } from 'node:http';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { loadConfigOrExit } from './config.js';
import { devSessionSecret } from './dev-session-secret.js';
import { openDatabase } from './db/open.js';
import { jobCatalog } from './jobs/catalog.js';
import { startNotificationWriter } from './jobs/notification-writer.js';
import { startJobRunner, type JobRunner } from './jobs/runner.js';
import type { ProcessMetrics } from './metrics/process-metrics.js';
import { isEmpty, seedDatabase } from './seed/seed.js';

async function main() {
  let config = loadConfigOrExit();

  // Off unless METRICS_PORT is set: then prom-client is not even loaded, and statements are not timed.
  const metrics = config.metrics ? await startMetrics() : undefined;
  const database = await openDatabase({ ...config, observeQuery: metrics?.observeQuery });
  config = { ...config, sessionSecrets: devSessionSecret(config) };
  // `npm run dev` starts with a lively site; never over real data.
  if (config.env === 'development' && (await isEmpty(database.db))) await seedDatabase(database, config);

  const app = await buildApp(config, database, { metrics: metrics?.series });
  if (metrics) {
    const { gaugeSources } = await import('./metrics/gauge-sources.js');
    metrics.readFrom(gaugeSources(app.services.db, config.backup.dir, app.services.now));
  }
  let runner: JobRunner | undefined;
  // This process's requests' notifications, written out shortly after each (docs/decisions/0063), jobs or not.
  const notificationWriter = startNotificationWriter({ db: app.services.db, now: app.services.now, log: app.log, pollMs: config.jobsPollMs });
  const federationQueue = new AbortController();
  let federationListening: Promise<void> | undefined;
  let metricsServer: Server | undefined;
  // One hook, so the order is plain: the running job ends (or is left to its lease) before the database closes.
  app.addHook('onClose', async () => {
    metricsServer?.close();
    federationQueue.abort();
    await runner?.stop();
    await notificationWriter.stop();
    await federationListening;
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

  // In a cluster the primary serves every worker's metrics together (src/cluster.ts).
  if (metrics && config.metrics && !cluster.isWorker) {
    const { serveMetrics } = await import('./metrics/metrics-server.js');
    const { registry } = metrics;
    const where = config.metrics;
    metricsServer = await serveMetrics(where, { contentType: registry.contentType, render: () => registry.metrics() }, (err) =>
      app.log.error({ err }, 'the metrics could not be gathered'),
    );
    app.log.info(`metrics on http://${where.host}:${where.port}/metrics`);
  }
  await app.listen({ host: config.host, port: config.port });

  // Every server process runs due jobs, one at a time; claims keep each job to one of them (docs/decisions/0016).
  if (config.jobsEnabled && !closing) {
    const { services } = app;
    runner = startJobRunner({
      db: services.db,
      kinds: jobCatalog(services, config),
      now: services.now,
      log: app.log,
      pollMs: config.jobsPollMs,
      ...(metrics && { onOutcome: metrics.countJob }),
    });
    // Federation's deliveries and inbox work: jobs too, claimed by a listener of their own (src/federation/message-queue.ts).
    federationListening = app.federation?.startQueue(undefined, { signal: federationQueue.signal });
  }
}

async function startMetrics(): Promise<ProcessMetrics> {
  const { startProcessMetrics } = await import('./metrics/process-metrics.js');
  return startProcessMetrics();
}

await main();
