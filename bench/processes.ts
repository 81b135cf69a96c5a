// What the benchmark reads about the server's processes from /proc (Linux): which processes
// serve (a cluster primary's workers, or the server itself), their memory and CPU time.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process in MB, or null once it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
export const CLOCK_TICKS = (() => {
  const out = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
  return Number.isFinite(out) && out > 0 ? out : 100;
})();

/** The fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number | 'self'): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** user + system CPU time of a process so far, in clock ticks. */
export function cpuTicks(pid: number | 'self'): number | null {
  // After the name: state(0) ppid(1) … utime(11) stime(12), i.e. fields 14 and 15 of stat.
  const fields = statFields(pid);
  return fields ? Number(fields[11]) + Number(fields[12]) : null;
}

/** Direct children of a process: from its threads' `children` lists, else by scanning /proc for its pid as parent. */
export function childPids(pid: number): number[] {
  try {
    const found = new Set<number>();
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ')) if (child.trim()) found.add(Number(child));
    }
    return [...found].sort((a, b) => a - b);
  } catch {
    // Kernels without CONFIG_PROC_CHILDREN: the slow way.
    const found: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      if (Number(statFields(Number(entry))?.[1]) === pid) found.push(Number(entry));
    }
    return found.sort((a, b) => a - b);
  }
}

/**
 * The processes that answer requests. A cluster primary only hands out connections, so its
 * children are the workers; a server without children (`node dist/server.js`) is its own worker.
 */
export function serving(pid: number): { primary: number | null; workers: number[] } {
  const children = childPids(pid);
  return children.length > 0 ? { primary: pid, workers: children } : { primary: null, workers: [pid] };
}

export interface RssPeaks {
  /** The highest peak of any one worker: the per-worker memory budget applies to it. */
  workerMb: number;
  /** The cluster primary's own peak, or null when the server runs without one. */
  primaryMb: number | null;
  /** Workers seen while sampling (more than configured if one was replaced). */
  workers: number;
}

/** Current RSS of the primary and of each worker. */
export function rssNow(pid: number): RssPeaks {
  const { primary, workers } = serving(pid);
  return {
    workerMb: Math.max(0, ...workers.map((w) => rssMb(w) ?? 0)),
    primaryMb: primary === null ? null : rssMb(primary),
    workers: workers.length,
  };
}

/**
 * Samples the RSS of the primary and of every worker every 100 ms and keeps each one's peak.
 * Workers are looked up again on every sample, so one that starts late (or replaces another) counts.
 */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly peaks = new Map<number, number>();
  private primaryPeak: number | null = null;

  constructor(private readonly pid: number) {}

  private sample(): void {
    const { primary, workers } = serving(this.pid);
    if (primary !== null) this.primaryPeak = Math.max(this.primaryPeak ?? 0, rssMb(primary) ?? 0);
    for (const worker of workers) {
      const mb = rssMb(worker);
      if (mb !== null) this.peaks.set(worker, Math.max(this.peaks.get(worker) ?? 0, mb));
    }
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
  }

  stop(): RssPeaks {
    clearInterval(this.timer);
    this.sample();
    return { workerMb: Math.max(0, ...this.peaks.values()), primaryMb: this.primaryPeak, workers: this.peaks.size };
  }
}

/**
 * Waits until `expected` workers exist and none of them is still busy starting (its CPU time
 * stood still for 200 ms): a worker that is not listening yet when the load connects gets no
 * connections for the whole run, which would measure fewer workers than were asked for.
 * Returns the number of workers found; gives up after `timeoutMs` rather than hang.
 */
export async function workersSettled(pid: number, expected: number, timeoutMs = 20_000): Promise<number> {
  const until = performance.now() + timeoutMs;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let workers = serving(pid).workers;
  while (workers.length < expected && performance.now() < until) {
    await pause(50);
    workers = serving(pid).workers;
  }
  while (performance.now() < until) {
    const before = workers.map((w) => cpuTicks(w));
    await pause(200);
    const after = workers.map((w) => cpuTicks(w));
    if (before.every((ticks, i) => ticks === after[i])) break;
  }
  return serving(pid).workers.length;
}
