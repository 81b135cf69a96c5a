import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

// Every series a server process reports, under the names dashboards and alerts
// are written against (README, Operations: Metrics). Each worker keeps its own;
// the cluster primary sums them (src/metrics/cluster-metrics.ts).

/** What the database-wide gauges read when they are scraped. */
export interface GaugeSources {
  /** Jobs due now that no process has claimed yet. */
  jobsWaiting(): Promise<number>;
  /** How long the oldest queued notification has waited to be written out, in seconds; 0 when none waits. */
  notificationsQueueAge(): Promise<number>;
  /** When the newest checked backup was started, epoch ms; undefined when there is none. */
  lastBackupAt(): number | undefined;
}

/** Where request times fall: from a cache hit (well under a millisecond) to a slow page. */
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Statements are quicker: an indexed SQLite read takes microseconds, a PostgreSQL round trip about a millisecond. */
const QUERY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export type Series = ReturnType<typeof defineSeries>;

/**
 * The series, in `registry`. The gauges read `sources` when scraped; every
 * worker reads the same database, so the cluster keeps the largest of their
 * answers rather than their sum.
 */
export function defineSeries(registry: Registry, sources: GaugeSources) {
  const registers = [registry];
  return {
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'Requests answered, by method, route template and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by method and route template',
      labelNames: ['method', 'route'] as const,
      buckets: REQUEST_BUCKETS,
      registers,
    }),
    cacheRequests: new Counter({
      name: 'conduit_cache_requests_total',
      help: 'Lookups in each cache, by whether a kept answer was current (hit) or one was built (miss)',
      labelNames: ['cache', 'result'] as const,
      registers,
    }),
    dbQueryDuration: new Histogram({
      name: 'conduit_db_query_duration_seconds',
      help: 'Time each database statement took, as this process waited for it',
      buckets: QUERY_BUCKETS,
      registers,
    }),
    jobs: new Counter({
      name: 'conduit_jobs_total',
      help: 'Job runs this process finished, by job and outcome (done, retry, failed, released, lost)',
      labelNames: ['job', 'outcome'] as const,
      registers,
    }),
    jobsWaiting: databaseGauge(registers, 'conduit_jobs_waiting', 'Jobs due now that no process has claimed yet', sources.jobsWaiting),
    notificationsQueueAge: databaseGauge(
      registers,
      'conduit_notifications_queue_age_seconds',
      'How long the oldest queued notification has waited to be written out (seconds); 0 when none waits',
      sources.notificationsQueueAge,
    ),
    lastBackup: new Gauge({
      name: 'conduit_backup_last_success_timestamp_seconds',
      help: 'When the newest checked backup in BACKUP_DIR was started (Unix seconds); 0 when there is none',
      aggregator: 'max',
      registers,
      collect() {
        this.set((sources.lastBackupAt() ?? 0) / 1000);
      },
    }),
  };
}

/**
 * A gauge read from the database when scraped; every worker reads the same
 * database, so the cluster keeps the largest answer. A database that does
 * not answer leaves the last value: the scrape itself still works, so request
 * errors stay visible while it is down (and /healthz says 503).
 */
function databaseGauge(registers: Registry[], name: string, help: string, read: () => Promise<number>): Gauge {
  return new Gauge({
    name,
    help,
    aggregator: 'max',
    registers,
    async collect() {
      try {
        this.set(await read());
      } catch {
        // the last value stands
      }
    },
  });
}
