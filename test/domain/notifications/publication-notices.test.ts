// A new article's followers are told by a job, never in the request: one job
// row per article, batches of notifications, the same result when run again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { FAN_OUT_BATCH, fanOutPublicationNotices, publicationNoticesDone } from '../../../src/domain/notifications/publication-notices.js';
import { jobCatalog } from '../../../src/jobs/catalog.js';
import { runDue } from '../../../src/jobs/runner.js';
import { TestClock, execute, queryOne, twoInstances, type TestApp } from '../../support/app.js';
import { publish, signedUp, type Browser } from '../../support/web.js';

const clock = new TestClock();
let pair: Awaited<ReturnType<typeof twoInstances>>;
let t: TestApp;
let author: Browser;
const FOLLOWERS = FAN_OUT_BATCH + 20;

before(async () => {
  pair = await twoInstances({}, { now: clock.now });
  t = pair.a;
  author = await signedUp(t.app, 'writer');
  // Followers made in plain SQL: the fan-out is what is under test, not sign-up.
  const values = Array.from({ length: FOLLOWERS }, (_, i) => sql`(${1000 + i}, ${`reader${i}`}, ${`reader${i}@example.com`}, 'x', 1, 1)`);
  await execute(t.database, sql`INSERT INTO users (id, username, email, password_hash, created_at, updated_at) VALUES ${sql.join(values, sql`, `)}`);
  await execute(
    t.database,
    sql`INSERT INTO follows (follower_id, followee_id, created_at) SELECT id, (SELECT id FROM users WHERE username = 'writer'), 1 FROM users WHERE id >= 1000`,
  );
  // One follower blocks the writer: they hear nothing.
  await execute(t.database, sql`INSERT INTO user_controls (owner_id, target_id, kind, created_at) SELECT 1000, id, 'block', 1 FROM users WHERE username = 'writer'`);
});
after(() => pair.close());

const count = async (statement: ReturnType<typeof sql>) => Number((await queryOne<{ n: number | string }>(t.database, statement)).n);

test('publishing enqueues one job and notifies nobody; the job tells every follower once, on whichever instance runs it', async () => {
  const slug = await publish(author, { title: 'Fan out' });
  const articleId = await count(sql`SELECT id AS n FROM articles WHERE slug = ${slug}`);
  assert.equal(await count(sql`SELECT count(*) AS n FROM notifications`), 0);
  assert.equal(await count(sql`SELECT count(*) AS n FROM jobs WHERE name = 'publication-notices'`), 1);

  // Both instances run what is due at once: the job is claimed by one.
  await Promise.all([
    runDue({ db: t.database.db, kinds: jobCatalog(t.app.services, t.config), now: clock.now }),
    runDue({ db: pair.b.database.db, kinds: jobCatalog(pair.b.app.services, pair.b.config), now: clock.now }),
  ]);
  assert.ok(await publicationNoticesDone(t.database.db, articleId));
  assert.equal(await count(sql`SELECT count(*) AS n FROM notifications WHERE kind = 'publication' AND article_id = ${articleId}`), FOLLOWERS - 1);

  // Run again, as after a process died mid-way: nothing is added.
  const authorId = await count(sql`SELECT id AS n FROM users WHERE username = 'writer'`);
  assert.equal(await fanOutPublicationNotices(t.database.db, { articleId, authorId }, clock.now), 0);
  assert.equal(await count(sql`SELECT count(*) AS n FROM notifications`), FOLLOWERS - 1);
});
