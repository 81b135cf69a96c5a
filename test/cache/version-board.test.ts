// The version board on its own, over a change feed the test controls: what
// counts as current, what a catch-up costs, and how it stays bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
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
