import assert from 'node:assert/strict';
import { test } from 'node:test';
import { everyAsCron } from '../../src/lib/every.js';

test('intervals that divide an hour, a day or a week become cron patterns at a fixed minute', () => {
  const cases: Array<[string, string]> = [
    ['5m', '*/5 * * * *'],
    ['30m', '*/30 * * * *'],
    ['60m', '15 * * * *'],
    ['1h', '15 * * * *'],
    ['6h', '15 */6 * * *'],
    [' 12H ', '15 */12 * * *'],
    ['24h', '15 0 * * *'],
    ['1d', '15 0 * * *'],
    ['7d', '15 0 * * 1'],
    ['1w', '15 0 * * 1'],
  ];
  for (const [text, cron] of cases) assert.equal(everyAsCron(text), cron, text);
});

test('anything else is refused', () => {
  for (const text of ['', '0h', '7h', '45m', '1m', '2d', '2w', '6', 'h', 'six hours', '1.5h', '-6h', '0 */6 * * *']) {
    assert.equal(everyAsCron(text), undefined, JSON.stringify(text));
  }
});
