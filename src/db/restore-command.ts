// `npm run db:restore -- FILE [--force]`: restores a backup into the
// configured database (DATABASE_URL, or the SQLite file at DATABASE_PATH),
// on the engine it was taken from. Stop the site first.
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { restoreBackup, RestoreRefusedError } from './restore.js';

const usage = 'Usage: npm run db:restore -- <backup file> [--force]   (into DATABASE_URL, or DATABASE_PATH on SQLite; stop the site first)';

const count = (n: number) => n.toLocaleString('en');

async function main(): Promise<number> {
  let file: string | undefined;
  let force = false;
  try {
    const { values, positionals } = parseArgs({ options: { force: { type: 'boolean' } }, allowPositionals: true });
    if (positionals.length !== 1) throw new Error('Name one backup file.');
    file = positionals[0];
    force = values.force ?? false;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
    return 2;
  }
  const config = loadConfigOrExit();
  try {
    const report = await restoreBackup(file!, config, { force });
    const taken = report.backup.takenAt ? `taken ${report.backup.takenAt.slice(0, 19).replace('T', ' ')} UTC, ` : '';
    console.log(`Restored ${report.backup.path} (${taken}schema ${report.backup.name}) into ${report.target} in ${(report.durationMs / 1000).toFixed(2)} s`);
    console.log(`  rows      ${count(report.rows.users)} users, ${count(report.rows.articles)} articles`);
    if (report.migratedTo.migration !== report.backup.migration) console.log(`  schema    migrated forward to ${report.migratedTo.name}`);
    if (report.replaced) console.log(`  replaced  the site that was there (${count(report.replaced.users)} users, ${count(report.replaced.articles)} articles)`);
    console.log(`  caches    stamp ${report.stamp} retires whatever any process kept before`);
    const recorded = report.recorded;
    if (recorded && (recorded.users !== report.rows.users || recorded.articles !== report.rows.articles)) {
      console.error(
        `The backup's record says ${count(recorded.users)} users and ${count(recorded.articles)} articles, and the restored database holds ` +
          `${count(report.rows.users)} and ${count(report.rows.articles)}: look into it before starting the site.`,
      );
      return 1;
    }
    console.log('The site can be started.');
    return 0;
  } catch (error) {
    console.error(error instanceof RestoreRefusedError ? `Refused: ${error.message}` : `Restore failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main();
