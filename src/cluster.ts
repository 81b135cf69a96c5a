import cluster, { type Worker } from 'node:cluster';
import { hostname } from 'node:os';
import { extname, join } from 'node:path';
import { loadConfigOrExit, type Config } from './config.js';
import { devSessionSecret } from './dev-session-secret.js';
import { openDatabase } from './db/open.js';

/** A worker that dies sooner than this after its fork counts towards a crash loop. */
const QUICK_DEATH_MS = 5_000;
/** Waits between replacements in a crash loop: 1 s, 2 s, 4 s … up to this. */
const MAX_BACKOFF_MS = 16_000;
/** Workers drain for up to 10 s (server.ts); this leaves them room before they are killed. */
const STOP_DEADLINE_MS = 15_000;

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/** One JSON line per event, shaped like the workers' Fastify lines, so one log reads as one stream. */
function createLogger(level: string) {
  const threshold = LEVELS[level] ?? 30;
  const base = { pid: process.pid, hostname: hostname() };
  const at =
    (value: number) =>
    (msg: string, fields: Record<string, unknown> = {}) => {
      if (value >= threshold) console.log(JSON.stringify({ level: value, time: Date.now(), ...base, ...fields, msg }));
    };
  return { info: at(30), warn: at(40), error: at(50) };
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

async function prepare(config: Config): Promise<void> {
  // Migrations run here, once, so workers starting together never race on them.
  const database = await openDatabase(config);
  try {
    // Made here so every worker reads the same generated secret rather than each writing its own.
    const prepared = { ...config, sessionSecrets: devSessionSecret(config) };
    if (config.env === 'development') {
      const { isEmpty, seedDatabase } = await import('./seed/seed.js');
      if (await isEmpty(database.db)) await seedDatabase(database, prepared);
    }
  } finally {
    await database.close();
  }
}

async function main() {
  const config = loadConfigOrExit();
  const log = createLogger(config.logLevel);
  await prepare(config);

  // The server beside this file: dist/server.js when built, src/server.ts under tsx (whose loader
  // the workers inherit through execArgv).
  cluster.setupPrimary({ exec: join(import.meta.dirname, `server${extname(import.meta.filename)}`) });

  const live = new Map<number, { worker: Worker; forkedAt: number }>();
  const waiting = new Set<NodeJS.Timeout>();
  let quickDeaths = 0;
  let stopping = false;
  let exitCode = 0;

  const fork = () => {
    const worker = cluster.fork();
    live.set(worker.id, { worker, forkedAt: performance.now() });
  };

  cluster.on('listening', (worker, address) => {
    log.info(`worker ${worker.process.pid} listening on ${address.address}:${address.port}`, { worker: worker.id, workerPid: worker.process.pid });
  });

  cluster.on('exit', (worker, code, signal) => {
    const entry = live.get(worker.id);
    live.delete(worker.id);
    const how = signal ? `signal ${signal}` : `code ${code}`;
    const fields = { worker: worker.id, workerPid: worker.process.pid, code, signal };
    if (stopping) {
      log.info(`worker ${worker.process.pid} exited (${how})`, fields);
      if (live.size === 0) {
        log.info('every worker has stopped');
        process.exit(exitCode);
      }
      return;
    }

    const lived = entry ? performance.now() - entry.forkedAt : 0;
    // One early death can be bad luck; two in a row are a loop (a bad deploy, a full disk), and
    // forking again at once would only burn the cores that are left.
    quickDeaths = lived < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
    const delay = quickDeaths < 2 ? 0 : Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (quickDeaths - 2));
    if (delay === 0) {
      log.error(`worker ${worker.process.pid} exited (${how}); starting a replacement`, fields);
      fork();
      return;
    }
    log.error(
      `worker ${worker.process.pid} exited (${how}) ${Math.round(lived)} ms after starting, ${quickDeaths} in a row within ` +
        `${QUICK_DEATH_MS / 1000} s; starting a replacement in ${delay / 1000} s`,
      { ...fields, quickDeaths, delayMs: delay },
    );
    const timer = setTimeout(() => {
      waiting.delete(timer);
      fork();
    }, delay);
    waiting.add(timer);
  });

  const killAll = (why: string, fields: Record<string, unknown> = {}) => {
    exitCode = 1;
    const pids = [...live.values()].map(({ worker }) => worker.process.pid);
    log.error(`${why}: killing ${plural(pids.length, 'worker')}`, { ...fields, workerPids: pids });
    for (const { worker } of live.values()) worker.process.kill('SIGKILL');
    // Their exits arrive within milliseconds and are awaited so none is left unreaped; this is in case one never does.
    setTimeout(() => process.exit(1), 1_000);
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return killAll(`${signal} again`, { signal });
    stopping = true;
    for (const timer of waiting) clearTimeout(timer);
    waiting.clear();
    log.info(`${signal}: stopping ${plural(live.size, 'worker')}`, { signal });
    if (live.size === 0) process.exit(0);
    // Straight to each process: worker.kill() would disconnect it first, which closes its server
    // without the drain server.ts does on SIGTERM.
    for (const { worker } of live.values()) worker.process.kill('SIGTERM');
    setTimeout(() => killAll(`still running after ${STOP_DEADLINE_MS / 1000} s`), STOP_DEADLINE_MS);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  if (config.metrics) {
    const where = config.metrics;
    const { serveClusterMetrics } = await import('./metrics/cluster-metrics.js');
    try {
      await serveClusterMetrics(where, (error) => log.error('the workers\' metrics could not be gathered', { err: String(error) }));
    } catch (error) {
      log.error(`the metrics cannot listen on ${where.host}:${where.port}: ${String(error)}`);
      process.exit(1);
    }
    log.info(`metrics of every worker on http://${where.host}:${where.port}/metrics`);
  }

  log.info(`starting ${plural(config.webConcurrency, 'worker')}`, { webConcurrency: config.webConcurrency });
  for (let i = 0; i < config.webConcurrency; i++) fork();
}

await main();
