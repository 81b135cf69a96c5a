// The version board on its own, over a change feed the test controls: what
// counts as current, what a catch-up costs, and how it stays bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { everything } from '../../src/cache/scopes.js';
import { VersionBoard } from '../../src/cache/version-board.js';
import { fakeFeed } from '../support/fake-change-feed.js';

test('a thing built before a scope moved is stale; one built after is current', async () => {
  const { feed, write } = fakeFeed(10);
  const board = new VersionBoard(feed);
  await board.catchUp();
  assert.equal(board.seen, 10, 'starts from the newest stamp there is');
  const before = board.seen;
  write('article:1');
  assert.ok(board.isCurrent(['article:1'], before), 'not yet caught up: nothing is known to have moved');
  await board.catchUp();
  assert.equal(board.seen, 11);
  assert.equal(board.isCurrent(['article:1'], before), false);
  assert.equal(board.isCurrent(['article:2', 'user:1'], before), true, 'other scopes are untouched');
  assert.equal(board.isCurrent(['article:1'], board.seen), true);
});

test('nothing committed: a catch-up asks for no changes', async () => {
  const { feed, write, queries } = fakeFeed();
  const board = new VersionBoard(feed);
  await board.catchUp();
  await board.catchUp();
  assert.equal(queries.since, 0);
  write('list');
  await board.catchUp();
  await board.catchUp();
  assert.equal(queries.since, 1);
});

test('past the scopes it remembers, everything built before counts as stale once', async () => {
  const { feed, write } = fakeFeed();
  const board = new VersionBoard(feed);
  await board.catchUp();
  const early = board.seen;
  write('article:0');
  await board.catchUp();
  const built = board.seen;
  for (let i = 1; i <= 50_001; i++) write(`article:${i}`);
  await board.catchUp();
  assert.equal(board.isCurrent(['tags'], built), false, 'built before the board forgot: stale, whatever it shows');
  assert.equal(board.isCurrent(['article:0'], early), false);
  assert.equal(board.isCurrent(['tags'], board.seen), true, 'built since: current');
  write('article:7');
  await board.catchUp();
  assert.equal(board.isCurrent(['article:7'], board.seen - 1), false, 'still tracks what moves next');
});

test('a stamp on everything (a restore) retires whatever was built before it, scopes no stamp names included', async () => {
  const { feed, write } = fakeFeed(10);
  const board = new VersionBoard(feed);
  await board.catchUp();
  let computes = 0;
  const tagNames = board.derive('tag-names', ['tags'], async () => [`computed ${++computes}`], (a, b) => a[0] === b[0]);
  assert.deepEqual(await tagNames(), ['computed 1']);
  const before = board.seen;
  write(everything);
  write('article:1');
  await board.catchUp();
  assert.equal(board.seen, 12);
  for (const deps of [['article:1'], ['article:99'], ['user:5', 'list'], ['tag-names']]) {
    assert.equal(board.isCurrent(deps, before), false, `${deps.join(', ')}, built before the restore, is stale`);
  }
  assert.equal(board.isCurrent(['article:99'], 11), true, 'built after it, at its stamp: current');
  assert.equal(board.isCurrent(['article:1'], 11), false, 'and what moved after it still counts');
  assert.deepEqual(await tagNames(), ['computed 2'], 'derived values are computed again');
});

// Concurrency: a catch-up that fails, catch-ups queued behind one another, and
// derived values recomputed inside a catch-up. The feed's reads are held or
// failed on the test's word, so every interleaving below is deterministic.

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** A board over a fake feed at stamp 10, caught up once (as the first request does). */
async function startedBoard() {
  const fake = fakeFeed(10);
  const board = new VersionBoard(fake.feed);
  await board.catchUp();
  return { board, ...fake };
}

test('a catch-up whose stamp read fails loses nothing: the next one applies the change, though the feed no longer says so', async () => {
  const { board, write, failNext, queries } = await startedBoard();
  const before = board.seen;
  write('article:1');
  failNext('since', new Error('connection lost'));
  await assert.rejects(board.catchUp(), /connection lost/);
  assert.equal(board.seen, 10, 'nothing applied');
  // The feed's signal was used up by the failed catch-up; nothing else is committed.
  const retry = board.catchUpQuickly();
  assert.ok(retry, 'the next catch-up reads the stamps whatever the feed says');
  await retry;
  assert.equal(board.seen, 11);
  assert.equal(board.isCurrent(['article:1'], before), false);
  const reads = queries.since;
  assert.equal(board.catchUpQuickly(), undefined, 'then back to free catch-ups');
  await board.catchUp();
  assert.equal(queries.since, reads);
});

test('a first catch-up whose newest-stamp read fails is tried again by the next', async () => {
  const { feed, write, failNext } = fakeFeed(10);
  const board = new VersionBoard(feed);
  failNext('latest');
  await assert.rejects(board.catchUp(), /latest failed/);
  await board.catchUp();
  assert.equal(board.seen, 10);
  write('article:1');
  await board.catchUp();
  assert.equal(board.seen, 11);
});

test('a commit landing while the first catch-up reads the newest stamp is applied by the next', async () => {
  const { feed, write, hold } = fakeFeed(10);
  const board = new VersionBoard(feed);
  const held = hold('latest');
  const first = board.catchUp();
  await held.reached;
  write('article:1');
  held.release();
  await first;
  assert.equal(board.seen, 10, 'the newest stamp when it was read');
  await board.catchUp();
  assert.equal(board.seen, 11);
  assert.equal(board.isCurrent(['article:1'], 10), false);
});

test('a call made while a catch-up runs waits for the next one, which starts after it and sees what the caller could; callers meanwhile share it', async () => {
  const { board, write, hold, queries } = await startedBoard();
  write('article:1');
  const held = hold('since');
  const running = board.catchUp();
  await held.reached;
  write('article:2'); // committed after the running catch-up read the stamps
  const waiting = board.catchUp();
  assert.equal(board.catchUp(), waiting, 'one queued catch-up for every caller meanwhile');
  assert.equal(board.catchUpQuickly(), waiting);
  assert.equal(queries.since, 1, 'the queued catch-up does not start while the first runs');
  let runningDone = false;
  void running.then(() => (runningDone = true));
  const doneAfterRunning = waiting.then(() => runningDone);
  held.release();
  await running;
  assert.equal(board.seen, 11, 'the running catch-up applied what it read');
  assert.equal(await doneAfterRunning, true);
  assert.equal(board.seen, 12, 'the queued one sees the commit made before it was called');
  assert.equal(board.isCurrent(['article:2'], 11), false);
  assert.equal(queries.since, 2, 'one read for all the queued callers');
});

test('a catch-up queued behind one that fails still resolves and applies the change; so do later ones', async () => {
  const { board, write, hold } = await startedBoard();
  const before = board.seen;
  write('article:1');
  const held = hold('since');
  const failing = board.catchUp();
  await held.reached;
  const queued = board.catchUp();
  held.fail(new Error('connection lost'));
  await assert.rejects(failing, /connection lost/);
  await queued;
  assert.equal(board.seen, 11, 'the queued catch-up applied what the failed one was reading');
  assert.equal(board.isCurrent(['article:1'], before), false);

  // The failure is not handed to callers of any later catch-up.
  write('article:2');
  const held2 = hold('since');
  const running = board.catchUp();
  await held2.reached;
  const next = board.catchUp();
  held2.release();
  await running;
  await next;
  assert.equal(board.seen, 12);
});

test('a derived value is recomputed before its catch-up publishes the new stamp: no reader gets the new stamp with the old value', async () => {
  const { board, write } = await startedBoard();
  let compute = async () => ['a'];
  const tagNames = board.derive('tagNames', ['tags'], () => compute(), sameList);
  assert.deepEqual(await tagNames(), ['a']);

  const asked = deferred<void>();
  const recomputed = deferred<string[]>();
  compute = () => {
    asked.resolve();
    return recomputed.promise;
  };
  write('tags');
  const catchingUp = board.catchUp();
  await asked.promise;
  // A response built meanwhile: its stamp is taken before it reads, as Memo does.
  const builtAt = board.seen;
  const shown = await tagNames();
  recomputed.resolve(['a', 'b']);
  await catchingUp;

  assert.deepEqual(shown, ['a'], 'the old list while the new one is computed');
  assert.equal(board.isCurrent(['tagNames'], builtAt), false, 'so what was built then is stale');
  assert.deepEqual(await tagNames(), ['a', 'b']);
  assert.equal(board.isCurrent(['tagNames'], board.seen), true);
});

test('a derived value that did not change leaves its scope alone; one that changed moves it', async () => {
  const { board, write } = await startedBoard();
  let list = ['a'];
  let computes = 0;
  const tagNames = board.derive('tagNames', ['tags'], async () => (computes++, [...list]), sameList);
  let neverAsked = 0;
  board.derive('popularTags', ['tags'], async () => (neverAsked++, []), sameList);
  assert.deepEqual(await tagNames(), ['a']);
  assert.equal(computes, 1);

  const built = board.seen;
  write('tags');
  await board.catchUp();
  assert.equal(computes, 2, 'recomputed during the catch-up');
  assert.equal(board.isCurrent(['tags'], built), false);
  assert.equal(board.isCurrent(['tagNames'], built), true, 'the same list: its scope did not move');

  list = ['a', 'b'];
  const built2 = board.seen;
  write('tags');
  await board.catchUp();
  assert.equal(computes, 3);
  assert.equal(board.isCurrent(['tagNames'], built2), false, 'a new list: its scope moved');
  assert.deepEqual(await tagNames(), ['a', 'b']);
  assert.equal(computes, 3, 'the recomputed list is the one handed out');

  write('article:1');
  await board.catchUp();
  assert.equal(computes, 3, 'not recomputed when none of its sources moved');
  assert.equal(neverAsked, 0, 'a value never asked for is not computed by a catch-up');
});

test('a failed recompute: the catch-up still applies its stamps, what showed the old value is stale, and it is computed again when next asked', async () => {
  const { board, write } = await startedBoard();
  let computes = 0;
  let compute = async () => ['a'];
  const tagNames = board.derive('tagNames', ['tags'], () => (computes++, compute()), sameList);
  assert.deepEqual(await tagNames(), ['a']);
  const built = board.seen;

  compute = async () => {
    throw new Error('connection lost');
  };
  write('tags');
  await board.catchUp();
  assert.equal(computes, 2);
  assert.equal(board.seen, 11, 'the stamps were applied');
  assert.equal(board.isCurrent(['tags'], built), false);
  assert.equal(board.isCurrent(['tagNames'], built), false, 'whatever showed the old list is stale');

  compute = async () => ['a', 'b'];
  assert.deepEqual(await tagNames(), ['a', 'b'], 'computed again when next asked');
  assert.equal(computes, 3);
  assert.deepEqual(await tagNames(), ['a', 'b']);
  assert.equal(computes, 3, 'then kept');

  write('article:1');
  await board.catchUp();
  assert.equal(board.seen, 12, 'later catch-ups work');
});
