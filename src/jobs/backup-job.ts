import { fork } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import type { JobContext } from './kinds.js';

/** What a backup job needs of the server's config. */
export type BackupJobConfig = Pick<Config, 'backup' | 'databasePath' | 'databaseUrl' | 'env'>;

/** The end of a child's output kept for the job's error: enough for pg_dump's complaint. */
const KEPT_OUTPUT = 4_000;

/**
 * The environment of a backup taken for this server: the same database and
 * backup settings as its config, whatever the process's own environment says
 * (tests build their config from their own values), and one backup only.
 */
function backupEnvironment(config: BackupJobConfig): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: config.env,
    DATABASE_PATH: config.databasePath,
    BACKUP_DIR: config.backup.dir,
    BACKUP_KEEP: String(config.backup.keep),
    BACKUP_KEEP_DAILY: String(config.backup.keepDaily),
    BACKUP_KEEP_WEEKLY: String(config.backup.keepWeekly),
  };
  if (config.databaseUrl) env.DATABASE_URL = config.databaseUrl;
  else delete env.DATABASE_URL;
  delete env.BACKUP_EVERY;
  return env;
}

/**
 * Takes one backup (`npm run db:backup`'s command) in a process of its own,
 * so the serving process never holds its event loop for the copy (on SQLite
 * `VACUUM INTO` and the integrity check are synchronous: docs/decisions/0017).
 * Resolves when the backup is taken and checked; rejects with the end of the
 * command's output otherwise, so the job is retried and the reason kept. The
 * job's signal (its lease over, or this process stopping) ends the child.
 */
export function backupInItsOwnProcess(config: BackupJobConfig, { signal, log }: Pick<JobContext, 'signal' | 'log'>): Promise<void> {
  // Beside this file: src/db/backup-command.ts under tsx, dist/db/backup-command.js when built.
  const command = fileURLToPath(new URL(`../db/backup-command${extname(import.meta.filename)}`, import.meta.url));
  return new Promise((resolve, reject) => {
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT));
    let stdout = '';
    const child = fork(command, ['--json'], { env: backupEnvironment(config), stdio: ['ignore', 'pipe', 'pipe', 'ipc'], signal });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      keep(chunk);
    });
    child.stderr!.on('data', keep);
    child.on('error', (error) => reject(signal.aborted ? new Error(`the backup was stopped: ${String(signal.reason)}`) : error));
    child.on('exit', (code, killedBy) => {
      if (code === 0) {
        try {
          const report = JSON.parse(stdout) as { path: string; bytes: number; durationMs: number };
          log.info({ path: report.path, bytes: report.bytes, durationMs: report.durationMs }, 'backup taken and checked');
          resolve();
        } catch {
          reject(new Error(`the backup command succeeded but printed no report: ${output.trim()}`));
        }
        return;
      }
      reject(new Error(`the backup failed (${killedBy ? `killed by ${killedBy}` : `exit code ${code}`}): ${output.trim() || 'no output'}`));
    });
  });
}
