import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { deleteCounter, hitCounter, purgeExpiredCounters, readCounter } from '../../src/db/counters.js';
import { TooManyAttemptsError } from '../../src/domain/errors.js';
import { LoginThrottle } from '../../src/domain/accounts/login-throttle.js';
import { api } from '../support/api.js';
import { createTestApp, query, type TestApp } from '../support/app.js';
import { Browser, errorMessages } from '../support/web.js';

const PASSWORD = 'correct horse battery staple';

/** Two instances of the app on one database, as two worker processes would be. */
interface TwoProcesses {
  first: TestApp;
  a: FastifyInstance;
  b: FastifyInstance;
  databaseB: Database;
  close(): Promise<void>;
}

async function twoProcesses(env: Record<string, string>): Promise<TwoProcesses> {
  const first = await createTestApp(env);
  const databaseB = await openDatabase(first.config);
  try {
    const b = await buildApp(first.config, databaseB);
    await b.ready();
    return {
      first,
      a: first.app,
      b,
      databaseB,
      async close() {
        await b.close();
        await databaseB.close();
        await first.close();
      },
    };
  } catch (error) {
    await databaseB.close();
    await first.close();
    throw error;
  }
}

/** One browser (one cookie jar) whose requests go to instance A or B, as behind a load balancer. */
function browsers(pair: TwoProcesses): { onA: Browser; onB: Browser } {
  const onA = new Browser(pair.a);
  const onB = new Browser(pair.b);
  onB.cookies = onA.cookies;
  return { onA, onB };
}

const apiLogin = (app: FastifyInstance, email: string, password: string) =>
  api(app)('/users/login', { method: 'POST', body: { user: { email, password } } });

/** The counters by key, in byte order (sorted here: PostgreSQL's ORDER BY would follow the server's locale). */
async function counterRows(database: Database): Promise<Array<{ key: string; count: number }>> {
  const rows = await query<{ key: string; count: number }>(database, sql`SELECT key, count FROM counters`);
  return rows.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

describe('the per-address rate limit is shared by every process', () => {
  test('sign-in page: POSTs spread over two instances hit 429 after the limit in total', async () => {
    const pair = await twoProcesses({ AUTH_RATE_LIMIT: '3' });
    try {
      const { onA, onB } = browsers(pair);
      await onA.get('/login');
      const form = { _csrf: onA.csrf(), email: 'who@example.com', password: 'whatever it is' };
      for (const [i, browser] of [onA, onB, onA].entries()) {
        assert.equal((await browser.post('/login', form)).statusCode, 422, `attempt ${i + 1}`);
      }
      for (const browser of [onB, onA]) {
        const limited = await browser.post('/login', form);
        assert.equal(limited.statusCode, 429);
        assert.match(limited.body, /Too many attempts/i);
        const retryAfter = Number(limited.headers['retry-after']);
        assert.ok(retryAfter > 0 && retryAfter <= 60, `retry-after ${retryAfter}`);
      }
      // Each limited route keeps its own count, as before: sign-up is still open.
      assert.equal((await onB.post('/register', { _csrf: form._csrf })).statusCode, 422);
    } finally {
      await pair.close();
    }
  });

  test('API: logins spread over two instances hit 429 after the limit, per route', async () => {
    const pair = await twoProcesses({ AUTH_RATE_LIMIT: '3' });
    try {
      for (const [i, app] of [pair.a, pair.b, pair.a].entries()) {
        assert.equal((await apiLogin(app, 'who@example.com', 'whatever1')).statusCode, 401, `attempt ${i + 1}`);
      }
      const limited = await apiLogin(pair.b, 'who@example.com', 'whatever1');
      assert.equal(limited.statusCode, 429);
      assert.deepEqual(Object.keys(limited.json().errors), ['request']);
      assert.equal((await apiLogin(pair.a, 'who@example.com', 'whatever1')).statusCode, 429);
      // Sign-up through the API and the sign-in page count separately.
      assert.equal((await api(pair.b)('/users', { method: 'POST', body: { user: {} } })).statusCode, 422);
      const page = new Browser(pair.b);
      await page.get('/login');
      assert.equal((await page.post('/login', { _csrf: page.csrf(), email: 'who@example.com', password: 'x' })).statusCode, 422);

      assert.deepEqual(
        (await counterRows(pair.first.database))
          .map((row) => row.key)
          .filter((key) => key.startsWith('rate:')),
        ['rate:POST /api/users/login:127.0.0.1', 'rate:POST /api/users:127.0.0.1', 'rate:POST /login:127.0.0.1'],
      );
    } finally {
      await pair.close();
    }
  });

  test('a new window starts once the old one has ended', async (ctx) => {
    ctx.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const pair = await twoProcesses({ AUTH_RATE_LIMIT: '2' });
    try {
      const attempt = (app: FastifyInstance) => apiLogin(app, 'who@example.com', 'whatever1');
      assert.equal((await attempt(pair.a)).statusCode, 401);
      assert.equal((await attempt(pair.b)).statusCode, 401);
      ctx.mock.timers.tick(59 * 1000);
      const limited = await attempt(pair.a);
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.headers['retry-after'], '1');
      ctx.mock.timers.tick(1000);
      assert.equal((await attempt(pair.b)).statusCode, 401);
      assert.equal((await attempt(pair.a)).statusCode, 401);
      assert.equal((await attempt(pair.b)).statusCode, 429);
    } finally {
      await pair.close();
    }
  });
});

describe('the per-account sign-in pause is shared by every process', () => {
  test('failures on instance A pause sign-in on instance B, for the page and the API', async () => {
    const pair = await twoProcesses({ LOGIN_FAILURES_PER_ADDRESS: '3' });
    try {
      assert.equal((await new Browser(pair.a).register('carol')).statusCode, 303);
      assert.equal((await new Browser(pair.a).login('carol@example.com', 'wrong password 1')).statusCode, 422);
      assert.equal((await apiLogin(pair.a, 'carol@example.com', 'wrong password 2')).statusCode, 401);
      assert.equal((await new Browser(pair.a).login('CAROL@example.com', 'wrong password 3')).statusCode, 422);

      const page = await new Browser(pair.b).login('carol@example.com', PASSWORD);
      assert.equal(page.statusCode, 429);
      assert.match(errorMessages(page.body)[0] ?? '', /too many failed sign-ins/i);
      assert.ok(Number(page.headers['retry-after']) > 0);

      const json = await apiLogin(pair.b, 'carol@example.com', PASSWORD);
      assert.equal(json.statusCode, 429);
      assert.deepEqual(Object.keys(json.json().errors), ['credentials']);
      assert.ok(Number(json.headers['retry-after']) > 0);

      // Other accounts are not affected on either instance.
      assert.equal((await new Browser(pair.b).register('dave')).statusCode, 303);
      assert.equal((await apiLogin(pair.a, 'dave@example.com', PASSWORD)).statusCode, 200);
    } finally {
      await pair.close();
    }
  });

  test('a successful sign-in on one instance clears the count for all', async () => {
    const pair = await twoProcesses({ LOGIN_FAILURES_PER_ADDRESS: '3' });
    try {
      assert.equal((await new Browser(pair.a).register('erin')).statusCode, 303);
      for (const signInOn of [pair.b, pair.a]) {
        assert.equal((await apiLogin(pair.a, 'erin@example.com', 'nope nope')).statusCode, 401);
        assert.equal((await new Browser(pair.b).login('erin@example.com', 'nope nope')).statusCode, 422);
        assert.equal((await apiLogin(signInOn, 'erin@example.com', PASSWORD)).statusCode, 200);
      }
    } finally {
      await pair.close();
    }
  });

  test('two throttles over one database pause together and resume when the window ends', async () => {
    const pair = await twoProcesses({});
    try {
      const limits = { perAddress: 2, perAccount: 100, pauseMs: 1000 };
      const onA = new LoginThrottle(pair.first.database.db, limits);
      const onB = new LoginThrottle(pair.databaseB.db, limits);
      const ip = '192.0.2.1';
      await onA.attempt('f@x.com', ip, 0);
      await onB.attempt(' F@x.com', ip, 20);
      await assert.rejects(
        onA.attempt('f@x.com', ip, 400),
        (e: unknown) => e instanceof TooManyAttemptsError && e.retryAfterSeconds === 1,
      );
      await assert.rejects(onB.attempt('f@x.com', ip, 999));
      await onB.attempt('f@x.com', ip, 1000); // the first attempt of a new window
      await onA.attempt('f@x.com', ip, 1001);
      await assert.rejects(onB.attempt('f@x.com', ip, 1002));
      await onB.succeed('F@X.com', ip, 1003);
      await onA.attempt('f@x.com', ip, 1004);
    } finally {
      await pair.close();
    }
  });
});

describe('counters (domain)', () => {
  test('one count across two connections; a new window once the old one has ended', async () => {
    const pair = await twoProcesses({});
    try {
      const [dbA, dbB] = [pair.first.database.db, pair.databaseB.db];
      assert.deepEqual(await hitCounter(dbA, 'test:k', 1000, 5000), { count: 1, resetAt: 6000 });
      assert.deepEqual(await hitCounter(dbB, 'test:k', 1000, 5500), { count: 2, resetAt: 6000 });
      assert.deepEqual(await hitCounter(dbA, 'test:k', 1000, 5999), { count: 3, resetAt: 6000 });
      assert.deepEqual(await readCounter(dbB, 'test:k', 5999), { count: 3, resetAt: 6000 });
      assert.equal(await readCounter(dbB, 'test:k', 6000), undefined, 'an ended window reads as none');
      assert.deepEqual(await hitCounter(dbB, 'test:k', 1000, 6000), { count: 1, resetAt: 7000 });
      assert.deepEqual(await hitCounter(dbA, 'test:other', 1000, 6000), { count: 1, resetAt: 7000 });
      await deleteCounter(dbA, 'test:k');
      assert.equal(await readCounter(dbB, 'test:k', 6001), undefined);
      assert.deepEqual(await readCounter(dbB, 'test:other', 6001), { count: 1, resetAt: 7000 });
    } finally {
      await pair.close();
    }
  });

  test('expired counters are purged, live ones kept', async () => {
    const t = await createTestApp();
    try {
      const { db } = t.database;
      const now = 1_000_000;
      await hitCounter(db, 'test:ended', 1000, now - 2000);
      await hitCounter(db, 'test:ends-now', 1000, now - 1000);
      await hitCounter(db, 'test:live', 1000, now - 999);
      assert.equal(await purgeExpiredCounters(db, now), 2);
      assert.deepEqual(await counterRows(t.database), [{ key: 'test:live', count: 1 }]);
    } finally {
      await t.close();
    }
  });
  // It runs hourly as a job, and once after the site was down: test/jobs/schedules.test.ts.
});
