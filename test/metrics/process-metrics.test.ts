// One server process's metrics, wired as src/server.ts wires them, read back through the
// Prometheus text format: route templates, statuses, cache hits, statement times, jobs,
// and the database-wide gauges. The cluster's sum of them is test/metrics/cluster-metrics.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { takeBackup } from '../../src/db/backup.js';
import { writeQueuedNotifications } from '../../src/domain/notifications/notification-queue.js';
import { jobKinds } from '../../src/jobs/kinds.js';
import { enqueue } from '../../src/jobs/queue.js';
import { runDue } from '../../src/jobs/runner.js';
import { gaugeSources } from '../../src/metrics/gauge-sources.js';
import { startProcessMetrics, type ProcessMetrics } from '../../src/metrics/process-metrics.js';
import { api, postArticle, signUp } from '../support/api.js';
import { createTestApp, execute, TestClock, type TestApp } from '../support/app.js';
import { parseMetrics, samples, total } from '../support/prometheus.js';
import { testEngine } from '../support/test-database.js';

const clock = new TestClock(Date.parse('2026-12-07T09:00:00Z'));
let t: TestApp;
let metrics: ProcessMetrics;
let backupDir: string;

before(async () => {
  metrics = startProcessMetrics();
  t = await createTestApp({}, { now: clock.now, metrics });
  backupDir = mkdtempSync(join(tmpdir(), 'conduit-metrics-backups-'));
  metrics.readFrom(gaugeSources(t.database.db, backupDir, clock.now));
});
after(async () => {
  await t.close();
  rmSync(backupDir, { recursive: true, force: true });
});
beforeEach(() => metrics.registry.resetMetrics());

const scrape = async () => parseMetrics(await metrics.registry.metrics());

describe(`one process's metrics (${testEngine})`, () => {
  test('requests are counted by method, route template and status, and timed by method and route', async () => {
    const token = await signUp(t.app, 'metrics_author');
    const article = await postArticle(t.app, token, { title: 'Counted by its route' });
    for (let i = 0; i < 3; i++) assert.equal((await t.app.inject(`/article/${article.slug}`)).statusCode, 200);
    for (let i = 0; i < 2; i++) assert.equal((await t.app.inject(`/article/no-such-article-${i}`)).statusCode, 404);
    assert.equal((await api(t.app)(`/articles/${article.slug}`)).statusCode, 200);
    assert.equal((await t.app.inject('/wp-admin/setup.php')).statusCode, 404);
    assert.equal((await t.app.inject('/.env')).statusCode, 404);

    const families = await scrape();
    assert.equal(total(families, 'http_requests_total', { method: 'GET', route: '/article/:slug', status: '200' }), 3);
    assert.equal(total(families, 'http_requests_total', { method: 'GET', route: '/article/:slug', status: '404' }), 2);
    assert.equal(total(families, 'http_requests_total', { method: 'GET', route: '/api/articles/:slug', status: '200' }), 1);
    assert.equal(total(families, 'http_requests_total', { method: 'POST', route: '/api/articles', status: '201' }), 1);
    // URLs nobody routes share one label, so scanners cannot grow the series without bound.
    assert.equal(total(families, 'http_requests_total', { route: '(unmatched)', status: '404' }), 2);
    const routes = new Set(samples(families, 'http_requests_total').map((sample) => sample.labels.route));
    assert.ok(![...routes].some((route) => route?.includes('no-such-article') || route?.includes('wp-admin')), [...routes].join(', '));

    assert.equal(families.types.get('http_request_duration_seconds'), 'histogram');
    assert.equal(total(families, 'http_request_duration_seconds_count', { method: 'GET', route: '/article/:slug' }), 5);
    const [timed] = samples(families, 'http_request_duration_seconds_sum', { method: 'GET', route: '/article/:slug' });
    assert.ok(timed && timed.value > 0, 'the requests took some time');
    assert.deepEqual(Object.keys(timed.labels).sort(), ['method', 'route'], 'no status label on the histogram');
  });

  test('every statement is timed, on this engine', async () => {
    assert.equal((await t.app.inject('/')).statusCode, 200);
    const families = await scrape();
    assert.equal(families.types.get('conduit_db_query_duration_seconds'), 'histogram');
    const statements = total(families, 'conduit_db_query_duration_seconds_count');
    assert.ok(statements >= 1, `${statements} statements timed for the home page`);
    assert.ok(total(families, 'conduit_db_query_duration_seconds_sum') > 0);
  });

  test('the public page cache and the memos count hits and misses under their names', async () => {
    const token = await signUp(t.app, 'cached_author');
    const { slug } = await postArticle(t.app, token, { title: 'Read three times' });
    metrics.registry.resetMetrics();
    // Kept from its second miss (the doorkeeper), then served from the cache. (The API: a new
    // author's article page is never kept whole, its links' rel changing with the author's age.)
    for (let i = 0; i < 3; i++) assert.equal((await api(t.app)(`/articles/${slug}`)).statusCode, 200);
    for (let i = 0; i < 3; i++) assert.equal((await t.app.inject(`/tag/metrics`)).statusCode, 200);
    let families = await scrape();
    assert.equal(total(families, 'conduit_cache_requests_total', { cache: 'public-api', result: 'miss' }), 2);
    assert.equal(total(families, 'conduit_cache_requests_total', { cache: 'public-api', result: 'hit' }), 1);
    assert.equal(total(families, 'conduit_cache_requests_total', { cache: 'public-pages', result: 'miss' }), 2);
    assert.equal(total(families, 'conduit_cache_requests_total', { cache: 'public-pages', result: 'hit' }), 1);

    // A signed-in reader is never served a shared page; the article itself comes from a memo.
    metrics.registry.resetMetrics();
    for (let i = 0; i < 3; i++) assert.equal((await api(t.app)(`/articles/${slug}`, { token })).statusCode, 200);
    families = await scrape();
    assert.equal(total(families, 'conduit_cache_requests_total', { cache: 'public-api' }), 0);
    const articles = total(families, 'conduit_cache_requests_total', { cache: 'articles' });
    assert.ok(articles >= 3, `${articles} lookups of the articles memo`);
    assert.ok(total(families, 'conduit_cache_requests_total', { cache: 'articles', result: 'hit' }) >= 1, 'a kept article is a hit');
    const results = new Set(samples(families, 'conduit_cache_requests_total').map((s) => s.labels.result));
    assert.ok([...results].every((r) => r === 'hit' || r === 'miss'), `results: ${[...results].join(', ')}`);
  });

  test('jobs are counted by name and outcome, and the jobs due but unclaimed are a gauge', async () => {
    await execute(t.database, sql`DELETE FROM jobs`);
    const kinds = jobKinds([
      { name: 'metrics:works', run: async () => {} },
      {
        name: 'metrics:breaks',
        maxAttempts: 2,
        run: async () => {
          throw new Error('broken on purpose');
        },
      },
    ]);
    const db = t.database.db;
    await enqueue(db, { name: 'metrics:works', payload: {} }, clock.ms);
    await enqueue(db, { name: 'metrics:works', payload: {} }, clock.ms);
    await enqueue(db, { name: 'metrics:breaks', payload: {} }, clock.ms);
    await enqueue(db, { name: 'metrics:works', payload: {}, runAt: clock.ms + 60_000 }, clock.ms);
    // Three are due; the fourth waits for its time.
    assert.equal(total(await scrape(), 'conduit_jobs_waiting'), 3);

    const runner = { db, kinds, now: clock.now, random: () => 0.5, onOutcome: metrics.countJob };
    await runDue(runner);
    let families = await scrape();
    assert.equal(total(families, 'conduit_jobs_total', { job: 'metrics:works', outcome: 'done' }), 2);
    assert.equal(total(families, 'conduit_jobs_total', { job: 'metrics:breaks', outcome: 'retry' }), 1);
    assert.equal(total(families, 'conduit_jobs_waiting'), 0, 'the retry waits for its time');

    clock.advance(60 * 60_000);
    assert.equal(total(await scrape(), 'conduit_jobs_waiting'), 2, 'the retry and the later job are due');
    await runDue(runner);
    families = await scrape();
    assert.equal(total(families, 'conduit_jobs_total', { job: 'metrics:breaks', outcome: 'failed' }), 1);
    assert.equal(total(families, 'conduit_jobs_total', { job: 'metrics:works', outcome: 'done' }), 3);
    assert.equal(total(families, 'conduit_jobs_waiting'), 0);
  });

  test('how long the oldest queued notification has waited is a gauge, 0 when none waits', async () => {
    await execute(t.database, sql`DELETE FROM notification_queue`);
    assert.equal(total(await scrape(), 'conduit_notifications_queue_age_seconds'), 0);
    await signUp(t.app, 'queued-one');
    await signUp(t.app, 'queued-two');
    // Rows no writer took, as when every process's writer is stuck: the oldest sets the age.
    await execute(
      t.database,
      sql`INSERT INTO notification_queue (event, actor_id, recipient_id, queued_at)
          SELECT 'follow', b.id, a.id, ${clock.ms - 90_000} FROM users a, users b WHERE a.username = 'queued-one' AND b.username = 'queued-two'`,
    );
    await execute(
      t.database,
      sql`INSERT INTO notification_queue (event, actor_id, recipient_id, queued_at)
          SELECT 'follow', b.id, a.id, ${clock.ms - 5_000} FROM users a, users b WHERE a.username = 'queued-two' AND b.username = 'queued-one'`,
    );
    assert.equal(total(await scrape(), 'conduit_notifications_queue_age_seconds'), 90);
    await writeQueuedNotifications(t.database.db, clock.now);
    assert.equal(total(await scrape(), 'conduit_notifications_queue_age_seconds'), 0);
  });

  test('the last good backup is a timestamp in seconds, 0 before there is one', async () => {
    assert.equal(total(await scrape(), 'conduit_backup_last_success_timestamp_seconds'), 0);
    const settings = { ...t.config, backup: { ...t.config.backup, dir: backupDir } };
    const first = await takeBackup(settings, clock.now);
    clock.advance(60_000);
    const second = await takeBackup(settings, clock.now);
    assert.notEqual(first.takenAt, second.takenAt);
    assert.equal(total(await scrape(), 'conduit_backup_last_success_timestamp_seconds'), Date.parse(second.takenAt) / 1000);
  });

  test("Node's own process metrics are there", async () => {
    const families = await scrape();
    for (const name of ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']) {
      assert.ok(families.types.has(name), `${name} is reported`);
    }
  });
});
