// `npm run jobs`: the job queue, readable in a terminal.
// `npm run jobs -- run-due`: runs what is due now, in this process, and exits; with mail configured
// (SMTP_URL, or the development outbox) the notification mail and digests too, and it waits for their mail.
import { loadConfigOrExit } from '../config.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open.js';
import { siteMailer } from '../mail/site-mailer.js';
import { createServices } from '../services.js';
import { jobCatalog } from './catalog.js';
import type { JobKinds } from './kinds.js';
import { FINISHED_KEPT_MS, listJobs, type JobRow } from './queue.js';
import { runDue, type JobOutcome } from './runner.js';

const usage = 'Usage: npm run jobs [-- run-due]';
/** Done jobs shown under the open ones. */
const DONE_SHOWN = 20;

/** A time as a terminal shows it: UTC, to the second. */
const shownTime = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19));
const firstLine = (text: string, width: number) => {
  const line = text.split('\n')[0] ?? '';
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
};

function note(job: JobRow, kinds: JobKinds): string {
  if (!kinds.has(job.name)) return 'no such kind in this version: it waits for one that has it';
  if (job.state === 'running') return `by ${job.claimedBy ?? '?'} until ${shownTime(job.leaseUntil)}`;
  return job.lastError ? firstLine(job.lastError, 72) : '';
}

async function list(database: Database, kinds: JobKinds): Promise<number> {
  const { jobs, counts } = await listJobs(database.db, { done: DONE_SHOWN });
  const header = ['ID', 'KIND', 'STATE', 'RUN AT (UTC)', 'TRIES', 'NOTE'];
  const rows = jobs.map((job) => [
    String(job.id),
    job.name,
    job.state,
    shownTime(job.runAt),
    `${job.attempts}/${kinds.get(job.name)?.maxAttempts ?? '?'}`,
    note(job, kinds),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  const shownDone = Math.min(counts.done, DONE_SHOWN);
  console.log(
    `\n${counts.waiting} waiting, ${counts.running} running, ${counts.failed} failed, ${counts.done} done` +
      `${counts.done > shownDone ? ` (the latest ${shownDone} shown)` : ''}; done jobs are kept ${FINISHED_KEPT_MS / 86_400_000} days.`,
  );
  return 0;
}

function describe(outcome: JobOutcome): string {
  const what = `#${outcome.id} ${outcome.name} (attempt ${outcome.attempt})`;
  const error = outcome.error ? `: ${firstLine(outcome.error, 100)}` : '';
  switch (outcome.result) {
    case 'done':
      return `${what}: done`;
    case 'retry':
      return `${what}: failed, retried at ${shownTime(outcome.retryAt ?? null)} UTC${error}`;
    case 'failed':
      return `${what}: failed for good${error}`;
    case 'released':
      return `${what}: given back unfinished`;
    case 'lost':
      return `${what}: finished after another runner had taken it over`;
  }
}

async function runDueNow(database: Database, kinds: JobKinds): Promise<number> {
  // This process's own clock: the command runs outside any test.
  const outcomes = await runDue({ db: database.db, kinds, now: Date.now });
  if (outcomes.length === 0) console.log('Nothing was due.');
  for (const outcome of outcomes) console.log(describe(outcome));
  return outcomes.every((outcome) => outcome.result === 'done') ? 0 : 1;
}

async function main(args: string[]): Promise<number> {
  const command = args.length === 0 ? 'list' : args.length === 1 && args[0] === 'run-due' ? 'run-due' : undefined;
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    console.log(usage);
    return 0;
  }
  if (!command) {
    console.error(usage);
    return 2;
  }
  const config = loadConfigOrExit();
  const database = await openDatabase(config);
  // The server's mailer: without it the mail kinds would not exist here, and their jobs would wait for a server.
  const services = createServices(config, database, { mailer: siteMailer(config, { error: (fields, message) => console.error(message, fields) }) });
  try {
    const kinds = jobCatalog(services, config);
    return command === 'list' ? await list(database, kinds) : await runDueNow(database, kinds);
  } finally {
    // Mail is handed over after the job's mark moved: exiting first would lose it.
    await services.mailer.settled();
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
