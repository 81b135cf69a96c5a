// The mixed traffic (5 % writes, every core) while backups run, set against the same traffic
// without one. One server on a fresh copy of the data; the runs alternate, quiet then with
// backups, so a machine that slows down over the minutes slows both sides alike. During a run
// with backups, `npm run db:backup`'s command runs back to back, as an operator's or the job
// runner's would, into a scratch BACKUP_DIR, from the load's start to its end.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Dataset } from './datasets.js';
import { load, log, settle } from './driver.js';
import type { BackupLoadResult } from './backup-load-report.js';
import { writeRequests } from './mixed-run.js';
import { median, runFigures } from './report.js';
import { MIX_DEFAULTS, planMix, readCatalogue } from './mixed.js';
import { serverEnv, startServer } from './server.js';
import { runName, type Store, type Stores } from './stores.js';

const root = resolve(import.meta.dirname, '..');
export const BACKUP_LOAD_WRITE_SHARE = 0.05;

interface Taken {
  seconds: number;
  ok: boolean;
  bytes: number;
}

/** `npm run db:backup -- --json` once, against the store; how long it took and what it wrote. */
function backupOnce(store: Store, dir: string): Promise<Taken> {
  const env = {
    ...serverEnv(store, 0, 1),
    BACKUP_DIR: dir,
    // Only the newest is kept: the folder must not fill the disk over the runs.
    BACKUP_KEEP: '1',
    BACKUP_KEEP_DAILY: '0',
    BACKUP_KEEP_WEEKLY: '0',
  };
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/db/backup-command.ts', '--json'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.resume();
    child.once('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      let bytes = 0;
      try {
        bytes = (JSON.parse(out) as { bytes?: number }).bytes ?? 0;
      } catch {
        // a failed backup prints no report
      }
      done({ seconds, ok: code === 0, bytes });
    });
  });
}


export async function runBackupLoad(
  dataset: Dataset,
  stores: Stores,
  work: string,
  logPath: string,
  settings: { connections: number; warmupSeconds: number; durationSeconds: number; runs: number },
): Promise<BackupLoadResult> {
  const name = runName(dataset, stores.engine);
  const catalogue = readCatalogue(dataset.path, dataset.manifest);
  const plan = planMix(catalogue, { ...MIX_DEFAULTS, writeShare: BACKUP_LOAD_WRITE_SHARE });
  const store = await stores.fresh('backup-load');
  const server = await startServer(store, logPath, 'default').catch(async (error: unknown) => {
    await store.drop();
    throw error;
  });
  try {
    const requestsFile = await writeRequests(server, catalogue, plan, join(work, 'backup-load.json'));
    const dir = join(work, 'backups');
    mkdirSync(dir, { recursive: true });
    const input = { url: server.url, connections: settings.connections, method: 'GET' as const, headers: {}, requestsFile, durationSeconds: settings.durationSeconds, runs: 1 };

    await settle(server);
    await load({ ...input, warmupSeconds: settings.warmupSeconds, runs: 0 });
    const runs: BackupLoadResult['runs'] = [];
    const taken: Taken[] = [];
    for (let i = 0; i < settings.runs; i++) {
      await settle(server);
      const [quiet] = await load({ ...input, warmupSeconds: 0 });
      await settle(server);
      // The backups start with the load and follow one another until it ends; the last is waited for
      // (a backup longer than the run is still one backup under load).
      const startAt = Date.now() + 1500;
      let loading = true;
      const backups = (async () => {
        await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
        while (loading) taken.push(await backupOnce(store, dir));
      })();
      const [during] = await load({ ...input, warmupSeconds: 0, startAt });
      loading = false;
      await backups;
      runs.push({ quiet: quiet!, duringBackups: during! });
      log(
        `${name}:   run ${i + 1}: ${quiet!.rps.toFixed(0)} req/s quiet (p99 ${quiet!.p99} ms), ` +
          `${during!.rps.toFixed(0)} req/s during backups (p99 ${during!.p99} ms); ${taken.length} backups so far, the last ${taken.at(-1)?.seconds.toFixed(1) ?? '–'} s`,
      );
    }
    const quiet = runFigures(runs.map((r) => r.quiet));
    const duringBackups = runFigures(runs.map((r) => r.duringBackups));
    return {
      workers: server.workers,
      writeShare: BACKUP_LOAD_WRITE_SHARE,
      quiet,
      duringBackups,
      kept: quiet.rps > 0 ? duringBackups.rps / quiet.rps : 0,
      backups: {
        count: taken.filter((b) => b.ok).length,
        failed: taken.filter((b) => !b.ok).length,
        medianSeconds: median(taken.filter((b) => b.ok).map((b) => b.seconds)),
        bytes: taken.filter((b) => b.ok).at(-1)?.bytes ?? 0,
      },
      runs,
    };
  } finally {
    await server.stop();
    await store.drop();
  }
}
