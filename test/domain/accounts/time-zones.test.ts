import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TIME_ZONES, isTimeZone, utcToZoned, zonedToUtc } from '../../../src/domain/accounts/time-zones.js';

test('the zones: UTC first, IANA names known, others refused', () => {
  assert.equal(TIME_ZONES[0], 'UTC');
  assert.ok(isTimeZone('Europe/Paris') && isTimeZone('America/New_York'));
  assert.ok(!isTimeZone('Mars/Olympus') && !isTimeZone('') && !isTimeZone('utc '));
});

test('a wall-clock time in a zone is read as UTC, across daylight saving', () => {
  assert.equal(zonedToUtc('2026-12-24T18:30', 'UTC'), Date.UTC(2026, 11, 24, 18, 30));
  assert.equal(zonedToUtc('2026-12-24T18:30', 'Europe/Paris'), Date.UTC(2026, 11, 24, 17, 30), 'winter: UTC+1');
  assert.equal(zonedToUtc('2026-07-01T18:30', 'Europe/Paris'), Date.UTC(2026, 6, 1, 16, 30), 'summer: UTC+2');
  assert.equal(zonedToUtc('2026-03-08T12:00', 'America/New_York'), Date.UTC(2026, 2, 8, 16, 0), 'the day clocks go forward, after the change');
  assert.equal(zonedToUtc('2026-12-24T05:30', 'Asia/Kolkata'), Date.UTC(2026, 11, 24, 0, 0), 'half-hour offsets');
});

test('what is not a time is refused, and times come back as typed', () => {
  for (const typed of ['', 'tomorrow', '2026-13-01T10:00', '2026-02-30T10:00', '2026-12-24T25:00', '2026-12-24']) assert.equal(zonedToUtc(typed, 'UTC'), undefined, typed);
  assert.equal(utcToZoned(Date.UTC(2026, 11, 24, 17, 30), 'Europe/Paris'), '2026-12-24T18:30');
  assert.equal(utcToZoned(Date.UTC(2026, 6, 1, 16, 30), 'Europe/Paris'), '2026-07-01T18:30');
});
