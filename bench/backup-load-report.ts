// What \`mixed-backup\` measured (bench/backup-load.ts), and how the report shows it.
import type { RunResult } from './load.js';

export interface BackupLoadResult {
  workers: number;
  writeShare: number;
  /** Median over the runs of each kind. */
  quiet: { rps: number; p50: number; p99: number; failures: number };
  duringBackups: { rps: number; p50: number; p99: number; failures: number };
  /** Throughput with backups running, as a share of throughput without. */
  kept: number;
  /** Backups started while the load ran, how long each took (median), and how big the last was. */
  backups: { count: number; failed: number; medianSeconds: number; bytes: number };
  runs: Array<{ quiet: RunResult; duringBackups: RunResult }>;
}

/** The result as the report shows it. */
export function backupLoadMarkdown(result: BackupLoadResult, connections: number): string[] {
  const row = (label: string, f: BackupLoadResult['quiet']) => `| ${label} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${f.failures} |`;
  const { backups } = result;
  return [
    `Mixed traffic (${Math.round(result.writeShare * 100)} % writes, ${result.workers} workers, ${connections} connections, closed loop) while ` +
      `\`npm run db:backup\` runs back to back, against the same traffic without; runs alternate, median shown. ` +
      `${backups.count} backups taken under the load (${backups.failed} failed), ${backups.medianSeconds.toFixed(1)} s each (median), ` +
      `${(backups.bytes / 1024 / 1024).toFixed(1)} MB.`,
    '',
    '| traffic | req/s | p50 ms | p99 ms | non-2xx |',
    '|---|--:|--:|--:|--:|',
    row('without a backup', result.quiet),
    row('while backups run', result.duringBackups),
    '',
    `Throughput kept while backing up: ${Math.round(result.kept * 100)} %.`,
  ];
}
