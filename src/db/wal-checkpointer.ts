import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite from 'better-sqlite3';

/**
 * Folds SQLite's WAL back into the database file from a thread of its own, so
 * no request pays for it (docs/decisions/0055). SQLite's own checkpoint runs
 * in the connection that commits the 1 000th page: that request then copies
 * every page the last thousand wrote into the file and waits for two fsyncs.
 * Measured on the large bench data set, that was more than half of what a
 * favorite's transaction cost, and most of what its notification added.
 *
 * The thread has its own connection and runs a PASSIVE checkpoint every
 * EVERY_MS: it never takes the write lock nor waits for a reader, and copies
 * only what is committed, so durability is what WAL with synchronous=NORMAL
 * gave before (a commit is in the WAL when COMMIT returns; kill -9 loses
 * nothing). The writer keeps a checkpoint of its own at BACKSTOP_PAGES,
 * should the thread fall behind or stop.
 */
const EVERY_MS = 100;
/** Write transactions before the thread starts: a test's or a command's database keeps SQLite's own checkpoints. */
export const START_AFTER_COMMITS = 100;
/** WAL pages at which the committing connection checkpoints after all (SQLite's default is 1 000). */
export const BACKSTOP_PAGES = 32_000;
/**
 * WAL pages at which the thread also makes the WAL start over (RESTART). PASSIVE alone never
 * does: under steady writes some commit always lands after it, so the WAL only grew until the
 * backstop checkpointed inside a request's COMMIT (15 ms, every second or so at 800 writes/s).
 */
export const RESTART_PAGES = 16_000;
const SQLITE_DEFAULT_PAGES = 1_000;

// CommonJS, evaluated by the worker as it is: no build step, no loader.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
// timeout 0: RESTART below holds the write lock while it looks for readers, so it must never wait for one.
const db = new Database(workerData.path, { timeout: 0 });
db.pragma('synchronous = NORMAL');
// SQLite reports how many of the WAL's frames are folded so far, not how many this call folded: the frames of
// this WAL already counted, so each is counted once (a WAL that started over holds fewer frames than before).
let counted = 0;
let frames = 0;
const fold = (mode) => {
  const [result] = db.pragma('wal_checkpoint(' + mode + ')');
  if (result.log < frames) counted = 0;
  frames = Math.max(result.log, 0);
  if (result.checkpointed > counted) parentPort.postMessage({ folded: result.checkpointed - counted });
  counted = Math.max(counted, result.checkpointed);
  return result;
};
const timer = setInterval(() => {
  if (fold('PASSIVE').log < workerData.restartPages) return;
  // Folded up to a few commits ago: RESTART folds those too, then (no reader left in the WAL) lets the next
  // commit write from the start of the file again. Busy (a write or a read under way): the next tick tries again.
  if (fold('RESTART').busy === 0) parentPort.postMessage({ restarted: 1 });
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  /** Called after each COMMIT of the writer: starts the thread once the database is being written to. */
  committed(): void;
  /** Pages the thread has copied into the file so far (what tests can see of it). */
  readonly pagesFolded: number;
  /** Times the thread has emptied the WAL so that writing starts again at its beginning. */
  readonly restarts: number;
  /** Stops the thread, waiting for a checkpoint under way to finish. */
  stop(): Promise<void>;
}

export function walCheckpointer(writer: BetterSqlite.Database, path: string): WalCheckpointer {
  let commits = 0;
  let pagesFolded = 0;
  let restarts = 0;
  let thread: Worker | undefined;
  const start = () => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    thread = new Worker(THREAD, { eval: true, workerData: { path, driver, everyMs: EVERY_MS, restartPages: RESTART_PAGES } });
    thread.on('message', (message: { folded?: number; restarted?: number }) => {
      pagesFolded += message.folded ?? 0;
      restarts += message.restarted ?? 0;
    });
    // The thread died (it cannot open the file, say): the writer checkpoints as SQLite does by default.
    thread.on('error', () => undefined);
    thread.once('exit', () => {
      thread = undefined;
      if (writer.open) writer.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
    });
    // A process that forgets to close its database still exits. Last: a 'message' listener added after unref()
    // refs the thread again, and such a process never ended.
    thread.unref();
    writer.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  };
  return {
    committed() {
      if (++commits === START_AFTER_COMMITS) start();
    },
    get pagesFolded() {
      return pagesFolded;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      commits = Number.NEGATIVE_INFINITY; // never again, for a database being closed
      const running = thread;
      if (!running) return;
      running.ref(); // this process now waits for it
      const exited = once(running, 'exit');
      running.postMessage('stop');
      await exited;
    },
  };
}
