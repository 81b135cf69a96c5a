// `node --import tsx bench/notification-write-floor.ts [--dataset=path.db] [--rows=6000] [--rounds=2]`:
// what writing out one queued notification costs, in process, on SQLite: with the schema as it is,
// then with parts of it taken away, down to what a stored notification cannot do without (its row,
// and the unique index that keeps a re-run from writing it twice). Beside a favorite's or comment's
// own server CPU time (bench/notifications-http.ts), this is the floor issue 21's "within 10 %" meets
// (bench/README.md, "2026-12-07 (5)").
//
// Each case runs on a fresh copy of a data set that holds notifications: `--dataset` names one
// (made with bench/past-notifications.ts), or the large bench data set gets them first (a few
// minutes). `--rows` favorites (or comments, each inserted first) on as many random articles, by
// someone other than the author, are queued 25 at a time, as requests queue them, and written out
// by the app's own writeQueuedNotifications; CPU time is the whole process's (the WAL checkpoint
// thread included), per row. Cases alternate within each round; the median round is shown. Prints JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { writeQueuedNotifications } from '../src/domain/notifications/notification-queue.js';
import { openSqlite } from '../src/db/sqlite.js';
import { copyDatabase, ensureDataset, LARGE } from './datasets.js';
import { log } from './driver.js';
import { addPastNotifications } from './past-notifications.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    rows: { type: 'string', default: '6000' },
    rounds: { type: 'string', default: '2' },
  },
});
const ROWS = Number(values.rows);
const ROUNDS = Number(values.rounds);
/** As the notification writer's batches (QUEUE_BATCH): each gathering is written out before the next is queued. */
const GATHERING = 25;

/** What each case takes away from the schema, as statements run on its copy before it opens. */
const CASES: Array<{ name: string; drop: string[] }> = [
  { name: 'as it is', drop: [] },
  { name: 'without the inbox stamp (trigger)', drop: ['DROP TRIGGER notifications_insert_versions'] },
  { name: 'without the actor index', drop: ['DROP INDEX notifications_actor_idx'] },
  { name: 'without the article and comment indexes', drop: ['DROP INDEX notifications_article_idx', 'DROP INDEX notifications_comment_idx'] },
  {
    name: 'the inbox’s own: table, unique and unread indexes',
    drop: ['DROP TRIGGER notifications_insert_versions', 'DROP INDEX notifications_actor_idx', 'DROP INDEX notifications_article_idx', 'DROP INDEX notifications_comment_idx'],
  },
  {
    name: 'the floor: table and unique index',
    drop: [
      'DROP TRIGGER notifications_insert_versions',
      'DROP INDEX notifications_actor_idx',
      'DROP INDEX notifications_article_idx',
      'DROP INDEX notifications_comment_idx',
      'DROP INDEX notifications_unread_idx',
    ],
  },
];
type Kind = 'favorite' | 'comment';

interface Figure {
  cpuUs: number;
  wallUs: number;
}

const work = mkdtempSync(join(tmpdir(), 'conduit-bench-notify-floor-'));

async function source(): Promise<string> {
  if (values.dataset) return values.dataset;
  const { path } = await ensureDataset(LARGE, log);
  const prepared = join(work, 'with-notifications.db');
  copyDatabase(path, prepared);
  log('adding past notifications to a copy of the data set…');
  log(`it holds ${(await addPastNotifications(prepared)).toLocaleString('en')}`);
  return prepared;
}

/** One case, one kind, on a fresh copy: CPU and wall time per row written out, in µs. */
async function measure(from: string, drop: string[], kind: Kind): Promise<Figure> {
  const path = join(work, 'case.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  copyDatabase(from, path);
  const raw = new Database(path);
  const held = raw.prepare('SELECT count(*) FROM notifications').pluck().get() as number;
  if (held < 100_000) throw new Error(`${from} holds ${held} notifications: make it with bench/past-notifications.ts, or leave out --dataset`);
  for (const statement of drop) raw.exec(statement);
  const articles = raw.prepare('SELECT id, author_id AS author FROM articles ORDER BY random() LIMIT ?').all(ROWS) as Array<{ id: number; author: number }>;
  const users = raw.prepare('SELECT max(id) FROM users').pluck().get() as number;
  const now = Date.now();
  const addComment = raw.prepare('INSERT INTO comments (article_id, author_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const events = articles.map(({ id, author }) => {
    const actor = (author % users) + 1; // anyone but the author
    const comment = kind === 'comment' ? Number(addComment.run(id, actor, 'Well said.', now, now).lastInsertRowid) : null;
    return [kind, actor, author, id, comment, now] as const;
  });
  const queue = raw.prepare('INSERT INTO notification_queue (event, actor_id, recipient_id, article_id, comment_id, queued_at) VALUES (?, ?, ?, ?, ?, ?)');
  const database = openSqlite(path);
  let cpu = 0;
  let wall = 0;
  let written = 0;
  try {
    for (let i = 0; i < events.length; i += GATHERING) {
      for (const event of events.slice(i, i + GATHERING)) queue.run(...event);
      const cpuBefore = process.cpuUsage();
      const wallBefore = performance.now();
      written += await writeQueuedNotifications(database.db, () => Date.now());
      wall += performance.now() - wallBefore;
      const used = process.cpuUsage(cpuBefore);
      cpu += (used.user + used.system) / 1000;
    }
  } finally {
    raw.close();
    await database.close();
  }
  if (written !== events.length) throw new Error(`wrote out ${written} of ${events.length}`);
  return { cpuUs: Math.round((1000 * cpu) / written), wallUs: Math.round((1000 * wall) / written) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const from = await source();
  const before = loadavg();
  const runs = new Map<string, Figure[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const { name, drop } of CASES) {
      for (const kind of ['favorite', 'comment'] as const) {
        const figure = await measure(from, drop, kind);
        log(`round ${round}, ${name}, ${kind}: ${figure.cpuUs} µs CPU (${figure.wallUs} µs wall) a notification`);
        runs.set(`${name}|${kind}`, [...(runs.get(`${name}|${kind}`) ?? []), figure]);
      }
    }
  }
  const figure = (name: string, kind: Kind) => {
    const all = runs.get(`${name}|${kind}`)!;
    return { cpuUs: median(all.map((f) => f.cpuUs)), wallUs: median(all.map((f) => f.wallUs)), rounds: all.map((f) => f.cpuUs) };
  };
  const round1 = (xs: number[]) => xs.map((x) => Math.round(x * 10) / 10);
  console.log(
    JSON.stringify(
      {
        rows: ROWS,
        rounds: ROUNDS,
        loadAverage: { before: round1(before), after: round1(loadavg()) },
        cases: CASES.map(({ name }) => ({ name, favorite: figure(name, 'favorite'), comment: figure(name, 'comment') })),
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
