// Which backups are kept: the newest BACKUP_KEEP, plus the newest of each of
// the last BACKUP_KEEP_DAILY days and BACKUP_KEEP_WEEKLY weeks, counted back
// from an injected now (Sunday 2026-12-06, 21:40 UTC; weeks start on Monday).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retention, type RetentionPolicy } from '../../src/db/backup-retention.js';

const NOW = Date.parse('2026-12-06T21:40:00Z');
const DEFAULTS: RetentionPolicy = { keep: 7, keepDaily: 7, keepWeekly: 4 };

const at = (iso: string) => ({ takenAt: Date.parse(`${iso}Z`), iso });
const daily = (from: string, days: number, time = '03:00') =>
  Array.from({ length: days }, (_, i) => new Date(Date.parse(`${from}T${time}:00Z`) + i * 86_400_000).toISOString().slice(0, 16));

interface Case {
  name: string;
  taken: string[];
  policy?: Partial<RetentionPolicy>;
  kept: string[];
}

const cases: Case[] = [
  { name: 'no backups', taken: [], kept: [] },
  { name: 'fewer than BACKUP_KEEP: all kept', taken: ['2026-12-06T03:00', '2025-01-01T00:00'], kept: ['2026-12-06T03:00', '2025-01-01T00:00'] },
  {
    name: 'one a day for 60 days: the last 7 days, then the newest of each of the 3 weeks before this one',
    taken: daily('2026-10-08', 60),
    kept: [...daily('2026-11-30', 7).reverse(), '2026-11-29T03:00', '2026-11-22T03:00', '2026-11-15T03:00'],
  },
  {
    name: 'every six hours for three days: the newest 7, and the newest of the day before them',
    taken: ['2026-12-04', '2026-12-05', '2026-12-06'].flatMap((day) => ['03', '09', '15', '21'].map((h) => `${day}T${h}:00`)),
    kept: [
      '2026-12-06T21:00',
      '2026-12-06T15:00',
      '2026-12-06T09:00',
      '2026-12-06T03:00',
      '2026-12-05T21:00',
      '2026-12-05T15:00',
      '2026-12-05T09:00',
      '2026-12-04T21:00',
    ],
  },
  {
    name: 'BACKUP_KEEP_DAILY=0 and BACKUP_KEEP_WEEKLY=0: only the newest BACKUP_KEEP',
    taken: daily('2026-12-01', 5),
    policy: { keep: 2, keepDaily: 0, keepWeekly: 0 },
    kept: ['2026-12-05T03:00', '2026-12-04T03:00'],
  },
  {
    name: 'a week starts on Monday (UTC): Sunday night and Monday morning are two weeks',
    taken: ['2026-11-28T12:00', '2026-11-29T23:00', '2026-11-30T01:00'],
    policy: { keep: 1, keepDaily: 0, keepWeekly: 2 },
    kept: ['2026-11-30T01:00', '2026-11-29T23:00'],
  },
  {
    name: 'a day is a UTC day, today counted first: BACKUP_KEEP_DAILY=2 is today and yesterday',
    taken: ['2026-12-04T23:59', '2026-12-05T00:00', '2026-12-05T23:59', '2026-12-06T00:01'],
    policy: { keep: 1, keepDaily: 2, keepWeekly: 0 },
    kept: ['2026-12-06T00:01', '2026-12-05T23:59'],
  },
  {
    name: 'the fourth week back is the last one kept (Monday 9 November on), the week before it goes',
    taken: ['2026-11-08T20:00', '2026-11-09T02:00'],
    policy: { keep: 1, keepDaily: 0, keepWeekly: 4 },
    kept: ['2026-11-09T02:00'],
  },
  {
    name: 'backups resumed after two months: the newest 7 are kept however old',
    taken: daily('2026-10-01', 10),
    kept: daily('2026-10-04', 7).reverse(),
  },
  {
    name: 'dated after now (a clock set back): kept, and the newest before now is still kept as the newest',
    taken: ['2026-12-07T03:00', '2026-12-06T21:40', '2026-12-06T09:00'],
    policy: { keep: 1, keepDaily: 0, keepWeekly: 0 },
    kept: ['2026-12-07T03:00', '2026-12-06T21:40'],
  },
];

for (const { name, taken, policy, kept } of cases) {
  test(name, () => {
    const backups = taken.map(at);
    const result = retention(backups, NOW, { ...DEFAULTS, ...policy });
    assert.deepEqual(
      result.kept.map((k) => k.backup.iso),
      kept,
    );
    assert.equal(result.kept.length + result.removed.length, backups.length, 'every backup is either kept or removed');
    for (const { why } of result.kept) assert.ok(why.length > 0);
  });
}

test('each kept backup says why', () => {
  const { kept } = retention(['2026-12-06T03:00', '2026-12-05T03:00'].map(at), NOW, { keep: 1, keepDaily: 7, keepWeekly: 4 });
  assert.deepEqual(
    kept.map((k) => [k.backup.iso, k.why]),
    [
      ['2026-12-06T03:00', ['among the newest 1', 'newest of its day', 'newest of its week']],
      ['2026-12-05T03:00', ['newest of its day']],
    ],
  );
});
