// The hourly purges (ended sessions, tokens, reset links and counters) and the
// queue's own clean-up are recurring jobs: run here by the runner, on a
// TestClock, from either of two instances.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { noMailer } from '../../src/domain/mail.js';
import { jobCatalog } from '../../src/jobs/catalog.js';
import { FAILED_KEPT_MS, FINISHED_KEPT_MS } from '../../src/jobs/queue.js';
import { runDue } from '../../src/jobs/runner.js';
import { ensureSchedules } from '../../src/jobs/schedules.js';
import { TestClock, execute, query, queryOne, twoInstances, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);
const clock = new TestClock(at('2026-12-06T10:20:00Z'));
let a: TestApp;
let b: TestApp;
let instances: { close(): Promise<void> };

before(async () => ({ a, b, ...instances } = await twoInstances({}, { now: clock.now })));
after(() => instances.close());
beforeEach(async () => {
  clock.ms = at('2026-12-06T10:20:00Z');
  await execute(a.database, sql`DELETE FROM jobs`);
});

describe(`the hourly purges run as jobs (${testEngine})`, () => {
  test('ended sessions, tokens, reset links and counters go; live ones stay', async () => {
    const now = at('2026-12-06T11:00:00Z');
    const idle = a.config.sessionIdleMs;
    await execute(a.database, sql`DELETE FROM users`);
    await execute(a.database, sql`INSERT INTO users (id, username, email, password_hash, created_at, updated_at) VALUES (1, 'ada', 'ada@example.com', 'x', 1, 1)`);
    await execute(
      a.database,
      sql`INSERT INTO sessions (sid, user_id, data, expires_at, last_used_at) VALUES
            ('ended', 1, '{}', ${now - 1}, ${now - HOUR}),
            ('idle', 1, '{}', ${now + DAY}, ${now - idle - 1}),
            ('live', 1, '{}', ${now + DAY}, ${now - HOUR})`,
    );
    await execute(
      a.database,
      sql`INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at, last_used_at) VALUES
            ('ended', 1, 1, ${now - 1}, ${now - HOUR}), ('live', 1, 1, ${now + DAY}, ${now - HOUR})`,
    );
    await execute(
      a.database,
      sql`INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ('ended', 1, 1, ${now - 1}), ('live', 1, 1, ${now + MINUTE})`,
    );
    await execute(a.database, sql`INSERT INTO counters (key, count, reset_at) VALUES ('ended', 3, ${now}), ('live', 3, ${now + 1})`);
    await execute(a.database, sql`INSERT INTO federation_kv (key, value, expires_at) VALUES ('ended', '1', ${now}), ('live', '1', ${now + 1}), ('kept', '1', NULL)`);

    const kinds = jobCatalog({ ...a.app.services, mailer: noMailer }, a.config);
    await ensureSchedules(a.database.db, kinds, clock.ms);
    assert.deepEqual(
      (await runDue({ db: a.database.db, kinds, now: clock.now })).map((o) => o.name),
      [],
      'nothing before the hour',
    );
    clock.ms = now;
    const ran = await runDue({ db: b.database.db, kinds, now: clock.now });
    assert.deepEqual(ran.map((o) => [o.name, o.result]).sort(), [
      ['purge-ended-counters', 'done'],
      ['purge-ended-sign-ins', 'done'],
      ['purge-expired-federation-cache', 'done'],
    ]);
    const left = async (table: string, column: string) =>
      (await query<{ k: string }>(a.database, sql`SELECT ${sql.identifier(column)} AS k FROM ${sql.identifier(table)} ORDER BY 1`)).map((r) => r.k);
    assert.deepEqual(await left('sessions', 'sid'), ['live']);
    assert.deepEqual(await left('api_tokens', 'token_hash'), ['live']);
    assert.deepEqual(await left('password_resets', 'token_hash'), ['live']);
    assert.deepEqual(await left('counters', 'key'), ['live']);
    assert.deepEqual(await left('federation_kv', 'key'), ['kept', 'live']);
    const next = await query<{ name: string; run_at: number }>(a.database, sql`SELECT name, run_at FROM jobs WHERE state = 'waiting' ORDER BY name`);
    assert.deepEqual(
      next.map((n) => [n.name, new Date(Number(n.run_at)).toISOString()]),
      [
        ['purge-ended-counters', '2026-12-06T12:00:00.000Z'],
        ['purge-ended-sign-ins', '2026-12-06T12:00:00.000Z'],
        ['purge-expired-federation-cache', '2026-12-06T12:00:00.000Z'],
        ['purge-finished-jobs', '2026-12-07T03:30:00.000Z'],
      ],
    );
  });

  test('finished jobs go once past their keeping time: done after a week, failed after a month', async () => {
    const now = at('2026-12-07T03:30:00Z');
    await execute(
      a.database,
      sql`INSERT INTO jobs (name, key, payload, state, run_at, attempts, created_at, finished_at) VALUES
            ('old-done', NULL, 'null', 'done', 1, 1, 1, ${now - FINISHED_KEPT_MS - 1}),
            ('recent-done', NULL, 'null', 'done', 1, 1, 1, ${now - FINISHED_KEPT_MS + HOUR}),
            ('old-failed', NULL, 'null', 'failed', 1, 5, 1, ${now - FAILED_KEPT_MS - 1}),
            ('week-old-failed', NULL, 'null', 'failed', 1, 5, 1, ${now - FINISHED_KEPT_MS - 1}),
            ('ancient-waiting', NULL, 'null', 'waiting', 1, 0, 1, NULL)`,
    );
    const kinds = jobCatalog({ ...a.app.services, mailer: noMailer }, a.config);
    await ensureSchedules(a.database.db, kinds, clock.ms);
    clock.ms = now;
    const ran = await runDue({ db: a.database.db, kinds, now: clock.now });
    assert.ok(ran.some((o) => o.name === 'purge-finished-jobs' && o.result === 'done'));
    const names = await query<{ name: string }>(
      a.database,
      sql`SELECT name FROM jobs WHERE name NOT LIKE 'purge-%' ORDER BY name`,
    );
    assert.deepEqual(
      names.map((n) => n.name),
      ['ancient-waiting', 'recent-done', 'week-old-failed'],
    );
    const { n } = await queryOne<{ n: number }>(a.database, sql`SELECT count(*) AS n FROM jobs WHERE name = 'ancient-waiting' AND state = 'waiting'`);
    assert.equal(Number(n), 1, 'a job of a kind this version does not know waits, untouched');
  });
});
