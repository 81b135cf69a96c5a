// A scheduled article goes live on time, once, whichever runner of which
// instance runs its job, and again only if it was not yet live: a runner
// killed mid-job (its lease runs out, another takes it over) or after the
// commit (the job runs again) publishes nothing twice.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { claimJob } from '../../src/db/claim.js';
import { jobCatalog } from '../../src/jobs/catalog.js';
import { runDue } from '../../src/jobs/runner.js';
import { createArticle, updateArticle } from '../../src/domain/publishing/articles.js';
import { PUBLISH_SCHEDULED, publishScheduled } from '../../src/domain/publishing/scheduled-publishing.js';
import { findUserByUsername } from '../../src/domain/accounts/users.js';
import { TestClock, query, queryOne, twoInstances, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';
import { signedUp } from '../support/web.js';

const MINUTE = 60_000;
const clock = new TestClock(Date.UTC(2026, 11, 7, 9, 0));
let a: TestApp;
let b: TestApp;
let close: () => Promise<void>;
let authorId: number;

before(async () => {
  ({ a, b, close } = await twoInstances({}, { now: clock.now }));
  await signedUp(a.app, 'planner');
  authorId = (await findUserByUsername(a.database.db, 'planner'))!.id;
});
after(() => close());

/** Schedules an article by `planner` for `localTime` (UTC, the default zone); returns its slug. */
async function schedule(title: string, localTime: string): Promise<string> {
  const article = await createArticle(a.app.services, authorId, { title, description: 'd', body: 'b', tagList: ['planned'] }, { kind: 'schedule', localTime });
  return article.slug;
}

const home = async (t: TestApp) => (await t.app.inject('/')).body;
const standing = (slug: string) =>
  queryOne<{ status: string; created_at: number | string }>(a.database, sql`SELECT status, created_at FROM articles WHERE slug = ${slug}`);

test(`runners on two instances put a scheduled article live once, on time (${testEngine})`, async () => {
  const slug = await schedule('Planned pelican', '2026-12-07T10:00');
  const kinds = jobCatalog(a.app.services, a.config);
  const bKinds = jobCatalog(b.app.services, b.config);
  // Both home pages kept before: neither may keep showing the article missing.
  for (const t of [a, b]) for (let i = 0; i < 2; i++) assert.doesNotMatch(await home(t), /Planned pelican/);

  clock.ms = Date.UTC(2026, 11, 7, 9, 59);
  assert.deepEqual(await runDue({ db: a.database.db, kinds, now: clock.now }), [], 'not before its time');
  assert.equal((await standing(slug)).status, 'scheduled');

  clock.ms = Date.UTC(2026, 11, 7, 10, 0, 3);
  const ran = (await Promise.all([runDue({ db: a.database.db, kinds, now: clock.now }), runDue({ db: b.database.db, kinds: bKinds, now: clock.now })])).flat();
  assert.deepEqual(ran.filter((o) => o.name === PUBLISH_SCHEDULED).map((o) => o.result), ['done'], 'one runner ran it');
  const live = await standing(slug);
  assert.equal(live.status, 'published');
  assert.equal(Number(live.created_at), clock.ms, 'dated when it went live');
  for (const t of [a, b]) assert.match(await home(t), /Planned pelican/, 'every instance shows it at once');
  assert.match((await a.app.inject('/tag/planned')).body, /Planned pelican/);

  // The job's work is done: running its handler again (a process killed after its commit, before recording it) changes nothing.
  clock.advance(MINUTE);
  assert.equal(await publishScheduled({ db: b.database.db, now: clock.now }, { article: (await articleId(slug)), at: Date.UTC(2026, 11, 7, 10, 0) }), false);
  assert.equal(Number((await standing(slug)).created_at), Date.UTC(2026, 11, 7, 10, 0, 3));
});

test(`a runner killed mid-job: once its lease runs out another runs it, and it goes live once (${testEngine})`, async () => {
  const slug = await schedule('Planned puffin', '2026-12-07T11:00');
  const kinds = jobCatalog(a.app.services, a.config);
  clock.ms = Date.UTC(2026, 11, 7, 11, 0);
  // Claimed by a runner that then died (kill -9): nothing is recorded, the job stays running under its claim.
  const leases = new Map([...kinds.values()].filter((k) => k.name === PUBLISH_SCHEDULED).map((k) => [k.name, k.leaseMs]));
  const claimed = await claimJob(a.database.db, { leases, token: 'dead-runner', now: clock.ms });
  assert.equal(claimed?.name, PUBLISH_SCHEDULED);
  assert.deepEqual((await runDue({ db: b.database.db, kinds, now: clock.now })).filter((o) => o.name === PUBLISH_SCHEDULED), [], 'not while its lease holds');
  assert.equal((await standing(slug)).status, 'scheduled');

  clock.advance(kinds.get(PUBLISH_SCHEDULED)!.leaseMs + 1);
  const ran = await runDue({ db: b.database.db, kinds, now: clock.now });
  assert.deepEqual(ran.filter((o) => o.name === PUBLISH_SCHEDULED).map((o) => o.result), ['done']);
  assert.equal((await standing(slug)).status, 'published');
  assert.deepEqual(await runDue({ db: a.database.db, kinds, now: clock.now }), [], 'nothing left');
});

test(`rescheduled, turned back into a draft or published by hand: the old job does nothing (${testEngine})`, async () => {
  const slug = await schedule('Planned penguin', '2026-12-07T20:00');
  const kinds = jobCatalog(a.app.services, a.config);
  // Back to a draft, then scheduled later: the first job finds it no longer due at its time.
  await updateArticle(a.app.services, authorId, slug, {}, { kind: 'draft' });
  await updateArticle(a.app.services, authorId, slug, {}, { kind: 'schedule', localTime: '2026-12-07T21:00' });
  clock.ms = Date.UTC(2026, 11, 7, 20, 0);
  const early = await runDue({ db: a.database.db, kinds, now: clock.now });
  assert.deepEqual(early.filter((o) => o.name === PUBLISH_SCHEDULED).map((o) => o.result), ['done']);
  assert.equal((await standing(slug)).status, 'scheduled', 'the old time publishes nothing');
  clock.ms = Date.UTC(2026, 11, 7, 21, 0);
  await runDue({ db: a.database.db, kinds, now: clock.now });
  assert.equal((await standing(slug)).status, 'published');
  const jobs = await query<{ state: string }>(a.database, sql`SELECT state FROM jobs WHERE name = ${PUBLISH_SCHEDULED} AND key LIKE ${`%:${await articleId(slug)}:%`}`);
  assert.deepEqual(jobs.map((j) => j.state), ['done', 'done']);
});

async function articleId(slug: string): Promise<number> {
  return Number((await queryOne<{ id: number }>(a.database, sql`SELECT id FROM articles WHERE slug = ${slug}`)).id);
}
