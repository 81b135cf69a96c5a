// `npm run bench [-- --small | --large] [--engine sqlite|postgres] [--only=home,tag,sign-in,mixed] [--workers=1|default] [--duration=10 --runs=3 --warmup=3 --no-build --no-save --generate-only]`
import argon2 from 'argon2';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { describeUrl } from '../src/db/postgres.js';
import { benchDir, cacheDir, ensureDataset, LARGE, SMALL, type Dataset } from './datasets.js';
import { load, log, settle } from './driver.js';
import type { LoadInput } from './load.js';
import type { MixedRequest } from './mixed.js';
import { runMixed } from './mixed-run.js';
import { runBackupLoad } from './backup-load.js';
import type { BackupLoadResult } from './backup-load-report.js';
import { RssSampler, rssNow } from './processes.js';
import {
  compare,
  median,
  medianRun,
  runFigures,
  missedTargets,
  toMarkdown,
  type BenchReport,
  type MixedResult,
  type ScaleResult,
  type ScenarioResult,
  type SignInResult,
} from './report.js';
import { headersFor, readScenarios, signInRequest, type Credentials } from './scenarios.js';
import { describeWorkers, signIn, startServer, type RunningServer, type Workers } from './server.js';
import { countStatements, measureSearchIndex } from './statements.js';
import { benchServerUrl, postgresStores, runName, sqliteStores, type Engine, type Stores } from './stores.js';

const root = resolve(benchDir, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const raw = args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return raw === undefined ? fallback : Number(raw);
};
/**
 * WEB_CONCURRENCY for every scenario but the mixed one: one worker by default, so the figures
 * compare with the runs made before the server became a cluster; `--workers=default` leaves it unset.
 */
function workersOption(): Workers {
  const raw = args.find((a) => a.startsWith('--workers='))?.slice('--workers='.length);
  if (raw === undefined) return 1;
  if (raw === 'default') return 'default';
  if (!/^[1-9]\d*$/.test(raw)) throw new Error(`--workers takes a positive number or "default", not "${raw}"`);
  return Number(raw);
}
/**
 * `--engine postgres` (or `--engine=postgres`) runs everything on SQLite and then on PostgreSQL,
 * over the same data, so the two compare within one run; `sqlite`, the default, runs SQLite alone.
 */
function enginesOption(): Engine[] {
  const at = args.findIndex((a) => a === '--engine' || a.startsWith('--engine='));
  if (at < 0) return ['sqlite'];
  const raw = args[at]!.startsWith('--engine=') ? args[at]!.slice('--engine='.length) : args[at + 1];
  if (raw === 'sqlite') return ['sqlite'];
  if (raw === 'postgres') return ['sqlite', 'postgres'];
  throw new Error(`--engine takes sqlite or postgres, not "${raw ?? ''}"`);
}
const settings = {
  connections: 50,
  signInConnections: 10,
  warmupSeconds: option('warmup', 3),
  durationSeconds: option('duration', 10),
  runs: option('runs', 3),
  workers: workersOption(),
  engines: enginesOption(),
};
/** Scenario ids to run (all when absent), e.g. `--only=home,tag,sign-in,mixed`. */
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const selected = (id: string) => only === undefined || only.includes(id);

/** argon2id verifies per second at the production cost, `workers` at a time (libuv runs 4 by default). */
async function argon2Rate(workers: number, seconds = 4): Promise<number> {
  const params = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
  const hash = await argon2.hash('ceiling probe password', params);
  const until = performance.now() + seconds * 1000;
  let verified = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await argon2.verify(hash, 'ceiling probe password');
      verified++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, worker));
  return verified / ((performance.now() - started) / 1000);
}

/** Fails early, with a clear message, when a scenario does not answer 200 as the right user. */
async function checkScenarios(server: RunningServer, dataset: Dataset, credentials: Credentials): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const scenario of readScenarios(dataset.manifest)) {
    const response = await fetch(server.url + scenario.path, { headers: headersFor(scenario.as, credentials), redirect: 'manual' });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${scenario.path} answered ${response.status} before the load started`);
    if (scenario.as === 'session' && !body.includes(`/profile/${dataset.manifest.reader.username}"`)) {
      throw new Error(`${scenario.path} did not render as the signed-in reader`);
    }
    sizes.set(scenario.id, Buffer.byteLength(body));
  }
  return sizes;
}

async function runScale(dataset: Dataset, argon2: SignInResult['argon2'], engine: Engine): Promise<ScaleResult> {
  const { manifest } = dataset;
  const name = runName(dataset, engine);
  // Every run works on a copy: sign-ins write sessions and tokens, and the cache must stay pristine.
  const work = mkdtempSync(join(tmpdir(), `conduit-bench-${manifest.scale.name}-${engine}-`));
  const logPath = join(cacheDir, `server-${manifest.scale.name}${engine === 'sqlite' ? '' : `-${engine}`}.log`);
  rmSync(logPath, { force: true });
  let stores: Stores | undefined;
  try {
    stores = engine === 'postgres' ? await postgresStores(dataset, work, log) : sqliteStores(dataset, work);
    const store = await stores.fresh('bench');
    log(`${name}: counting SQL statements per request in-process…`);
    const statements = await countStatements(store, manifest);
    const searchIndexBytes = await measureSearchIndex(store);
    log(`${name}: search index ${(searchIndexBytes / 1024 / 1024).toFixed(1)} MB`);

    // Start-up: median of three cold starts; the last server stays up for the load.
    const startups: number[] = [];
    let server: RunningServer | undefined;
    for (let i = 0; i < 3; i++) {
      await server?.stop();
      server = await startServer(store, logPath, settings.workers);
      startups.push(server.startupMs);
    }
    const live = server!;
    log(`${name}: start-up ${startups.map((ms) => ms.toFixed(0)).join(' / ')} ms (${describeWorkers(settings.workers)}: ${live.workers} worker(s))`);
    const idle = rssNow(live.pid);
    const credentials = await signIn(live.url, manifest);
    const sizes = await checkScenarios(live, dataset, credentials);

    const scenarios: ScenarioResult[] = [];
    for (const scenario of readScenarios(manifest).filter((s) => selected(s.id))) {
      log(`${name}: ${scenario.label} (${scenario.path})…`);
      await settle(live);
      const sampler = new RssSampler(live.pid);
      sampler.start();
      // A scenario of many URLs sends them in turn, from a file (too large for an argument).
      let requestsFile: string | undefined;
      if (scenario.paths) {
        requestsFile = join(work, `${scenario.id}-requests.json`);
        const headers = headersFor(scenario.as, credentials);
        writeFileSync(requestsFile, JSON.stringify(scenario.paths.map((path): MixedRequest => ({ kind: scenario.id, method: 'GET', path, headers }))));
      }
      const runs = await load({
        url: live.url + scenario.path,
        requestsFile,
        connections: settings.connections,
        method: 'GET',
        headers: headersFor(scenario.as, credentials),
        warmupSeconds: settings.warmupSeconds,
        durationSeconds: settings.durationSeconds,
        runs: settings.runs,
      });
      const rss = sampler.stop();
      const typical = medianRun(runs);
      scenarios.push({
        id: scenario.id,
        label: scenario.label,
        path: scenario.path,
        ...runFigures(runs),
        sqlPerRequest: statements[scenario.id] ?? null,
        peakRssMb: rss.workerMb,
        primaryPeakRssMb: rss.primaryMb,
        responseBytes: sizes.get(scenario.id) ?? 0,
        runs,
      });
      log(`${name}:   ${typical.rps.toFixed(0)} req/s, p50 ${typical.p50} ms, p99 ${typical.p99} ms, peak RSS ${rss.workerMb.toFixed(0)} MB per worker`);
    }

    let signInResult: SignInResult | null = null;
    if (selected('sign-in')) {
      log(`${name}: sign-in while the home page is read…`);
      await settle(live);
      signInResult = await runSignIn(live, dataset, argon2, statements['sign-in'] ?? null);
    }
    await live.stop();
    await store.drop();

    let mixed: MixedResult | null = null;
    if (selected('mixed')) mixed = await runMixed(dataset, stores, work, logPath, settings);
    let backupLoad: BackupLoadResult | null = null;
    if (selected('mixed-backup')) {
      log(`${name}: mixed traffic with and without backups running…`);
      backupLoad = await runBackupLoad(dataset, stores, work, logPath, settings);
    }

    const primaries = [signInResult?.primaryPeakRssMb ?? null, ...scenarios.map((s) => s.primaryPeakRssMb), ...(mixed?.variants ?? []).map((v) => v.peakPrimaryRssMb)];
    const knownPrimaries = primaries.filter((mb): mb is number => mb !== null);
    return {
      scale: manifest.scale,
      engine,
      generatedMs: dataset.generatedMs,
      copyMs: stores.copyMs,
      searchIndexBytes,
      workers: live.workers,
      startupMs: median(startups),
      idleRssMb: idle.workerMb,
      idlePrimaryRssMb: idle.primaryMb,
      peakRssMb: Math.max(signInResult?.peakRssMb ?? 0, ...scenarios.map((s) => s.peakRssMb), ...(mixed?.variants ?? []).map((v) => v.peakWorkerRssMb)),
      peakPrimaryRssMb: knownPrimaries.length > 0 ? Math.max(...knownPrimaries) : null,
      scenarios,
      signIn: signInResult,
      mixed,
      backupLoad,
    };
  } finally {
    // On PostgreSQL, drops the databases (also when the run failed).
    await stores?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Per run: sign-in alone (does anything but argon2 limit it?), the home page alone, then both at
 * once (do sign-ins stall readers?).
 */
async function runSignIn(server: RunningServer, dataset: Dataset, argon2: SignInResult['argon2'], sql: number | null): Promise<SignInResult> {
  const request = signInRequest(dataset.manifest);
  const home: LoadInput = {
    url: `${server.url}/`,
    connections: settings.connections,
    method: 'GET',
    headers: {},
    warmupSeconds: 0,
    durationSeconds: settings.durationSeconds,
    runs: 1,
  };
  const signInLoad: LoadInput = {
    url: server.url + request.path,
    connections: settings.signInConnections,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: request.body,
    warmupSeconds: 0,
    durationSeconds: settings.durationSeconds,
    runs: 1,
  };
  const sampler = new RssSampler(server.pid);
  sampler.start();
  await load({ ...signInLoad, warmupSeconds: settings.warmupSeconds, runs: 0 });
  const runs: SignInResult['runs'] = [];
  for (let i = 0; i < settings.runs; i++) {
    await settle(server);
    const [signInAlone] = await load(signInLoad);
    await settle(server);
    const [homeAlone] = await load(home);
    // Both generators start at the same moment (each process takes a moment to boot).
    await settle(server);
    const startAt = Date.now() + 1500;
    const [[homeDuring], [signInRun]] = await Promise.all([load({ ...home, startAt }), load({ ...signInLoad, startAt })]);
    runs.push({ signInAlone: signInAlone!, signIn: signInRun!, homeAlone: homeAlone!, homeDuring: homeDuring! });
  }
  const rss = sampler.stop();
  const typical = medianRun(runs.map((r) => r.signIn));
  const alone = { rps: median(runs.map((r) => r.homeAlone.rps)), p99: median(runs.map((r) => r.homeAlone.p99)) };
  const during = { rps: median(runs.map((r) => r.homeDuring.rps)), p99: median(runs.map((r) => r.homeDuring.p99)) };
  const aloneRps = median(runs.map((r) => r.signInAlone.rps));
  log(`sign-in ${aloneRps.toFixed(1)} req/s alone, ${typical.rps.toFixed(1)} beside readers; home p99 ${alone.p99} ms alone, ${during.p99} ms during sign-ins`);
  return {
    aloneRps,
    rps: typical.rps,
    p50: typical.p50,
    p99: typical.p99,
    failures: runs.reduce((sum, r) => sum + r.signInAlone.failures + r.signIn.failures, 0),
    homeFailures: runs.reduce((sum, r) => sum + r.homeAlone.failures + r.homeDuring.failures, 0),
    sqlPerRequest: sql,
    peakRssMb: rss.workerMb,
    primaryPeakRssMb: rss.primaryMb,
    argon2,
    homeAlone: alone,
    homeDuring: during,
    p99Ratio: alone.p99 > 0 ? during.p99 / alone.p99 : during.p99,
    runs,
  };
}

function writeResults(report: BenchReport, markdown: string): void {
  const dir = join(benchDir, 'results');
  mkdirSync(dir, { recursive: true });
  // Only the latest run is kept here; earlier ones are in git's history of these two files.
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'latest.md'), `# Benchmark results\n\n${markdown}`);
  // The README carries the latest tables between two markers.
  const readme = join(benchDir, 'README.md');
  if (existsSync(readme)) {
    const text = readFileSync(readme, 'utf8');
    const updated = text.replace(/(<!-- latest:start -->\n)[\s\S]*?(<!-- latest:end -->)/, `$1${markdown}$2`);
    writeFileSync(readme, updated);
  }
}

/** Which code was measured: the commit, and whether the app's files had uncommitted changes (read-only git). */
function codeVersion(): { commit: string; uncommittedAppChanges: boolean } {
  const git = (...gitArgs: string[]) => spawnSync('git', gitArgs, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  return { commit, uncommittedAppChanges: git('status', '--porcelain', '--', 'src', 'views', 'migrations', 'public').length > 0 };
}

async function main() {
  // The notification scenario runs on a fresh database of its own, in this process (bench/notifications.ts):
  // alone, it needs neither the data sets nor the build.
  if (only?.length === 1 && only[0] === 'notifications') {
    const { runNotificationBench } = await import('./notifications.js');
    for (const engine of settings.engines) {
      log(`notifications on ${engine}: ${option('followers', 10_000)} followers, ${option('requests', 200)} requests a case…`);
      process.stdout.write(`${JSON.stringify(await runNotificationBench({ followers: option('followers', 10_000), requests: option('requests', 200), engine }), null, 2)}\n`);
    }
    return;
  }
  const startedAt = new Date();
  const code = codeVersion();
  const loadAverageBefore = loadavg();
  const wanted = args.includes('--small') ? [SMALL] : args.includes('--large') ? [LARGE] : [SMALL, LARGE];
  const datasets: Dataset[] = [];
  for (const scale of wanted) datasets.push(await ensureDataset(scale, log));
  if (args.includes('--generate-only')) return;

  if (!args.includes('--no-build')) {
    log('building (npm run build)…');
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) throw new Error('npm run build failed');
  }

  log('measuring the bare argon2 rate…');
  const argon2 = { oneAtATime: await argon2Rate(1), fourAtATime: await argon2Rate(4) };
  log(`argon2id: ${argon2.oneAtATime.toFixed(1)} verifies/s one at a time, ${argon2.fourAtATime.toFixed(1)} four at a time`);

  if (settings.engines.includes('postgres')) log(`PostgreSQL: a new database per data set on ${describeUrl(benchServerUrl)}, dropped at the end`);
  const scales: ScaleResult[] = [];
  // Per data set, each engine in turn, over the same data: SQLite on copies of the cached file,
  // PostgreSQL on a database filled from it.
  for (const dataset of datasets) for (const engine of settings.engines) scales.push(await runScale(dataset, argon2, engine));
  // Cost against data size is judged on SQLite, the engine of the earlier runs.
  const small = scales.find((s) => s.scale.name === 'small' && s.engine === 'sqlite');
  const large = scales.find((s) => s.scale.name === 'large' && s.engine === 'sqlite');
  const comparison = small && large ? compare(small, large) : [];
  const cpu = cpus();
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpu.length,
      model: cpu[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageBefore,
      loadAverageAfter: loadavg(),
    },
    settings,
    code,
    scales,
    comparison,
    missed: missedTargets(scales, comparison),
  };
  const markdown = toMarkdown(report);
  // Partial or quick runs can skip saving, so bench/results/latest.* stays a full run.
  if (!args.includes('--no-save')) writeResults(report, markdown);
  process.stdout.write(markdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
