// The mixed scenario, run: reads only and with writes, each on one worker and on the server's
// default number of workers. Each variant is measured twice, each time on a new server with a
// fresh copy of the data set (on the engine measured: a SQLite file, or a PostgreSQL database):
// first the most it serves (closed loop), then its latency at a fixed offered rate, half that
// most (open loop).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from './datasets.js';
import { load, log, settle } from './driver.js';
import type { LoadInput, RunResult } from './load.js';
import { MIX_DEFAULTS, planMix, readCatalogue, summarize, withCredentials, WRITE_KINDS, type Catalogue, type MixedRequest, type PlannedRequest } from './mixed.js';
import { RssSampler } from './processes.js';
import { medianBy, medianRun, runFigures, type MixedResult, type MixedVariant, type OpenLoopResult } from './report.js';
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

/**
 * The plan's requests with the bench readers signed in anew on `server`, written to `file` for
 * the load generator, each kind tried once first; returns the file.
 */
export async function writeRequests(server: RunningServer, catalogue: Catalogue, plan: PlannedRequest[], file: string): Promise<string> {
  const credentials: Credentials[] = [];
  for (const reader of catalogue.readers) credentials.push(await signInAs(server.url, reader));
  const requests = withCredentials(plan, credentials);
  writeFileSync(file, JSON.stringify(requests));
  await checkKinds(server, requests);
  return file;
}

function addCounts(into: Record<string, Record<string, number>>, from: Record<string, Record<string, number>> | undefined): void {
  for (const [kind, statuses] of Object.entries(from ?? {})) {
    const target = (into[kind] ??= {});
    for (const [status, count] of Object.entries(statuses)) target[status] = (target[status] ?? 0) + count;
  }
}

function statusByKindOf(runs: RunResult[]): Record<string, Record<string, number>> {
  const statusByKind: Record<string, Record<string, number>> = {};
  for (const run of runs) addCounts(statusByKind, run.statusByKind);
  return statusByKind;
}

const writesIn = (run: RunResult) =>
  Object.entries(run.statusByKind ?? {})
    .filter(([kind]) => writeKinds.has(kind))
    .reduce((sum, [, statuses]) => sum + Object.values(statuses).reduce((a, b) => a + b, 0), 0);

interface Measured {
  runs: RunResult[];
  workers: number;
  rss: { workerMb: number; primaryMb: number | null };
}

/**
 * The open loop offers this share of the closed loop's maximum (on the same mix and workers): a
 * server at half its capacity should answer quickly, and p99 there says what a user waits.
 */
export const OPEN_LOOP_SHARE = 0.5;
/**
 * The open loop may open a connection per request due in one second, so that requests wait for a
 * connection only once a whole second of them is unanswered (and then, since latency runs from
 * each request's scheduled time, their wait still counts). Never fewer than the closed loop's.
 */
export const openLoopConnections = (rate: number, closedLoopConnections: number) => Math.max(closedLoopConnections, Math.ceil(rate));

/** `stores` gives each server its fresh copy of the data set, on the engine measured; `work` holds the request lists. */
export async function runMixed(dataset: Dataset, stores: Stores, work: string, logPath: string, settings: MixedSettings): Promise<MixedResult> {
  const name = runName(dataset, stores.engine);
  const catalogue = readCatalogue(dataset.path, dataset.manifest);
  const plans = MIXED_WRITE_SHARES.map((writeShare) => ({ writeShare, plan: planMix(catalogue, { ...MIX_DEFAULTS, writeShare }) }));
  let servers = 0;

  /**
   * The plan's requests on a new server with a fresh copy of the data (writes change the data, and
   * every measurement starts from the same state), its bench users signed in anew.
   */
  const measure = async (plan: PlannedRequest[], workers: Workers, send: (input: Omit<LoadInput, 'connections' | 'rate'>) => Promise<RunResult[]>): Promise<Measured> => {
    const id = servers++;
    const store = await stores.fresh(`mixed-${id}`);
    const server = await startServer(store, logPath, workers).catch(async (error: unknown) => {
      await store.drop();
      throw error;
    });
    try {
      const requestsFile = await writeRequests(server, catalogue, plan, join(work, `mixed-${id}.json`));
      await settle(server);
      const sampler = new RssSampler(server.pid);
      sampler.start();
      const runs = await send({
        url: server.url,
        method: 'GET',
        headers: {},
        requestsFile,
        warmupSeconds: settings.warmupSeconds,
        durationSeconds: settings.durationSeconds,
        runs: settings.runs,
      });
      return { runs, workers: server.workers, rss: sampler.stop() };
    } finally {
      await server.stop();
      await store.drop();
    }
  };

  const variants: MixedVariant[] = [];
  for (const { writeShare, plan } of plans) {
    for (const workers of MIXED_WORKERS) {
      const label = `${writeShare === 0 ? 'reads only' : `${Math.round(writeShare * 100)} % writes`}, ${describeWorkers(workers)}`;
      log(`${name}: mixed, ${label}: the most it serves (closed loop, ${settings.connections} connections)…`);
      const closed = await measure(plan, workers, (input) => load({ ...input, connections: settings.connections }));
      const typical = medianRun(closed.runs);
      log(
        `${name}:   ${closed.workers} worker(s): ${typical.rps.toFixed(0)} req/s, closed-loop p50 ${typical.p50} ms, p99 ${typical.p99} ms, ` +
          `${closed.runs.reduce((sum, r) => sum + r.failures, 0)} non-2xx, ${writesIn(typical)} writes, peak RSS ${closed.rss.workerMb.toFixed(0)} MB per worker` +
          `${closed.rss.primaryMb === null ? '' : ` (primary ${closed.rss.primaryMb.toFixed(0)} MB)`}, load generator ${typical.cpuPercent.toFixed(0)} % CPU`,
      );

      let openLoop: OpenLoopResult | null = null;
      let open: Measured | null = null;
      const rate = Math.round(typical.rps * OPEN_LOOP_SHARE);
      if (rate > 0) {
        const connections = openLoopConnections(rate, settings.connections);
        log(`${name}: mixed, ${label}: ${rate} req/s offered (open loop, half the most, up to ${connections} connections)…`);
        open = await measure(plan, workers, (input) => load({ ...input, connections, rate }));
        const runs = open.runs;
        const middle = medianBy(runs, (r) => r.p99);
        openLoop = {
          offeredRps: rate,
          achievedRps: middle.rps,
          p50: middle.p50,
          p99: middle.p99,
          latencyIsLowerBound: middle.latencyIsLowerBound,
          failures: runs.reduce((sum, r) => sum + r.failures, 0),
          timeouts: runs.reduce((sum, r) => sum + r.timeouts, 0),
          connections,
          maxInFlight: Math.max(0, ...runs.map((r) => r.openLoop?.maxInFlight ?? 0)),
          heldBack: runs.reduce((sum, r) => sum + (r.openLoop?.heldBack ?? 0), 0),
          sendLagP99Ms: middle.openLoop?.sendLagP99Ms ?? 0,
          workers: open.workers,
          loadCpuPercent: middle.cpuPercent,
          writes: writesIn(middle),
          statusByKind: statusByKindOf(runs),
          runs,
        };
        log(
          `${name}:   ${open.workers} worker(s): ${rate} req/s offered, ${middle.rps.toFixed(0)} answered per second, open-loop p50 ${middle.p50} ms, p99 ${middle.p99} ms, ` +
            `${openLoop.failures} non-2xx, ${openLoop.writes} writes, at most ${openLoop.maxInFlight} requests outstanding` +
            `${openLoop.heldBack > 0 ? ` (${openLoop.heldBack} waited for a connection)` : ''}, sent ≤ ${openLoop.sendLagP99Ms} ms late (p99), ` +
            `peak RSS ${open.rss.workerMb.toFixed(0)} MB per worker, load generator ${middle.cpuPercent.toFixed(0)} % CPU`,
        );
      } else {
        log(`${name}:   the closed loop got no answers: no rate to offer, no open loop`);
      }

      const primaries = [closed.rss.primaryMb, open?.rss.primaryMb ?? null].filter((mb): mb is number => mb !== null);
      variants.push({
        id: `${writeShare === 0 ? 'reads' : `writes-${Math.round(writeShare * 100)}`}/${workers === 'default' ? 'default' : workers}`,
        label,
        writeShare,
        workersSetting: workers === 'default' ? 'default' : workers,
        workers: closed.workers,
        ...runFigures(closed.runs),
        peakWorkerRssMb: Math.max(closed.rss.workerMb, open?.rss.workerMb ?? 0),
        peakPrimaryRssMb: primaries.length > 0 ? Math.max(...primaries) : null,
        loadCpuPercent: typical.cpuPercent,
        writes: writesIn(typical),
        statusByKind: statusByKindOf(closed.runs),
        runs: closed.runs,
        openLoop,
      });
    }
  }
  return {
    connections: settings.connections,
    openLoopShare: OPEN_LOOP_SHARE,
    mixes: plans.map(({ writeShare, plan }) => ({ writeShare, ...summarize(plan, catalogue) })),
    variants,
  };
}
