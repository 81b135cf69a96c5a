// `npm test`'s integration part: the suite on SQLite and on PostgreSQL at once,
// each file in its own process as `npm run test:unit` and `npm run test:postgres`
// run them alone. Node's runner takes one file at a time on a 2-core machine
// (cores - 1), and a PostgreSQL run waits on its server much of the time, so
// the two side by side keep both cores busy and the whole run shorter.
// SQLite's report is shown as it runs; PostgreSQL's whole once it has ended,
// so the two never interleave. Fails if either fails.
import { spawn } from 'node:child_process';

interface Finished {
  code: number;
  output: string;
}

/** Runs a script under tsx; its output is shown live, or kept and handed back. */
function run(script: string, live: boolean): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

const [sqlite, postgres] = await Promise.all([run('test/run-suite.ts', true), run('test/run-on-postgres.ts', false)]);
console.log('\n==> The same suite on PostgreSQL\n');
process.stdout.write(postgres.output);
console.log(`\n==> SQLite: ${sqlite.code === 0 ? 'passed' : 'FAILED'}; PostgreSQL: ${postgres.code === 0 ? 'passed (or skipped, as said above)' : 'FAILED'}`);
process.exit(sqlite.code === 0 && postgres.code === 0 ? 0 : 1);
