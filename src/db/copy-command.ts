// `npm run db:copy -- --from <sqlite file or postgres:// URL> --to <…> [--force]`:
// moves a whole site between engines (or between two databases of one engine).
import { parseArgs } from 'node:util';
import { copySite, CopyRefusedError } from './copy.js';
import type { Database } from './database.js';
import { openDatabase } from './open.js';

const usage = 'Usage: npm run db:copy -- --from <sqlite file or postgres:// URL> --to <sqlite file or postgres:// URL> [--force]';

function settingsFor(where: string, readOnly: boolean) {
  return /^postgres(ql)?:\/\//.test(where) ? { databaseUrl: where, databasePath: '', databasePoolMax: 2, readOnly } : { databasePath: where, readOnly };
}

async function main(): Promise<number> {
  let values: { from?: string; to?: string; force?: boolean };
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
    return 2;
  }
  if (!values.from || !values.to) {
    console.error(usage);
    return 2;
  }
  if (values.from === values.to) {
    console.error('--from and --to are the same database.');
    return 2;
  }

  const opened: Database[] = [];
  try {
    // The source is only read, as it is: a mistyped path fails instead of becoming an empty database.
    const source = await openDatabase(settingsFor(values.from, true)).catch((error: unknown) => {
      throw new CopyRefusedError(`Cannot open the source ${values.from}: ${error instanceof Error ? error.message : String(error)}`);
    });
    opened.push(source);
    const target = await openDatabase(settingsFor(values.to, false));
    opened.push(target);
    console.log(`Copying ${source.description} → ${target.description}`);
    const started = Date.now();
    let last = '';
    const { counts, countsRepaired } = await copySite(source, target, {
      force: values.force ?? false,
      onProgress: ({ table, copied, total }) => {
        const line = `  ${table.padEnd(15)} ${copied.toLocaleString('en')} / ${total.toLocaleString('en')}`;
        if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
        else if (copied === total && line !== last) console.log(line);
        if (process.stdout.isTTY && copied === total) process.stdout.write('\n');
        last = line;
      },
    });
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${rows.toLocaleString('en')} rows, every table's count verified.`);
    if (countsRepaired > 0) console.log(`${countsRepaired} kept counts (favorites per article, uses per tag) differed from their rows in the source; they were counted again.`);
    return 0;
  } catch (error) {
    console.error(error instanceof CopyRefusedError ? error.message : error);
    return 1;
  } finally {
    for (const database of opened) await database.close();
  }
}

process.exitCode = await main();
