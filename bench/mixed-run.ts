// The mixed scenario, run: reads only and with writes, each on one worker and on the server's
// default number of workers, every variant on a new server with a fresh copy of the data set (on
// the engine measured: a SQLite file, or a PostgreSQL database).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from './datasets.js';
import { load, log, settle } from './driver.js';
import type { RunResult } from './load.js';
import { MIX_DEFAULTS, planMix, readCatalogue, summarize, withCredentials, WRITE_KINDS, type MixedRequest } from './mixed.js';
import { RssSampler } from './processes.js';
import { medianRun, runFigures, type MixedResult, type MixedVariant } from './report.js';
import type { Credentials } from './scenarios.js';
import { describeWorkers, signInAs, startServer, type RunningServer, type Workers } from './server.js';
import { runName, type Stores } from './stores.js';

export const MIXED_WRITE_SHARES = [0, 0.05];
export const MIXED_WORKERS: Workers[] = [1, 'default'];

export interface MixedSettings {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  runs: number;
}

const writeKinds: ReadonlySet<string> = new Set(WRITE_KINDS);

/** Sends the first request of each kind once, so a route that refuses the mix fails before the load, by name. */
async function checkKinds(server: RunningServer, requests: MixedRequest[]): Promise<void> {
  const seen = new Set<string>();
  for (const request of requests) {
    if (seen.has(request.kind)) continue;
    seen.add(request.kind);
    const response = await fetch(server.url + request.path, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual' });
    await response.arrayBuffer();
    if (response.status < 200 || response.status > 299) {
      throw new Error(`mixed: ${request.method} ${request.path} (${request.kind}) answered ${response.status} before the load started`);
    }
  }
}

function addCounts(into: Record<string, Record<string, number>>, from: Record<string, Record<string, number>> | undefined): void {
  for (const [kind, statuses] of Object.entries(from ?? {})) {
    const target = (into[kind] ??= {});
    for (const [status, count] of Object.entries(statuses)) target[status] = (target[status] ?? 0) + count;
  }
}

const writesIn = (run: RunResult) =>
  Object.entries(run.statusByKind ?? {})
    .filter(([kind]) => writeKinds.has(kind))
    .reduce((sum, [, statuses]) => sum + Object.values(statuses).reduce((a, b) => a + b, 0), 0);

/** `stores` gives each variant its fresh copy of the data set, on the engine measured; `work` holds the request lists. */
export async function runMixed(dataset: Dataset, stores: Stores, work: string, logPath: string, settings: MixedSettings): Promise<MixedResult> {
  const name = runName(dataset, stores.engine);
  const catalogue = readCatalogue(dataset.path, dataset.manifest);
  const plans = MIXED_WRITE_SHARES.map((writeShare) => ({ writeShare, plan: planMix(catalogue, { ...MIX_DEFAULTS, writeShare }) }));
  const variants: MixedVariant[] = [];
  for (const { writeShare, plan } of plans) {
    for (const workers of MIXED_WORKERS) {
      const label = `${writeShare === 0 ? 'reads only' : `${Math.round(writeShare * 100)} % writes`}, ${describeWorkers(workers)}`;
      log(`${name}: mixed, ${label}…`);
      // Writes change the data, and each variant must start from the same state.
      const store = await stores.fresh(`mixed-${variants.length}`);
      const server = await startServer(store, logPath, workers).catch(async (error: unknown) => {
        await store.drop();
        throw error;
      });
      try {
        const credentials: Credentials[] = [];
        for (const reader of catalogue.readers) credentials.push(await signInAs(server.url, reader));
        const requests = withCredentials(plan, credentials);
        const requestsFile = join(work, `mixed-${variants.length}.json`);
        writeFileSync(requestsFile, JSON.stringify(requests));
        await checkKinds(server, requests);
        await settle(server);
        const sampler = new RssSampler(server.pid);
        sampler.start();
        const runs = await load({
          url: server.url,
          connections: settings.connections,
          method: 'GET',
          headers: {},
          requestsFile,
          warmupSeconds: settings.warmupSeconds,
          durationSeconds: settings.durationSeconds,
          runs: settings.runs,
        });
        const rss = sampler.stop();
        const typical = medianRun(runs);
        const statusByKind: Record<string, Record<string, number>> = {};
        for (const run of runs) addCounts(statusByKind, run.statusByKind);
        const variant: MixedVariant = {
          id: `${writeShare === 0 ? 'reads' : `writes-${Math.round(writeShare * 100)}`}/${workers === 'default' ? 'default' : workers}`,
          label,
          writeShare,
          workersSetting: workers === 'default' ? 'default' : workers,
          workers: server.workers,
          ...runFigures(runs),
          peakWorkerRssMb: rss.workerMb,
          peakPrimaryRssMb: rss.primaryMb,
          loadCpuPercent: typical.cpuPercent,
          writes: writesIn(typical),
          statusByKind,
          runs,
        };
        variants.push(variant);
        log(
          `${name}:   ${server.workers} worker(s): ${typical.rps.toFixed(0)} req/s, p50 ${typical.p50} ms, p99 ${typical.p99} ms, ` +
            `${variant.failures} non-2xx, ${variant.writes} writes, peak RSS ${rss.workerMb.toFixed(0)} MB per worker` +
            `${rss.primaryMb === null ? '' : ` (primary ${rss.primaryMb.toFixed(0)} MB)`}, load generator ${typical.cpuPercent.toFixed(0)} % CPU`,
        );
      } finally {
        await server.stop();
        await store.drop();
      }
    }
  }
  return {
    connections: settings.connections,
    mixes: plans.map(({ writeShare, plan }) => ({ writeShare, ...summarize(plan, catalogue) })),
    variants,
  };
}
