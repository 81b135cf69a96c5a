// Memo on its own, over a version board the test moves: what is kept, what is
// rebuilt, and the second-miss admission for long tails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Memo } from '../src/domain/cache/memo.js';
import { VersionBoard } from '../src/domain/cache/versions.js';
import { fakeFeed } from './fake-change-feed.js';

/** A board over a fake feed; `write` stamps a scope and catches up, as a request after a write would. */
function boardWithWrites() {
  const { feed, write: stamp } = fakeFeed();
  const board = new VersionBoard(feed);
  const write = (scope: string) => {
    stamp(scope);
    board.catchUp();
  };
  return { board, write };
}

test('a value is kept until a scope it shows moves, and only its own scopes count', () => {
  const { board, write } = boardWithWrites();
  const memo = new Memo<string>(board, { maxBytes: 1024 * 1024, weigh: (v) => v.length });
  let builds = 0;
  const get = (key: string) => memo.get(key, () => ({ value: `${key}#${++builds}`, deps: [`scope:${key}`] }));
  assert.equal(get('a'), 'a#1');
  assert.equal(get('a'), 'a#1');
  write('scope:b');
  assert.equal(get('a'), 'a#1');
  write('scope:a');
  assert.equal(get('a'), 'a#2');
  assert.equal(builds, 2);
});

test('with second-miss admission a value is kept from its second build on', () => {
  const { board } = boardWithWrites();
  const memo = new Memo<string>(board, { maxBytes: 1024 * 1024, weigh: (v) => v.length, admitOnSecondMiss: true });
  let builds = 0;
  const get = () => memo.get('tail', () => ({ value: `v${++builds}`, deps: [] }));
  get();
  get();
  get();
  get();
  assert.equal(builds, 2, 'built on the first two reads, then kept');
});

test('getMany builds only the missing keys, in one call, and leaves out what is gone', () => {
  const { board, write } = boardWithWrites();
  const memo = new Memo<string>(board, { maxBytes: 1024 * 1024, weigh: (v) => v.length });
  const calls: string[][] = [];
  const build = (missing: string[]) => {
    calls.push(missing);
    return new Map(missing.filter((k) => k !== 'gone').map((k) => [k, { value: k.toUpperCase(), deps: [`scope:${k}`] }]));
  };
  assert.deepEqual(memo.getMany(['a', 'b'], build), ['A', 'B']);
  write('scope:b');
  assert.deepEqual(memo.getMany(['a', 'b', 'c', 'gone'], build), ['A', 'B', 'C', undefined]);
  assert.deepEqual(calls, [['a', 'b'], ['b', 'c', 'gone']]);
});
