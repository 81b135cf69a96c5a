// The load generator, run as its own process (`node --import tsx bench/load.ts '<json>'`) so that
// autocannon never shares an event loop with the runner. Prints one JSON line: LoadOutput.
import autocannon, { type RequestSpec } from 'autocannon';
import { readFileSync } from 'node:fs';
import type { MixedRequest } from './mixed.js';
import { CLOCK_TICKS, cpuTicks } from './processes.js';

export interface LoadInput {
  url: string;
  connections: number;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  warmupSeconds: number;
  durationSeconds: number;
  runs: number;
  /** Epoch ms to wait for before starting, so two generators can start together. */
  startAt?: number;
  /**
   * A JSON file of MixedRequest[]: sent in order, one after the other across all connections
   * (`url` then only gives the origin). Too large for a command-line argument.
   */
  requestsFile?: string;
}

export interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  /** Responses outside 2xx plus connection errors and timeouts: anything a user would call a failure. */
  failures: number;
  /** Requests that got no answer within the timeout (or within a run that got no answer at all). */
  timeouts: number;
  /** Set when timeouts make p99 (and maybe p50) a lower bound. */
  latencyIsLowerBound: boolean;
  requests: number;
  statusCodes: Record<string, number>;
  /** The load generator's own CPU time over the run (utime + stime), in % of one core: near 100 % it sets the pace. */
  cpuPercent: number;
  /** Responses per request kind and status, with a request list (`requestsFile`). */
  statusByKind?: Record<string, Record<string, number>>;
}

export interface LoadOutput {
  runs: RunResult[];
}

const TIMEOUT_SECONDS = 10;

/**
 * One shared cursor over the list, for all connections: autocannon's own `requests` list would
 * start every connection at the first entry, and 50 connections would ask for the same URL at
 * the same moment. The cursor carries on from the warm-up into the runs.
 */
function sequence(list: MixedRequest[]): { spec: RequestSpec; statusByKind: () => Record<string, Record<string, number>> } {
  let cursor = 0;
  let counts: Record<string, Record<string, number>> = {};
  const spec: RequestSpec = {
    setupRequest: (request, context) => {
      const next = list[cursor++ % list.length]!;
      // Without pipelining a connection has one request in flight: its context says what the answer is for.
      context.kind = next.kind;
      return { ...request, method: next.method, path: next.path, headers: next.headers, body: next.body ?? '' };
    },
    onResponse: (status, _body, context) => {
      const byStatus = (counts[String(context.kind)] ??= {});
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    },
  };
  return {
    spec,
    statusByKind: () => {
      const done = counts;
      counts = {};
      return done;
    },
  };
}

async function once(input: LoadInput, seconds: number, list?: ReturnType<typeof sequence>): Promise<RunResult> {
  list?.statusByKind(); // a fresh count per run
  const ticksBefore = cpuTicks('self') ?? 0;
  const started = performance.now();
  const result = await autocannon({
    url: input.url,
    connections: input.connections,
    duration: seconds,
    method: input.method,
    headers: input.headers,
    body: input.body,
    timeout: TIMEOUT_SECONDS,
    ...(list ? { requests: [list.spec] } : {}),
  });
  const cpuPercent = (((cpuTicks('self') ?? 0) - ticksBefore) / CLOCK_TICKS / ((performance.now() - started) / 1000)) * 100;
  // autocannon's percentiles cover answered requests only. A timed-out request took at least the
  // timeout, so once timeouts make up 1 % (50 %) of all requests, p99 (p50) is at least the timeout.
  // A run with no answer at all had every connection waiting for the whole run.
  const silent = result.requests.total === 0;
  const timeouts = silent ? Math.max(result.timeouts, input.connections) : result.timeouts;
  const floorMs = (silent && result.timeouts === 0 ? seconds : TIMEOUT_SECONDS) * 1000;
  const timedOutShare = timeouts / Math.max(1, result.requests.total + timeouts);
  const atLeast = (ms: number, share: number) => (timedOutShare >= share ? Math.max(ms, floorMs) : ms);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]));
  return {
    rps: result.requests.average,
    p50: atLeast(result.latency.p50, 0.5),
    p99: atLeast(result.latency.p99, 0.01),
    latencyIsLowerBound: timedOutShare >= 0.01,
    failures: result.non2xx + result.errors + (timeouts - result.timeouts),
    timeouts,
    requests: result.requests.total,
    statusCodes,
    cpuPercent,
    ...(list ? { statusByKind: list.statusByKind() } : {}),
  };
}

async function main() {
  const input = JSON.parse(process.argv[2] ?? '{}') as LoadInput;
  if (input.startAt !== undefined) await new Promise((resolve) => setTimeout(resolve, Math.max(0, input.startAt! - Date.now())));
  const list = input.requestsFile ? sequence(JSON.parse(readFileSync(input.requestsFile, 'utf8')) as MixedRequest[]) : undefined;
  if (input.warmupSeconds > 0) await once(input, input.warmupSeconds, list);
  const runs: RunResult[] = [];
  for (let i = 0; i < input.runs; i++) runs.push(await once(input, input.durationSeconds, list));
  process.stdout.write(`${JSON.stringify({ runs } satisfies LoadOutput)}\n`);
}

await main();
