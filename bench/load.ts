// The load generator, run as its own process (`node --import tsx bench/load.ts '<json>'`) so that
// autocannon never shares an event loop with the runner. Prints one JSON line: LoadOutput.
import autocannon from 'autocannon';

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
}

export interface LoadOutput {
  runs: RunResult[];
}

const TIMEOUT_SECONDS = 10;

async function once(input: LoadInput, seconds: number): Promise<RunResult> {
  const result = await autocannon({
    url: input.url,
    connections: input.connections,
    duration: seconds,
    method: input.method,
    headers: input.headers,
    body: input.body,
    timeout: TIMEOUT_SECONDS,
  });
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
  };
}

async function main() {
  const input = JSON.parse(process.argv[2] ?? '{}') as LoadInput;
  if (input.startAt !== undefined) await new Promise((resolve) => setTimeout(resolve, Math.max(0, input.startAt! - Date.now())));
  if (input.warmupSeconds > 0) await once(input, input.warmupSeconds);
  const runs: RunResult[] = [];
  for (let i = 0; i < input.runs; i++) runs.push(await once(input, input.durationSeconds));
  process.stdout.write(`${JSON.stringify({ runs } satisfies LoadOutput)}\n`);
}

await main();
