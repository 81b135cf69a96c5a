// Fedify's key–value store on our database: values round-trip as JSON, a
// time-to-live ends an entry on the store's clock, and a listing by prefix
// finds the key itself and those under it, never a key that only starts with the same text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import '../../src/federation/node20.js';
import { Temporal } from '@js-temporal/polyfill';
import { DatabaseKvStore } from '../../src/federation/kv-store.js';
import { TestClock, createTestApp, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const clock = new TestClock();
/** Array.fromAsync, which Node 20 lacks. */
async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = [];
  for await (const item of items) found.push(item);
  return found;
}
let t: TestApp;
let kv: DatabaseKvStore;
before(async () => {
  t = await createTestApp({}, { now: clock.now });
  kv = new DatabaseKvStore(t.database.db, clock.now);
});
after(() => t.close());

describe(`the federation key–value store (${testEngine})`, () => {
  test('set, get, overwrite and delete', async () => {
    assert.equal(await kv.get(['a']), undefined);
    await kv.set(['a'], { n: 1, list: ['x'] });
    assert.deepEqual(await kv.get(['a']), { n: 1, list: ['x'] });
    await kv.set(['a'], 'two');
    assert.equal(await kv.get(['a']), 'two');
    await kv.delete(['a']);
    assert.equal(await kv.get(['a']), undefined);
  });

  test('an entry with a time-to-live is gone once it has passed', async () => {
    await kv.set(['ttl'], 1, { ttl: Temporal.Duration.from({ seconds: 10 }) });
    clock.advance(9_000);
    assert.equal(await kv.get(['ttl']), 1);
    clock.advance(2_000);
    assert.equal(await kv.get(['ttl']), undefined);
    assert.deepEqual(await all(kv.list(['ttl'])), []);
  });

  test('list by prefix: the key and its children, not its namesakes', async () => {
    await kv.set(['p', 'q'], 1);
    await kv.set(['p', 'q', 'r'], 2);
    await kv.set(['p', 'qq'], 3);
    await kv.set(['p', 'q%'], 4);
    const under = await all(kv.list(['p', 'q']));
    const found = under.map((e) => [e.key, e.value]).sort((x, y) => (x[0] as string[]).length - (y[0] as string[]).length);
    assert.deepEqual(found, [[['p', 'q'], 1], [['p', 'q', 'r'], 2]]);
    assert.equal((await all(kv.list(['p']))).length, 4);
  });
});
