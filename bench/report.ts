import { backupLoadMarkdown, type BackupLoadResult } from './backup-load-report.js';
import type { Scale } from './generate.js';
import type { RunResult } from './load.js';
import type { MixSummary } from './mixed.js';
import type { Engine } from './stores.js';

/** The issue's targets, checked at 100 000 articles (shown at 1 000 too, for reference). */
export const TARGETS = {
  minRps: 2500,
  maxP99Ms: 40,
  minRetention: 0.8,
  maxSignInP99Ratio: 2,
  /**
   * Sign-in counts as bounded by argon2 when it reaches this share of what one core of argon2
   * verifies per second: the server may keep the other core for pages, but nothing else may limit it.
   */
  minArgon2Share: 0.8,
  /** Per worker: each one holds its own caches, so the budget is per process. */
  maxRssMb: 250,
  maxStartupMs: 1000,
  /** The mixed scenario with 5 % writes keeps at least this share of its reads-only throughput (one worker). */
  minWriteRetention: 0.8,
  /** On PostgreSQL, the mixed traffic with writes keeps at least this share of SQLite's throughput on the same mix, in the same run. */
  minPostgresMixedShare: 0.5,
  /** The search scenario's own targets, on either engine: one worker, uncached. */
  search: { minRps: 1000, maxP99Ms: 50 },
};

/** The req/s and p99 a read scenario is judged by: search has its own, every other read the common ones. */
export function targetFor(id: string): { minRps: number; maxP99Ms: number } {
  return id === 'search' ? TARGETS.search : { minRps: TARGETS.minRps, maxP99Ms: TARGETS.maxP99Ms };
}

/** The median run's figures, except `failures` and `timeouts`: summed over all measured runs. */
export interface ScenarioResult extends Pick<RunResult, 'rps' | 'p50' | 'p99' | 'failures' | 'timeouts' | 'latencyIsLowerBound'> {
  id: string;
  label: string;
  path: string;
  sqlPerRequest: number | null;
  /** The highest peak of any worker. */
  peakRssMb: number;
  /** The cluster primary's peak (null without a cluster). */
  primaryPeakRssMb: number | null;
  responseBytes: number;
  runs: RunResult[];
}

/**
 * The mixed traffic at a fixed offered rate (open loop), a share of the closed loop's req/s on the
 * same mix and workers, on a server of its own: where its latency target is judged. The median
 * run by p99; failures, timeouts and requests that waited for a connection summed over all runs.
 */
export interface OpenLoopResult extends Pick<RunResult, 'p50' | 'p99' | 'failures' | 'timeouts' | 'latencyIsLowerBound'> {
  /** Requests per second offered. */
  offeredRps: number;
  /** Answers per second that arrived within the run: near `offeredRps` when the server kept up. */
  achievedRps: number;
  /** The most connections the generator could open (it opens them as requests need them). */
  connections: number;
  /** Most requests outstanding at once, over all runs. */
  maxInFlight: number;
  /** Requests that found every connection busy and waited for one, over all runs (their wait counts in their latency). */
  heldBack: number;
  /** How late the generator sent requests after their scheduled time, p99 in ms (counted in the latency too). */
  sendLagP99Ms: number;
  workers: number;
  /** The load generator's own CPU in the median run, in % of one core. */
  loadCpuPercent: number;
  /** Write responses in the median run. */
  writes: number;
  statusByKind: Record<string, Record<string, number>>;
  runs: RunResult[];
}

/**
 * One way of the mixed scenario: a write share on a number of workers. Its own figures (rps, p50,
 * p99, …) are the closed loop's, which measures the most it serves; `openLoop` is the same mix at
 * a fixed offered rate (null when the closed loop got no answers to take a rate from).
 */
export interface MixedVariant extends Pick<RunResult, 'rps' | 'p50' | 'p99' | 'failures' | 'timeouts' | 'latencyIsLowerBound'> {
  id: string;
  label: string;
  writeShare: number;
  /** WEB_CONCURRENCY as set, or 'default' when left unset. */
  workersSetting: number | 'default';
  /** Workers that served. */
  workers: number;
  /** Peaks over both servers, the closed loop's and the open loop's. */
  peakWorkerRssMb: number;
  peakPrimaryRssMb: number | null;
  /** The load generator's own CPU in the closed loop's median run, in % of one core. */
  loadCpuPercent: number;
  /** Write responses in the closed loop's median run. */
  writes: number;
  /** Responses per request kind and status, over all measured runs. */
  statusByKind: Record<string, Record<string, number>>;
  runs: RunResult[];
  openLoop: OpenLoopResult | null;
}

export interface MixedResult {
  /** The closed loop's connections. */
  connections: number;
  /** The open loop offers this share of each variant's closed-loop req/s. */
  openLoopShare: number;
  /** The request lists, one per write share. */
  mixes: (MixSummary & { writeShare: number })[];
  variants: MixedVariant[];
}

export interface SignInResult {
  /** Sign-ins per second with nothing else running: should be what argon2 allows. */
  aloneRps: number;
  /** The rest: sign-ins beside 50 home page readers (median run). */
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  /** Failed home page requests, alone or during sign-ins. */
  homeFailures: number;
  sqlPerRequest: number | null;
  peakRssMb: number;
  primaryPeakRssMb: number | null;
  /** argon2id verifies per second with the production parameters and nothing else running. */
  argon2: { oneAtATime: number; fourAtATime: number };
  homeAlone: { rps: number; p99: number };
  homeDuring: { rps: number; p99: number };
  p99Ratio: number;
  runs: { signInAlone: RunResult; signIn: RunResult; homeAlone: RunResult; homeDuring: RunResult }[];
}

/** One data set on one engine. */
export interface ScaleResult {
  scale: Scale;
  engine: Engine;
  generatedMs: number | null;
  /** PostgreSQL: how long filling the database from the SQLite data set took (copySite, VACUUM ANALYZE); null on SQLite. */
  copyMs: number | null;
  /** Bytes the full-text search index takes on disk (its tables and indexes), when measured. */
  searchIndexBytes?: number | null;
  /** Workers of the server the scenarios (all but the mixed one) ran on. */
  workers: number;
  startupMs: number;
  /** Per worker (the highest), and the primary's (null without a cluster). */
  idleRssMb: number;
  idlePrimaryRssMb: number | null;
  /** The highest peak of any worker in any scenario, the mixed one included. */
  peakRssMb: number;
  peakPrimaryRssMb: number | null;
  scenarios: ScenarioResult[];
  signIn: SignInResult | null;
  mixed: MixedResult | null;
  /** The mixed traffic with and without backups running (`mixed-backup`). */
  backupLoad: BackupLoadResult | null;
}

export interface ComparisonRow {
  id: string;
  label: string;
  smallRps: number;
  largeRps: number;
  retention: number;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; model: string; memoryGb: number; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  settings: {
    connections: number;
    signInConnections: number;
    warmupSeconds: number;
    durationSeconds: number;
    runs: number;
    /** WEB_CONCURRENCY for every scenario but the mixed one (which runs both ways): a number, or 'default'. */
    workers: number | 'default';
    /** The engines run, in order, each over the same data (`--engine postgres`: SQLite, then PostgreSQL). */
    engines: Engine[];
  };
  code: { commit: string; uncommittedAppChanges: boolean };
  scales: ScaleResult[];
  comparison: ComparisonRow[];
  missed: string[];
}

/** The median run by throughput: its latencies describe a typical run, not the luckiest one. */
export function medianRun(runs: RunResult[]): RunResult {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** The median run by another figure than throughput (the open loop's throughput is the rate it was offered). */
export function medianBy(runs: RunResult[], figure: (run: RunResult) => number): RunResult {
  const sorted = [...runs].sort((a, b) => figure(a) - figure(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** The figures every table shows for a set of runs: the median run's, with failures summed over all. */
export function runFigures(runs: RunResult[]) {
  const typical = medianRun(runs);
  return {
    rps: typical.rps,
    p50: typical.p50,
    p99: typical.p99,
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    timeouts: runs.reduce((sum, r) => sum + r.timeouts, 0),
    latencyIsLowerBound: typical.latencyIsLowerBound,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

export function compare(small: ScaleResult, large: ScaleResult): ComparisonRow[] {
  return large.scenarios.flatMap((l) => {
    const s = small.scenarios.find((x) => x.id === l.id);
    return s ? [{ id: l.id, label: l.label, smallRps: s.rps, largeRps: l.rps, retention: s.rps > 0 ? l.rps / s.rps : 0 }] : [];
  });
}

export interface Check {
  target: string;
  figure: string;
  ok: boolean;
}

/** The mixed scenario's targets, checked on one scale's variants. */
export function mixedChecks(mixed: MixedResult): Check[] {
  const find = (writes: boolean, workers: 'one' | 'default') =>
    mixed.variants.find((v) => (v.writeShare > 0) === writes && (workers === 'one' ? v.workersSetting === 1 : v.workersSetting === 'default'));
  const checks: Check[] = [];
  const reads = find(false, 'one');
  const writes = find(true, 'one');
  if (reads && writes) {
    const kept = reads.rps > 0 ? writes.rps / reads.rps : 0;
    checks.push({
      target: `${pct(writes.writeShare)} writes keep ≥ ${TARGETS.minWriteRetention}× the reads-only throughput (one worker)`,
      figure: `${kept.toFixed(2)}× (${fmt(writes.rps)} / ${fmt(reads.rps)} req/s)`,
      ok: kept >= TARGETS.minWriteRetention,
    });
  }
  if (writes) {
    // Judged at a fixed offered rate: in the closed loop, p99 only restates throughput (connections ÷ req/s).
    const open = writes.openLoop;
    const notes = open ? [open.achievedRps < open.offeredRps * 0.95 ? `only ${fmt(open.achievedRps)} answered per second` : '', open.heldBack > 0 ? `${open.heldBack.toLocaleString('en')} waited for a connection` : ''].filter(Boolean) : [];
    checks.push({
      target: `p99 ≤ ${TARGETS.maxP99Ms} ms with ${pct(writes.writeShare)} writes (one worker), open loop at ${pct(mixed.openLoopShare)} of its closed-loop req/s`,
      figure: open
        ? `${openLatency(open.p99, open.latencyIsLowerBound)} ms at ${fmt(open.offeredRps)} req/s offered (of ${fmt(writes.rps)})${notes.length > 0 ? `; ${notes.join(', ')}` : ''}`
        : 'no open-loop run',
      ok: open !== null && open.p99 <= TARGETS.maxP99Ms,
    });
  }
  for (const withWrites of [false, true]) {
    const one = find(withWrites, 'one');
    const all = find(withWrites, 'default');
    if (!one || !all) continue;
    const ratio = one.rps > 0 ? all.rps / one.rps : 0;
    checks.push({
      target: `default workers (${all.workers}) beat one, ${withWrites ? `${pct(all.writeShare)} writes` : 'reads only'}`,
      figure: `${ratio.toFixed(2)}× (${fmt(all.rps)} / ${fmt(one.rps)} req/s)`,
      ok: ratio > 1,
    });
  }
  const failures = mixedFailures(mixed);
  checks.push({ target: 'no non-2xx (closed and open loop)', figure: failedKinds(mixed) || '0', ok: failures === 0 });
  const peak = Math.max(0, ...mixed.variants.map((v) => v.peakWorkerRssMb));
  checks.push({ target: `peak RSS ≤ ${TARGETS.maxRssMb} MB per worker`, figure: `${fmt(peak)} MB`, ok: peak <= TARGETS.maxRssMb });
  return checks;
}

/** Failures of every variant, closed loop and open loop. */
const mixedFailures = (mixed: MixedResult) => mixed.variants.reduce((sum, v) => sum + v.failures + (v.openLoop?.failures ?? 0), 0);

/** Non-2xx answers by request kind and status over all variants (both loops), e.g. "follow 422 × 3". */
function failedKinds(mixed: MixedResult): string {
  const counts = new Map<string, number>();
  for (const v of mixed.variants) {
    for (const byKind of [v.statusByKind, v.openLoop?.statusByKind ?? {}]) {
      for (const [kind, statuses] of Object.entries(byKind)) {
        for (const [status, n] of Object.entries(statuses)) {
          if (Number(status) < 200 || Number(status) > 299) counts.set(`${kind} ${status}`, (counts.get(`${kind} ${status}`) ?? 0) + n);
        }
      }
    }
  }
  const errors = mixedFailures(mixed) - [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = [...counts].map(([what, n]) => `${what} × ${n}`);
  if (errors > 0) parts.push(`${errors} errors or timeouts`);
  return parts.join(', ');
}

/** The result a target is judged on, for one engine: the large data set, or the only one run. */
function judgedOn(scales: ScaleResult[], engine: Engine): ScaleResult | undefined {
  const mine = scales.filter((s) => s.engine === engine);
  return mine.find((s) => s.scale.name === 'large') ?? mine[mine.length - 1];
}

/** SQLite's result for the same data set as `postgres`, from the same run. */
export function sqliteBeside(scales: ScaleResult[], postgres: ScaleResult): ScaleResult | undefined {
  return scales.find((s) => s.engine === 'sqlite' && s.scale.name === postgres.scale.name);
}

/**
 * PostgreSQL's targets on one data set: every read scenario ≥ 2 500 req/s with p99 ≤ 40 ms; the
 * mixed traffic with writes at ≥ 0.5× SQLite's throughput on the same mix and workers, in the same
 * run; no non-2xx anywhere (scenarios, sign-in, mixed).
 */
export function postgresChecks(postgres: ScaleResult, sqlite: ScaleResult | undefined): Check[] {
  const checks: Check[] = [];
  const reads = postgres.scenarios;
  if (reads.length > 0) {
    const slow = reads.filter((r) => r.rps < targetFor(r.id).minRps);
    const slowest = [...reads].sort((a, b) => a.rps - b.rps)[0]!;
    checks.push({
      target: `every read scenario ≥ ${fmt(TARGETS.minRps)} req/s (search ≥ ${fmt(TARGETS.search.minRps)})`,
      figure: slow.length > 0 ? slow.map((r) => `${r.label} ${fmt(r.rps)}`).join(', ') : `lowest ${fmt(slowest.rps)} (${slowest.label})`,
      ok: slow.length === 0,
    });
    const late = reads.filter((r) => r.p99 > targetFor(r.id).maxP99Ms);
    const latest = [...reads].sort((a, b) => b.p99 - a.p99)[0]!;
    checks.push({
      target: `every read scenario p99 ≤ ${TARGETS.maxP99Ms} ms (search ≤ ${TARGETS.search.maxP99Ms} ms)`,
      figure: late.length > 0 ? late.map((r) => `${r.label} ${latency(r.p99, r.latencyIsLowerBound)} ms`).join(', ') : `highest ${latency(latest.p99, latest.latencyIsLowerBound)} ms (${latest.label})`,
      ok: late.length === 0,
    });
  }
  for (const variant of postgres.mixed?.variants ?? []) {
    if (variant.writeShare === 0) continue;
    const same = sqlite?.mixed?.variants.find((v) => v.id === variant.id);
    const share = same && same.rps > 0 ? variant.rps / same.rps : 0;
    checks.push({
      target: `mixed with ${pct(variant.writeShare)} writes (${variant.workersSetting === 'default' ? `default workers, ${variant.workers}` : `WEB_CONCURRENCY=${variant.workersSetting}`}) ≥ ${TARGETS.minPostgresMixedShare}× SQLite's`,
      figure: same ? `${share.toFixed(2)}× (${fmt(variant.rps)} / ${fmt(same.rps)} req/s)` : 'no SQLite figure',
      ok: same !== undefined && share >= TARGETS.minPostgresMixedShare,
    });
  }
  const parts: string[] = [];
  const scenarioFailures = reads.reduce((sum, r) => sum + r.failures, 0);
  if (scenarioFailures > 0) parts.push(`read scenarios ${scenarioFailures}`);
  if (postgres.signIn && postgres.signIn.failures > 0) parts.push(`sign-in ${postgres.signIn.failures}`);
  if (postgres.signIn && postgres.signIn.homeFailures > 0) parts.push(`home page beside sign-ins ${postgres.signIn.homeFailures}`);
  if (postgres.mixed && mixedFailures(postgres.mixed) > 0) parts.push(`mixed: ${failedKinds(postgres.mixed)}`);
  checks.push({ target: 'no non-2xx (read scenarios, sign-in, mixed)', figure: parts.join('; ') || '0', ok: parts.length === 0 });
  return checks;
}

/** Every missed target, in words, judged on the large data set (or the only one run); PostgreSQL's apart. */
export function missedTargets(scales: ScaleResult[], comparison: ComparisonRow[]): string[] {
  const postgres = judgedOn(scales, 'postgres');
  const postgresMissed: string[] = [];
  if (postgres) {
    const at = `at ${postgres.scale.articles.toLocaleString('en')} articles`;
    for (const check of postgresChecks(postgres, sqliteBeside(scales, postgres))) if (!check.ok) postgresMissed.push(`PostgreSQL: ${check.target}: ${check.figure} ${at}`);
  }
  const judged = judgedOn(scales, 'sqlite');
  if (!judged) return postgresMissed;
  const at = `at ${judged.scale.articles.toLocaleString('en')} articles`;
  const missed: string[] = [];
  for (const s of judged.scenarios) {
    const target = targetFor(s.id);
    if (s.rps < target.minRps) missed.push(`${s.label}: ${fmt(s.rps)} req/s < ${target.minRps} ${at}`);
    if (s.p99 > target.maxP99Ms) missed.push(`${s.label}: p99 ${s.p99} ms > ${target.maxP99Ms} ms ${at}`);
    if (s.failures > 0) missed.push(`${s.label}: ${s.failures} non-2xx/errors ${at}`);
  }
  for (const row of comparison) {
    if (row.retention < TARGETS.minRetention) missed.push(`${row.label}: keeps ${pct(row.retention)} of its 1 000-article throughput (< 80 %)`);
  }
  const signIn = judged.signIn;
  if (signIn && signIn.p99Ratio > TARGETS.maxSignInP99Ratio) {
    missed.push(`home p99 during sign-ins is ${signIn.p99Ratio.toFixed(1)}× its p99 alone (> ${TARGETS.maxSignInP99Ratio}×) ${at}`);
  }
  if (signIn && signIn.aloneRps < signIn.argon2.oneAtATime * TARGETS.minArgon2Share) {
    missed.push(
      `sign-in alone ${fmt(signIn.aloneRps)} req/s is under 80 % of one core's argon2 rate (${fmt(signIn.argon2.oneAtATime)}/s): something else limits it ${at}`,
    );
  }
  if (signIn && signIn.failures > 0) missed.push(`sign-in: ${signIn.failures} non-2xx/errors ${at}`);
  if (signIn && signIn.homeFailures > 0) missed.push(`home page beside sign-ins: ${signIn.homeFailures} non-2xx/errors ${at}`);
  for (const scale of scales.filter((x) => x.engine === 'sqlite')) {
    if (scale.peakRssMb > TARGETS.maxRssMb) missed.push(`peak RSS of a worker ${fmt(scale.peakRssMb)} MB > ${TARGETS.maxRssMb} MB (${scale.scale.name})`);
  }
  if (judged.startupMs > TARGETS.maxStartupMs) missed.push(`start-up ${fmt(judged.startupMs)} ms > ${TARGETS.maxStartupMs} ms ${at}`);
  if (judged.mixed) for (const check of mixedChecks(judged.mixed)) if (!check.ok) missed.push(`mixed: ${check.target}: ${check.figure} ${at}`);
  // With both engines, SQLite's own targets (judged as before PostgreSQL came) say which engine they are.
  return [...missed.map((m) => (postgres ? `SQLite: ${m}` : m)), ...postgresMissed];
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(1));
const pct = (ratio: number) => `${Math.round(ratio * 100)} %`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');
/** A latency cell; with timeouts the value is a lower bound. */
const latency = (ms: number, lowerBound: boolean) => (lowerBound ? `≥ ${fmt(ms)}` : String(ms));
/** An open-loop latency cell: timed by the benchmark itself, to a tenth of a millisecond. */
const openLatency = (ms: number, lowerBound: boolean) => `${lowerBound ? '≥ ' : ''}${fmt(ms)}`;
const mixName = (writeShare: number) => (writeShare === 0 ? 'reads only' : `${pct(writeShare)} writes`);
const concurrency = (v: MixedVariant) => (v.workersSetting === 'default' ? 'unset' : String(v.workersSetting));
const failuresCell = (failures: number, timeouts: number) => `${failures}${timeouts > 0 ? ` (${timeouts} timeouts)` : ''}`;
/** Requests outstanding at most, of the connections the open loop could open, and how many waited for one. */
const outstanding = (open: OpenLoopResult) =>
  `${open.maxInFlight.toLocaleString('en')} of ${open.connections.toLocaleString('en')}${open.heldBack > 0 ? `, ${open.heldBack.toLocaleString('en')} waited` : ''}`;

/** How the two loops are run, in a sentence or two for the report. */
function loopsExplained(mixed: MixedResult): string {
  return (
    `Each row is measured twice, each time on a new server with a fresh copy of the data: first the most it serves, ${mixed.connections} connections ` +
    `in a closed loop (each sends its next request once its last is answered, so the closed-loop latency only restates the throughput: ` +
    `connections ÷ req/s); then the same list in an open loop, at a fixed offered rate of ${pct(mixed.openLoopShare)} of that row's closed-loop req/s, ` +
    `requests sent on schedule whatever the server does (on as many connections as they need, up to one per request due in a second), ` +
    `each latency timed from the request's scheduled time. The ${TARGETS.maxP99Ms} ms p99 target is judged on the open loop.`
  );
}

const mb = (value: number | null) => (value === null ? '–' : fmt(value));
const primary = (value: number | null) => (value === null ? '' : ` (primary ${fmt(value)} MB)`);

function mixedMarkdown(mixed: MixedResult): string[] {
  const [first] = mixed.mixes;
  if (!first) return [];
  const share = (ratio: number) => `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)} %`;
  const lists = mixed.mixes.map((m) => `${mixName(m.writeShare)}: ${m.distinctPaths.toLocaleString('en')} distinct URLs`).join('; ');
  const lines = [
    `Mixed traffic: ${first.requests.toLocaleString('en')} requests sent in a fixed order, round and round (${lists}); ` +
      `${share(first.signedInShare)} of reads signed in as ${first.readers} bench users; ` +
      `the hottest article takes ${share(first.hottestArticleShare)} of article reads, the hottest 1 % of articles ${share(first.hottestPercentShare)}. ` +
      loopsExplained(mixed),
    '',
    `The most it serves (closed loop, ${mixed.connections} connections; peak RSS over both servers of the row):`,
    '',
    '| mix | WEB_CONCURRENCY | workers | req/s | closed-loop p50 ms | closed-loop p99 ms | non-2xx | writes | peak RSS MB per worker | primary RSS MB | load generator CPU |',
    '|---|:-:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const v of mixed.variants) {
    lines.push(
      `| ${mixName(v.writeShare)} | ${concurrency(v)} | ${v.workers} | ` +
        `${fmt(v.rps)} | ${latency(v.p50, v.latencyIsLowerBound && v.p50 >= 1000)} | ${latency(v.p99, v.latencyIsLowerBound)} | ` +
        `${failuresCell(v.failures, v.timeouts)} | ${v.writes.toLocaleString('en')} | ${fmt(v.peakWorkerRssMb)} | ${mb(v.peakPrimaryRssMb)} | ` +
        `${Math.round(v.loadCpuPercent)} % |`,
    );
  }
  lines.push(
    '',
    `Latency at a fixed offered rate (open loop, ${pct(mixed.openLoopShare)} of the row's closed-loop req/s; median run by p99):`,
    '',
    '| mix | WEB_CONCURRENCY | workers | offered req/s | answered req/s | open-loop p50 ms | open-loop p99 ms | non-2xx | writes | requests outstanding at most, of connections allowed | sent late p99 ms | load generator CPU |',
    '|---|:-:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  );
  for (const v of mixed.variants) {
    const open = v.openLoop;
    if (!open) {
      lines.push(`| ${mixName(v.writeShare)} | ${concurrency(v)} | ${v.workers} | – | – | – | – | – | – | – | – | – |`);
      continue;
    }
    lines.push(
      `| ${mixName(v.writeShare)} | ${concurrency(v)} | ${open.workers} | ${fmt(open.offeredRps)} | ${fmt(open.achievedRps)} | ` +
        `${openLatency(open.p50, open.latencyIsLowerBound && open.p50 >= 1000)} | ${openLatency(open.p99, open.latencyIsLowerBound)} | ` +
        `${failuresCell(open.failures, open.timeouts)} | ${open.writes.toLocaleString('en')} | ${outstanding(open)} | ${fmt(open.sendLagP99Ms)} | ` +
        `${Math.round(open.loadCpuPercent)} % |`,
    );
  }
  lines.push('', '| mixed target | figure | met |', '|---|---|:-:|');
  for (const check of mixedChecks(mixed)) lines.push(`| ${check.target} | ${check.figure} | ${mark(check.ok)} |`);
  return lines;
}

/** The search index's size on disk, with SQLite's beside when given. */
function indexSize(scale: ScaleResult, sqlite?: ScaleResult): string {
  const size = (r?: ScaleResult) => (r?.searchIndexBytes == null ? '–' : `${(r.searchIndexBytes / 1024 / 1024).toFixed(0)} MB`);
  if (scale.searchIndexBytes == null) return '';
  return ` · search index ${size(scale)}${sqlite ? ` (SQLite ${size(sqlite)})` : ''}`;
}

/** A figure of SQLite's beside PostgreSQL's, or a dash when SQLite did not run it. */
const ratio = (postgres: number, sqlite: number | undefined) => (sqlite === undefined || sqlite <= 0 ? '–' : `${(postgres / sqlite).toFixed(2)}×`);
const orDash = (value: string | number | undefined) => (value === undefined ? '–' : String(value));

/** One data set on PostgreSQL, every figure beside SQLite's from the same run, and PostgreSQL's targets. */
function postgresMarkdown(postgres: ScaleResult, sqlite: ScaleResult | undefined, settings: BenchReport['settings']): string[] {
  const s = postgres.scale;
  const copied = postgres.copyMs === null ? '' : `filled from the SQLite data set in ${(postgres.copyMs / 1000).toFixed(1)} s (copySite, then VACUUM ANALYZE). `;
  const lines = [
    `### ${s.articles.toLocaleString('en')} articles (${s.name}) on PostgreSQL, beside SQLite`,
    '',
    `The same data, ${copied}` +
      `Start-up ${fmt(postgres.startupMs)} ms (SQLite ${sqlite ? fmt(sqlite.startupMs) : '–'} ms, ${postgres.workers} worker${postgres.workers === 1 ? '' : 's'}) · ` +
      `idle RSS ${fmt(postgres.idleRssMb)} MB${primary(postgres.idlePrimaryRssMb)} · peak RSS per worker ${fmt(postgres.peakRssMb)} MB${primary(postgres.peakPrimaryRssMb)} ` +
      `(SQLite ${sqlite ? fmt(sqlite.peakRssMb) : '–'} MB)${indexSize(postgres, sqlite)}. Targets are PostgreSQL's.`,
  ];
  if (postgres.scenarios.length > 0) {
    lines.push(
      '',
      '| scenario | PostgreSQL req/s | SQLite req/s | PostgreSQL ÷ SQLite | PostgreSQL p99 ms | SQLite p99 ms | PostgreSQL non-2xx | SQLite non-2xx | SQL/req | peak RSS MB | ≥ 2 500 req/s | p99 ≤ 40 ms | no non-2xx |',
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|:-:|:-:|',
    );
  }
  for (const r of postgres.scenarios) {
    const l = sqlite?.scenarios.find((x) => x.id === r.id);
    lines.push(
      `| ${r.label} | ${fmt(r.rps)} | ${l ? fmt(l.rps) : '–'} | ${ratio(r.rps, l?.rps)} | ${latency(r.p99, r.latencyIsLowerBound)} | ${l ? latency(l.p99, l.latencyIsLowerBound) : '–'} | ` +
        `${r.failures}${r.timeouts > 0 ? ` (${r.timeouts} timeouts)` : ''} | ${orDash(l?.failures)} | ${r.sqlPerRequest ?? '–'} | ${fmt(r.peakRssMb)} | ` +
        `${mark(r.rps >= targetFor(r.id).minRps)} | ${mark(r.p99 <= targetFor(r.id).maxP99Ms)} | ${mark(r.failures === 0)} |`,
    );
  }
  const signIns = [
    ['PostgreSQL', postgres.signIn],
    ['SQLite', sqlite?.signIn ?? null],
  ] as const;
  if (postgres.signIn) {
    lines.push(
      '',
      `Sign-in (POST /api/users/login, ${settings.signInConnections} connections) while ${settings.connections} connections read the home page:`,
      '',
      '| engine | sign-in req/s alone | sign-in req/s beside readers | sign-in p99 ms | non-2xx | SQL/req | home p99 alone | home p99 during | ratio |',
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    );
    for (const [engine, si] of signIns) {
      if (!si) continue;
      lines.push(
        `| ${engine} | ${fmt(si.aloneRps)} | ${fmt(si.rps)} | ${si.p99} | ${si.failures + si.homeFailures} | ${si.sqlPerRequest ?? '–'} | ` +
          `${si.homeAlone.p99} ms (${fmt(si.homeAlone.rps)} req/s) | ${si.homeDuring.p99} ms (${fmt(si.homeDuring.rps)} req/s) | ${si.p99Ratio.toFixed(1)}× |`,
      );
    }
  }
  const mixed = postgres.mixed;
  if (mixed && mixed.variants.length > 0) {
    lines.push(
      '',
      `Mixed traffic: the same request lists as on SQLite, a new server on a fresh clone of the database per measurement. ` +
        `req/s and the closed-loop p99 come from ${mixed.connections} connections in a closed loop; the open-loop p99 from an open loop at ` +
        `${pct(mixed.openLoopShare)} of each engine's own closed-loop req/s on that row (so PostgreSQL is offered its own rate, not SQLite's).`,
      '',
      '| mix | WEB_CONCURRENCY | workers | PostgreSQL req/s | SQLite req/s | PostgreSQL ÷ SQLite | PostgreSQL closed-loop p99 ms | SQLite closed-loop p99 ms | ' +
        'PostgreSQL offered req/s (open loop) | PostgreSQL open-loop p99 ms | SQLite offered req/s (open loop) | SQLite open-loop p99 ms | ' +
        'PostgreSQL non-2xx | SQLite non-2xx | writes | peak RSS MB per worker | load generator CPU |',
      '|---|:-:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    );
    for (const v of mixed.variants) {
      const l = sqlite?.mixed?.variants.find((x) => x.id === v.id);
      const openRate = (x: MixedVariant | undefined) => (x?.openLoop ? fmt(x.openLoop.offeredRps) : '–');
      const openP99 = (x: MixedVariant | undefined) => (x?.openLoop ? openLatency(x.openLoop.p99, x.openLoop.latencyIsLowerBound) : '–');
      const allFailures = (x: MixedVariant) => x.failures + (x.openLoop?.failures ?? 0);
      lines.push(
        `| ${mixName(v.writeShare)} | ${concurrency(v)} | ${v.workers} | ` +
          `${fmt(v.rps)} | ${l ? fmt(l.rps) : '–'} | ${ratio(v.rps, l?.rps)} | ${latency(v.p99, v.latencyIsLowerBound)} | ${l ? latency(l.p99, l.latencyIsLowerBound) : '–'} | ` +
          `${openRate(v)} | ${openP99(v)} | ${openRate(l)} | ${openP99(l)} | ` +
          `${failuresCell(allFailures(v), v.timeouts + (v.openLoop?.timeouts ?? 0))} | ${l ? allFailures(l) : '–'} | ${v.writes.toLocaleString('en')} | ${fmt(v.peakWorkerRssMb)} | ` +
          `${Math.round(v.loadCpuPercent)} % |`,
      );
    }
  }
  lines.push('', '| PostgreSQL target | figure | met |', '|---|---|:-:|');
  for (const check of postgresChecks(postgres, sqlite)) lines.push(`| ${check.target} | ${check.figure} | ${mark(check.ok)} |`);
  return lines;
}

export function toMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  const { machine, settings } = report;
  const code = `commit ${report.code.commit}${report.code.uncommittedAppChanges ? ' plus uncommitted changes' : ''}`;
  lines.push(
    `Run ${report.startedAt} (${code}) on ${machine.cpus} × ${machine.model}, ${machine.memoryGb} GB, Node ${machine.node}; ` +
      `load average before ${machine.loadAverageBefore.map((n) => n.toFixed(2)).join(' ')}, after ${machine.loadAverageAfter.map((n) => n.toFixed(2)).join(' ')}.`,
    `The server runs as \`npm start\` runs it; every scenario but the mixed one with ${settings.workers === 'default' ? 'WEB_CONCURRENCY unset (the server picks the number of workers)' : `WEB_CONCURRENCY=${settings.workers}`}` +
      `${settings.workers === 1 ? ', so their figures compare with the earlier single-process runs' : ''}. RSS is per worker (the highest), the cluster primary's apart. ` +
      `autocannon in its own process on the same machine: ${settings.connections} connections, ${settings.warmupSeconds} s warm-up, ` +
      `${settings.runs} × ${settings.durationSeconds} s per scenario, median run shown (non-2xx summed over all runs). ` +
      `SQL/req is counted in-process with the same requests. A timed-out request (10 s) counts as non-2xx, and makes ` +
      `p99 a lower bound (≥). Sign-in is "bounded by argon2" when, alone, it reaches 80 % of one core's argon2id rate. ` +
      `Targets apply at 100 000 articles; at 1 000 they are shown for reference.`,
  );
  const withPostgres = settings.engines.includes('postgres');
  if (withPostgres) {
    lines.push(
      `Each data set runs on SQLite, then on PostgreSQL (\`--engine postgres\`): a new database filled from the same SQLite data set by the app's ` +
        `copySite, then VACUUM ANALYZE, and a fresh clone of it for every server start, as SQLite gets a fresh copy of its file; the server runs with ` +
        `DATABASE_URL set (DATABASE_POOL_MAX at its default, per worker), everything else the same. PostgreSQL's targets: every read scenario ` +
        `≥ ${fmt(TARGETS.minRps)} req/s with p99 ≤ ${TARGETS.maxP99Ms} ms; the mixed traffic with writes at ≥ ${TARGETS.minPostgresMixedShare}× SQLite's ` +
        `throughput on the same mix in the same run; no non-2xx.`,
    );
  }
  lines.push('');
  for (const scale of report.scales) {
    if (scale.engine === 'postgres') {
      lines.push(...postgresMarkdown(scale, sqliteBeside(report.scales, scale), settings), '');
      if (scale.backupLoad) lines.push(...backupLoadMarkdown(scale.backupLoad, settings.connections), '');
      continue;
    }
    const s = scale.scale;
    const generated = scale.generatedMs === null ? 'cached' : `generated in ${(scale.generatedMs / 1000).toFixed(1)} s`;
    lines.push(
      `### ${s.articles.toLocaleString('en')} articles (${s.name})${withPostgres ? ' on SQLite' : ''}`,
      '',
      `${s.users.toLocaleString('en')} users, ${s.comments.toLocaleString('en')} comments, ${s.favorites.toLocaleString('en')} favorites, ` +
        `${s.follows.toLocaleString('en')} follows, ${s.tags} tags; data ${generated}. ` +
        `Start-up ${fmt(scale.startupMs)} ms ${mark(scale.startupMs <= TARGETS.maxStartupMs)} (≤ 1 s, ${scale.workers} worker${scale.workers === 1 ? '' : 's'}) · ` +
        `idle RSS ${fmt(scale.idleRssMb)} MB${primary(scale.idlePrimaryRssMb)} · ` +
        `peak RSS per worker ${fmt(scale.peakRssMb)} MB ${mark(scale.peakRssMb <= TARGETS.maxRssMb)} (≤ 250 MB)${primary(scale.peakPrimaryRssMb)}${indexSize(scale)}`,
    );
    if (scale.scenarios.length > 0) {
      lines.push(
        '',
        '| scenario | req/s | p50 ms | p99 ms | non-2xx | SQL/req | peak RSS MB | primary RSS MB | ≥ 2 500 req/s | p99 ≤ 40 ms | no non-2xx |',
        '|---|--:|--:|--:|--:|--:|--:|--:|:-:|:-:|:-:|',
      );
    }
    for (const r of scale.scenarios) {
      lines.push(
        `| ${r.label} | ${fmt(r.rps)} | ${latency(r.p50, r.latencyIsLowerBound && r.p50 >= 1000)} | ${latency(r.p99, r.latencyIsLowerBound)} | ${r.failures}${r.timeouts > 0 ? ` (${r.timeouts} timeouts)` : ''} | ${r.sqlPerRequest ?? '–'} | ${fmt(r.peakRssMb)} | ${mb(r.primaryPeakRssMb)} | ` +
          `${mark(r.rps >= targetFor(r.id).minRps)} | ${mark(r.p99 <= targetFor(r.id).maxP99Ms)} | ${mark(r.failures === 0)} |`,
      );
    }
    const si = scale.signIn;
    if (si) {
      lines.push(
        '',
        `Sign-in (POST /api/users/login, ${settings.signInConnections} connections) while ${settings.connections} connections read the home page:`,
        '',
        '| sign-in req/s alone | argon2 verifies/s (1 / 4 at a time) | bounded by argon2 | sign-in req/s beside readers | sign-in p99 ms | non-2xx | SQL/req | home p99 alone | home p99 during | ratio ≤ 2 |',
        '|--:|--:|:-:|--:|--:|--:|--:|--:|--:|:-:|',
        `| ${fmt(si.aloneRps)} | ${fmt(si.argon2.oneAtATime)} / ${fmt(si.argon2.fourAtATime)} | ${mark(si.aloneRps >= si.argon2.oneAtATime * TARGETS.minArgon2Share)} | ` +
          `${fmt(si.rps)} | ${si.p99} | ${si.failures} | ${si.sqlPerRequest ?? '–'} | ` +
          `${si.homeAlone.p99} ms (${fmt(si.homeAlone.rps)} req/s) | ${si.homeDuring.p99} ms (${fmt(si.homeDuring.rps)} req/s)` +
          `${si.homeFailures > 0 ? `, ${si.homeFailures} failed` : ''} | ${mark(si.p99Ratio <= TARGETS.maxSignInP99Ratio)} ${si.p99Ratio.toFixed(1)}× |`,
      );
    }
    if (scale.mixed) lines.push('', ...mixedMarkdown(scale.mixed));
    if (scale.backupLoad) lines.push('', ...backupLoadMarkdown(scale.backupLoad, settings.connections));
    lines.push('');
  }
  if (report.comparison.length > 0) {
    lines.push('### Scale: does cost grow with the data?', '', '| scenario | 1 000 articles req/s | 100 000 articles req/s | kept | ≥ 80 % |', '|---|--:|--:|--:|:-:|');
    for (const row of report.comparison) {
      lines.push(`| ${row.label} | ${fmt(row.smallRps)} | ${fmt(row.largeRps)} | ${pct(row.retention)} | ${mark(row.retention >= TARGETS.minRetention)} |`);
    }
    lines.push('');
  }
  lines.push('### Missed targets', '');
  if (report.missed.length === 0) lines.push('None.');
  else for (const m of report.missed) lines.push(`- ${m}`);
  return `${lines.join('\n')}\n`;
}
