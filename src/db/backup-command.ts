// `npm run db:backup`: one consistent, checked backup of the configured
// database to BACKUP_DIR, then the retention rule. `-- --status` shows the
// last attempt and the backups kept; `-- --json` prints the report as JSON.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit, type Config } from '../config.js';
import { BackupFailedError, takeBackup } from './backup.js';
import { listBackups, readAttempt, type BackupRecord } from './backup-files.js';
import { retention } from './backup-retention.js';

const usage = 'Usage: npm run db:backup [-- --status | --json]';

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const utc = (iso: string) => `${iso.slice(0, 19).replace('T', ' ')} UTC`;
const count = (n: number) => n.toLocaleString('en');
const plural = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;

function ago(iso: string): string {
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min ago` : `${Math.floor(hours / 24)} days ago`;
}

function describeRecord(record: BackupRecord): string[] {
  return [
    `  size      ${megabytes(record.bytes)} (${record.bytes} bytes)`,
    `  took      ${seconds(record.durationMs)}: copy ${seconds(record.copyMs)}, check and sync ${seconds(record.durationMs - record.copyMs)}`,
    `  check     ${record.check.ok ? 'ok' : 'FAILED'}: ${record.check.method} (${record.check.detail})`,
    `  schema    ${record.schema.name ?? `migration ${record.schema.migration} (unknown to this version)`}`,
    `  rows      ${count(record.rows.users)} users, ${count(record.rows.articles)} articles`,
  ];
}

/** The last attempt and the backups kept; exit code 1 when the last attempt failed or there is no backup. */
function status(config: Config): number {
  const dir = resolve(config.backup.dir);
  const source = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${resolve(config.databasePath)}`;
  console.log(`Backups of ${source} in ${dir}`);
  const attempt = readAttempt(dir);
  const backups = listBackups(dir);
  if (!attempt) console.log('Last attempt  none recorded');
  else if (attempt.ok) console.log(`Last attempt  ${utc(attempt.at)} (${ago(attempt.at)}): ok, ${attempt.file}`);
  else console.log(`Last attempt  ${utc(attempt.at)} (${ago(attempt.at)}): FAILED: ${attempt.reason}`);
  const newest = backups[0];
  if (!newest) {
    console.log('No backups yet: npm run db:backup takes one.');
    return 1;
  }
  const taken = new Date(newest.takenAt).toISOString();
  console.log(`Last backup   ${newest.file}`);
  console.log(`  taken     ${utc(taken)} (${ago(taken)})`);
  if (newest.record) for (const line of describeRecord(newest.record)) console.log(line);
  else console.log(`  size      ${megabytes(newest.bytes)}; no record beside it (${newest.file}.json)`);
  const { kept } = retention(backups, Date.now(), config.backup);
  const why = new Map(kept.map((k) => [k.backup.file, k.why.join(', ')]));
  console.log(`Kept: ${plural(backups.length, 'backup')}, ${megabytes(backups.reduce((sum, b) => sum + b.bytes, 0))} in all`);
  for (const backup of backups) console.log(`  ${backup.file}  ${megabytes(backup.bytes).padStart(9)}  ${why.get(backup.file) ?? 'removed by the next backup'}`);
  return attempt && !attempt.ok ? 1 : 0;
}

async function main(): Promise<number> {
  let values: { status?: boolean; json?: boolean };
  try {
    ({ values } = parseArgs({ options: { status: { type: 'boolean' }, json: { type: 'boolean' } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
    return 2;
  }
  const config = loadConfigOrExit();
  if (values.status) return status(config);
  try {
    const report = await takeBackup(config);
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    console.log(`Backed up ${report.source} to ${report.path}`);
    for (const line of describeRecord(report)) console.log(line);
    const removed = report.removed.length > 0 ? `; removed ${report.removed.length}: ${report.removed.join(', ')}` : '';
    console.log(`Kept ${plural(report.kept.length, 'backup')}${removed}.`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupFailedError)) throw error;
    console.error(`Backup failed: ${error.message}`);
    const last = listBackups(resolve(config.backup.dir))[0];
    if (last) console.error(`The last good backup is still ${last.path}.`);
    return 1;
  }
}

process.exitCode = await main();
