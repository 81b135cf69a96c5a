import cluster from 'node:cluster';
import { AggregatorRegistry, collectDefaultMetrics, Registry } from 'prom-client';
import { listenToLookups } from '../cache/lookups.js';
import type { QueryObserver } from '../db/timed-statements.js';
import type { JobOutcome } from '../jobs/runner.js';
import { defineSeries, type GaugeSources, type Series } from './series.js';

/** One server process's metrics: what it counts, and the hooks that feed them. */
export interface ProcessMetrics {
  registry: Registry;
  series: Series;
  /** For openDatabase: each statement's time. */
  observeQuery: QueryObserver;
  /** For the job runner: how each run ended. */
  countJob(outcome: JobOutcome): void;
  /** Where the database-wide gauges read from, once the database is open. */
  readFrom(sources: GaugeSources): void;
}

/**
 * Starts counting in this process. A cluster worker labels Node's own
 * metrics (heap, RSS, event-loop lag) with its worker id, so each worker's
 * stay apart when the primary sums the rest, and answers the primary's
 * requests for its numbers (prom-client's cluster messages).
 */
export function startProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  let sources: GaugeSources | undefined;
  const series = defineSeries(registry, {
    jobsWaiting: () => sources?.jobsWaiting() ?? Promise.resolve(0),
    notificationsQueueAge: () => sources?.notificationsQueueAge() ?? Promise.resolve(0),
    lastBackupAt: () => sources?.lastBackupAt(),
  });
  const worker = cluster.worker;
  collectDefaultMetrics({ register: registry, ...(worker && { labels: { worker: String(worker.id) } }) });
  if (worker) {
    // Constructed for its side effect: it listens for the primary's requests and answers with these registries.
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries(registry);
  }
  listenToLookups((cache, result) => series.cacheRequests.inc({ cache, result }));
  return {
    registry,
    series,
    observeQuery: (seconds) => series.dbQueryDuration.observe(seconds),
    countJob: (outcome) => series.jobs.inc({ job: outcome.name, outcome: outcome.result }),
    readFrom(next) {
      sources = next;
    },
  };
}
