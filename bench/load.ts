// The load generator, run as its own process (`node --import tsx bench/load.ts '<json>'`) so that
// autocannon never shares an event loop with the runner. Prints one JSON line: LoadOutput.
// Two ways: a closed loop (autocannon: every connection sends its next request as soon as the last
// one is answered, so it measures the most the server can do), or, with `rate`, an open loop that
// sends requests at fixed times whatever the server does (so it measures latency at that rate).
import autocannon, { type RequestSpec } from 'autocannon';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
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
  /**
   * Open loop: requests per second to offer, evenly spaced, whether or not earlier ones were
   * answered; `connections` is then the most connections it may open (opened as needed).
   * Without it, the closed loop: `connections` connections, each sending as fast as answers come.
   */
  rate?: number;
  /**
   * Processes whose CPU time to count over each measured run (a server's primary and workers): their
   * user + system time, all threads, per answered request, is what the run cost the server.
   */
  serverPids?: number[];
}

/** What only an open-loop run has: how well the rate was offered. */
export interface OpenLoopFigures {
  /** Requests scheduled per second (the rate asked). */
  offeredRps: number;
  /** Mean latency of the answered requests, in ms to the microsecond (p50 and p99 are in tenths). */
  meanMs: number;
  /** Most requests outstanding at once (sent, or waiting for a connection): beyond `connections`, some waited. */
  maxInFlight: number;
  /** Requests that found every allowed connection busy and waited for one (their wait counts in their latency). */
  heldBack: number;
  /** How late the generator sent requests after their scheduled time, p99 in ms (that lateness counts in the latency too). */
  sendLagP99Ms: number;
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
  /** With `serverPids`: their CPU time over the run per answered request, in ms (10 ms ticks, so read it over thousands). */
  serverCpuMsPerRequest?: number;
  /** Responses per request kind and status, with a request list (`requestsFile`). */
  statusByKind?: Record<string, Record<string, number>>;
  /** With `rate`: the open loop's own figures. `rps` is then the responses that arrived within the run, per second. */
  openLoop?: OpenLoopFigures;
}

export interface LoadOutput {
  runs: RunResult[];
}

const TIMEOUT_SECONDS = 10;

/** The CPU time of `pids` so far, in ticks (a process gone counts 0). */
const serverTicks = (pids: number[] | undefined) => (pids ?? []).reduce((sum, pid) => sum + (cpuTicks(pid) ?? 0), 0);
/** What the server's processes spent per answered request, in ms, or nothing when none were named. */
function serverCost(pids: number[] | undefined, ticks: number, requests: number): { serverCpuMsPerRequest?: number } {
  if (!pids?.length || requests === 0) return {};
  return { serverCpuMsPerRequest: Math.round(((ticks / CLOCK_TICKS) * 1_000_000) / requests) / 1000 };
}

/**
 * One shared cursor over the list, for all connections: autocannon's own `requests` list would
 * start every connection at the first entry, and 50 connections would ask for the same URL at
 * the same moment. The cursor carries on from the warm-up into the runs.
 */
function sequence(list: MixedRequest[]) {
  let cursor = 0;
  let counts: Record<string, Record<string, number>> = {};
  const next = () => list[cursor++ % list.length]!;
  const record = (kind: string, status: number) => {
    const byStatus = (counts[kind] ??= {});
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  };
  const spec: RequestSpec = {
    setupRequest: (request, context) => {
      const entry = next();
      // Without pipelining a connection has one request in flight: its context says what the answer is for.
      context.kind = entry.kind;
      return { ...request, method: entry.method, path: entry.path, headers: entry.headers, body: entry.body ?? '' };
    },
    onResponse: (status, _body, context) => record(String(context.kind), status),
  };
  return {
    next,
    record,
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
  const serverBefore = serverTicks(input.serverPids);
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
  const serverSpent = serverTicks(input.serverPids) - serverBefore;
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
    ...serverCost(input.serverPids, serverSpent, result.requests.total),
    ...(list ? { statusByKind: list.statusByKind() } : {}),
  };
}

/** The q-quantile of ascending values (nearest rank), 0 for none. */
function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}
const tenths = (ms: number) => Math.round(ms * 10) / 10;

/**
 * One open-loop run: request i is due at start + i / rate, and is sent then whether or not the
 * earlier ones were answered (as wrk2 does; autocannon 8's `overallRate` is a per-connection quota
 * per second instead, sent in a burst at the start of every second). Each latency runs from the
 * request's scheduled time to the end of its answer, so a request the generator sent late, or that
 * waited for a connection, counts its whole wait: nothing is left out when the server falls behind
 * (no coordinated omission). Requests still unanswered when the run ends are waited for (up to the
 * timeout); the achieved rate counts only the answers that arrived within the run.
 */
async function paced(input: LoadInput, rate: number, seconds: number, agent: Agent, list?: ReturnType<typeof sequence>): Promise<RunResult> {
  list?.statusByKind(); // a fresh count per run
  const origin = new URL(input.url);
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const latencies: number[] = [];
  const lags: number[] = [];
  const statusCodes: Record<string, number> = {};
  let sent = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let heldBack = 0;
  let errors = 0;
  let timeouts = 0;
  let non2xx = 0;
  let answeredInRun = 0;
  const ticksBefore = cpuTicks('self') ?? 0;
  const serverBefore = serverTicks(input.serverPids);
  const start = performance.now();
  const end = start + seconds * 1000;
  let allAnswered!: () => void;
  const answered = new Promise<void>((resolve) => (allAnswered = resolve));
  const checkDone = () => {
    if (sent === total && inFlight === 0) allAnswered();
  };

  const send = (due: number) => {
    const entry = list?.next() ?? { kind: 'request', method: input.method, path: origin.pathname + origin.search, headers: input.headers, body: input.body };
    lags.push(performance.now() - due);
    if (inFlight >= input.connections) heldBack++;
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    let finished = false;
    const finish = (outcome: number | 'error' | 'timeout') => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      inFlight--;
      const now = performance.now();
      if (outcome === 'timeout') {
        timeouts++;
        latencies.push(TIMEOUT_SECONDS * 1000);
      } else if (outcome === 'error') {
        errors++;
      } else {
        if (now <= end) answeredInRun++;
        latencies.push(now - due);
        statusCodes[outcome] = (statusCodes[outcome] ?? 0) + 1;
        if (outcome < 200 || outcome > 299) non2xx++;
        list?.record(entry.kind, outcome);
      }
      checkDone();
    };
    const headers = entry.body === undefined ? entry.headers : { ...entry.headers, 'content-length': String(Buffer.byteLength(entry.body)) };
    const request = httpRequest({ agent, host: origin.hostname, port: origin.port, method: entry.method, path: entry.path, headers });
    // A whole-request timeout, counted from the scheduled time, as autocannon counts from the send.
    const timer = setTimeout(
      () => {
        finish('timeout');
        request.destroy();
      },
      Math.max(0, due + TIMEOUT_SECONDS * 1000 - performance.now()),
    );
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => finish(response.statusCode ?? 0));
      response.on('error', () => finish('error'));
    });
    request.on('error', () => finish('error'));
    request.end(entry.body);
  };

  // Sends everything due, then sleeps until the next one is (timers fire ≥ 1 ms apart: several may be due at once).
  const tick = () => {
    const now = performance.now();
    while (sent < total && start + sent * interval <= now) send(start + sent++ * interval);
    if (sent < total) setTimeout(tick, start + sent * interval - performance.now());
    else checkDone();
  };
  tick();
  await answered;
  const cpuPercent = (((cpuTicks('self') ?? 0) - ticksBefore) / CLOCK_TICKS / ((performance.now() - start) / 1000)) * 100;
  const serverSpent = serverTicks(input.serverPids) - serverBefore;
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const timedOutShare = timeouts / Math.max(1, latencies.length);
  const answeredLatencies = latencies.slice(0, latencies.length - timeouts); // sorted: the timeouts' fixed wait is last
  const meanMs = Math.round((answeredLatencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, answeredLatencies.length)) * 1000) / 1000;
  return {
    rps: answeredInRun / seconds,
    p50: tenths(quantile(latencies, 0.5)),
    p99: tenths(quantile(latencies, 0.99)),
    latencyIsLowerBound: timedOutShare >= 0.01,
    failures: non2xx + errors + timeouts,
    timeouts,
    requests: latencies.length - timeouts,
    statusCodes,
    cpuPercent,
    ...serverCost(input.serverPids, serverSpent, latencies.length - timeouts),
    ...(list ? { statusByKind: list.statusByKind() } : {}),
    openLoop: { offeredRps: total / seconds, meanMs, maxInFlight, heldBack, sendLagP99Ms: tenths(quantile(lags, 0.99)) },
  };
}

async function main() {
  const input = JSON.parse(process.argv[2] ?? '{}') as LoadInput;
  if (input.startAt !== undefined) await new Promise((resolve) => setTimeout(resolve, Math.max(0, input.startAt! - Date.now())));
  const list = input.requestsFile ? sequence(JSON.parse(readFileSync(input.requestsFile, 'utf8')) as MixedRequest[]) : undefined;
  const runs: RunResult[] = [];
  const { rate } = input;
  if (rate !== undefined) {
    if (!(rate > 0)) throw new Error(`the open loop needs a positive rate, not ${rate}`);
    // Connections are opened as requests need them, up to `connections`, and kept open from the
    // warm-up on; 'fifo' hands out the idle connection that waited longest, so the load spreads
    // over every open connection (and so over every worker of a cluster) rather than the last used.
    const agent = new Agent({ keepAlive: true, maxSockets: input.connections, scheduling: 'fifo' });
    try {
      if (input.warmupSeconds > 0) await paced(input, rate, input.warmupSeconds, agent, list);
      for (let i = 0; i < input.runs; i++) runs.push(await paced(input, rate, input.durationSeconds, agent, list));
    } finally {
      agent.destroy();
    }
  } else {
    if (input.warmupSeconds > 0) await once(input, input.warmupSeconds, list);
    for (let i = 0; i < input.runs; i++) runs.push(await once(input, input.durationSeconds, list));
  }
  process.stdout.write(`${JSON.stringify({ runs } satisfies LoadOutput)}\n`);
}

await main();
