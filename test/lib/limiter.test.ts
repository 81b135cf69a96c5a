import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Limiter } from '../../src/lib/limiter.js';

test('the limiter never runs more than its concurrency, and runs everything in order', async () => {
  const limiter = new Limiter(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const task = (n: number) =>
    limiter.run(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(n);
      running--;
      return n;
    });
  const results = await Promise.all([1, 2, 3, 4, 5].map(task));
  assert.deepEqual(results, [1, 2, 3, 4, 5]);
  assert.equal(peak, 2);
  assert.deepEqual(order.slice(0, 2).sort(), [1, 2]);
});

test('a failing task frees its place', async () => {
  const limiter = new Limiter(1);
  await assert.rejects(limiter.run(async () => Promise.reject(new Error('boom'))));
  assert.equal(await limiter.run(async () => 'next'), 'next');
});
