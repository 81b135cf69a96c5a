// Memo on its own, over a version board the test moves: what is kept, what is
// rebuilt, and the second-miss admission for long tails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listenToLookups, type LookupResult } from '../../src/cache/lookups.js';
import { Memo, memoFor } from '../../src/cache/memo.js';
import { VersionBoard } from '../../src/cache/version-board.js';
import { fakeFeed } from '../support/fake-change-feed.js';

/**
 * A board over a fake feed, caught up once (as the first request does); `write`
 * stamps a scope and catches up, as a request after a write would.
 */
async function boardWithWrites() {
  const { feed, write: stamp } = fakeFeed();
  const board = new VersionBoard(feed);
  await board.catchUp();
  const write = async (scope: string) => {
    stamp(scope);
    await board.catchUp();
  };
  return { board, write };
}

test('a value is kept until a scope it shows moves, and only its own scopes count', async () => {
  const { board, write } = await boardWithWrites();
  const memo = new Memo<string>(board, { name: 'test', maxBytes: 1024 * 1024, weigh: (v) => v.length });
  let builds = 0;
  const get = (key: string) => memo.get(key, async () => ({ value: `${key}#${++builds}`, deps: [`scope:${key}`] }));
  assert.equal(await get('a'), 'a#1');
  assert.equal(await get('a'), 'a#1');
  await write('scope:b');
  assert.equal(await get('a'), 'a#1');
  await write('scope:a');
  assert.equal(await get('a'), 'a#2');
  assert.equal(builds, 2);
});

test('with second-miss admission a value is kept from its second build on', async () => {
  const { board } = await boardWithWrites();
  const memo = new Memo<string>(board, { name: 'test', maxBytes: 1024 * 1024, weigh: (v) => v.length, admitOnSecondMiss: true });
  let builds = 0;
  const get = () => memo.get('tail', async () => ({ value: `v${++builds}`, deps: ['scope:tail'] }));
  await get();
  await get();
  await get();
  await get();
  assert.equal(builds, 2, 'built on the first two reads, then kept');
});

test('a value that shows no scope is answered but never kept: no write could retire it', async () => {
  const { board } = await boardWithWrites();
  const memo = new Memo<string>(board, { name: 'test', maxBytes: 1024 * 1024, weigh: (v) => v.length });
  let builds = 0;
  for (let i = 0; i < 3; i++) assert.equal(await memo.get('blind', async () => ({ value: `v${++builds}`, deps: [] })), `v${builds}`);
  assert.equal(builds, 3);
  const built: string[] = [];
  const buildBlind = async (missing: string[]) => {
    built.push(...missing);
    return new Map(missing.map((k) => [k, { value: k, deps: [] }]));
  };
  assert.deepEqual(await memo.getMany(['x', 'y'], buildBlind), ['x', 'y']);
  assert.deepEqual(await memo.getMany(['x', 'y'], buildBlind), ['x', 'y']);
  assert.deepEqual(built, ['x', 'y', 'x', 'y'], 'getMany builds them again too');
});

test('getMany builds only the missing keys, in one call, and leaves out what is gone', async () => {
  const { board, write } = await boardWithWrites();
  const memo = new Memo<string>(board, { name: 'test', maxBytes: 1024 * 1024, weigh: (v) => v.length });
  const calls: string[][] = [];
  const build = async (missing: string[]) => {
    calls.push(missing);
    return new Map(missing.filter((k) => k !== 'gone').map((k) => [k, { value: k.toUpperCase(), deps: [`scope:${k}`] }]));
  };
  assert.deepEqual(await memo.getMany(['a', 'b'], build), ['A', 'B']);
  await write('scope:b');
  assert.deepEqual(await memo.getMany(['a', 'b', 'c', 'gone'], build), ['A', 'B', 'C', undefined]);
  assert.deepEqual(calls, [['a', 'b'], ['b', 'c', 'gone']]);
});

test('every lookup is reported under the memo\'s name, as a hit or a miss', async (t) => {
  const heard: Array<[string, LookupResult]> = [];
  listenToLookups((cache, result) => heard.push([cache, result]));
  t.after(() => listenToLookups(undefined));
  const { board, write } = await boardWithWrites();
  const memo = new Memo<string>(board, { name: 'greetings', maxBytes: 1024 * 1024, weigh: (v) => v.length });
  const build = async () => ({ value: 'hello', deps: ['article:1'] });
  await memo.get('a', build);
  await memo.get('a', build);
  await write('article:1');
  await memo.getMany(['a', 'b'], async (missing) => new Map(missing.map((key) => [key, { value: key, deps: ['article:1'] }])));
  assert.deepEqual(heard, [
    ['greetings', 'miss'],
    ['greetings', 'hit'],
    ['greetings', 'miss'],
    ['greetings', 'miss'],
  ]);
});

test('two memos may not share a name: their lookups would count as one cache', () => {
  memoFor<string>({ name: 'only-once', maxBytes: 1024, weigh: (v) => v.length });
  assert.throws(() => memoFor<string>({ name: 'only-once', maxBytes: 1024, weigh: (v) => v.length }), /two memos are named only-once/);
});
