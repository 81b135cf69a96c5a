// Moving a whole site between the engines with db:copy, both ways, on the
// seed data: every row arrives, a seeded user signs in with their password,
// and a browser signed in before the move is still signed in after it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { COPIED_TABLES, copySite } from '../../src/db/copy.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { searchArticles } from '../../src/domain/discovery/search.js';
import { enqueue } from '../../src/jobs/queue.js';
import { seedPassword, seedUsers } from '../../src/seed/seed-data.js';
import { seedDatabase } from '../../src/seed/seed.js';
import { sql } from 'drizzle-orm';
import { execute, queryOne } from '../support/app.js';
import { Browser, signedInAs } from '../support/web.js';
import { scratchDatabase, testEngine, type ScratchDatabase } from '../support/test-database.js';

// It needs both engines, so it runs in the PostgreSQL pass of the suite.
const skip = testEngine !== 'postgres' && 'needs PostgreSQL: runs in `npm run test:postgres`';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const configFor = (scratch: ScratchDatabase) => loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET, ...scratch.env });

const scratches: ScratchDatabase[] = [];
const opened: Database[] = [];
async function fresh(engine: 'sqlite' | 'postgres') {
  const scratch = await scratchDatabase(engine);
  scratches.push(scratch);
  const config = configFor(scratch);
  const database = await openDatabase(config);
  opened.push(database);
  return { scratch, config, database };
}

/** The articles a search for a word of the seed finds, in order. */
async function searchedSlugs(database: Database): Promise<string[]> {
  return (await searchArticles(database.db, { q: 'shakshuka weeknight', limit: 20, offset: 0 })).articles.map((a) => a.slug);
}

async function rowCounts(database: Database) {
  const counts: Record<string, number> = {};
  for (const name of COPIED_TABLES) counts[name] = await database.db.$count(database.db.t[name]);
  return counts;
}

let sqliteSite: Awaited<ReturnType<typeof fresh>>;
/** A browser signed in on the SQLite site before anything is copied. */
let browser: Browser;
const reader = seedUsers[0]!;

before(async () => {
  if (skip) return;
  sqliteSite = await fresh('sqlite');
  await seedDatabase(sqliteSite.database, sqliteSite.config);
  const app = await buildApp(sqliteSite.config, sqliteSite.database);
  browser = new Browser(app);
  const res = await browser.login(reader.email, seedPassword);
  assert.equal(res.statusCode, 303);
  await app.close();
  // Pending work moves with the site; a kept key still answers after the move.
  await enqueue(sqliteSite.database.db, { name: 'publish', payload: { article: 1 }, key: 'publish:1', runAt: Date.now() + 86_400_000 }, Date.now());
  await enqueue(sqliteSite.database.db, { name: 'publish', payload: { article: 2 } }, Date.now());
  // A fediverse reply and the notification it made, which names the remote account and the reply, not a user.
  const db = sqliteSite.database;
  await execute(db, sql`INSERT INTO remote_actors (uri, handle, host, fetched_at) VALUES ('https://remote.example/users/x', '@x@remote.example', 'remote.example', 1)`);
  await execute(
    db,
    sql`INSERT INTO remote_comments (article_id, actor_id, note_uri, content, approved_at, created_at, updated_at)
        SELECT (SELECT min(id) FROM articles), id, 'https://remote.example/notes/1', '<p>Hi</p>', 1, 1, 1 FROM remote_actors`,
  );
  await execute(
    db,
    sql`INSERT INTO notifications (recipient_id, kind, remote_actor_id, remote_comment_id, article_id, created_at)
        SELECT a.author_id, 'comment', c.actor_id, c.id, a.id, 1 FROM remote_comments c JOIN articles a ON a.id = c.article_id`,
  );
});

after(async () => {
  for (const database of opened) await database.close();
  for (const scratch of scratches) await scratch.drop();
});

/** The copied site, served: the seeded reader signs in with their password, and the old cookie still works. */
async function assertSiteWorks(site: Awaited<ReturnType<typeof fresh>>) {
  const app = await buildApp(site.config, site.database);
  try {
    const stillSignedIn = await browser.on(app).get('/');
    assert.equal(signedInAs(stillSignedIn.body), reader.username, 'the session made before the copy is still signed in');
    const login = await app.inject({
      method: 'POST',
      url: '/api/users/login',
      payload: { user: { email: reader.email, password: seedPassword } },
    });
    assert.equal(login.statusCode, 200, login.body);
    // New rows get ids after the copied ones.
    const token = login.json().user.token as string;
    const created = await app.inject({
      method: 'POST',
      url: '/api/articles',
      headers: { authorization: `Token ${token}` },
      payload: { article: { title: 'Written after the move', description: 'd', body: 'b' } },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await enqueue(site.database.db, { name: 'publish', key: 'publish:1' }, Date.now())).created, false, 'the copied key holds');
    assert.equal((await enqueue(site.database.db, { name: 'publish' }, Date.now())).created, true, 'new jobs get ids after the copied ones');
  } finally {
    await app.close();
  }
}

test('SQLite to PostgreSQL and back: every row arrives and users keep signing in', { skip }, async () => {
  const expected = await rowCounts(sqliteSite.database);
  assert.ok(expected.users! > 5 && expected.articles! > 10 && expected.sessions! > 0, JSON.stringify(expected));

  const postgresSite = await fresh('postgres');
  const progress: string[] = [];
  await copySite(sqliteSite.database, postgresSite.database, { onProgress: ({ table, copied, total }) => copied === total && progress.push(table) });
  assert.deepEqual(await rowCounts(postgresSite.database), expected);
  assert.deepEqual([...new Set(progress)], [...COPIED_TABLES], 'progress is shown for every table');
  const tagUses = async (database: Database) =>
    (await database.db.select({ name: database.db.t.tags.name, uses: database.db.t.tags.uses }).from(database.db.t.tags)).sort((a, b) => (a.name < b.name ? -1 : 1));
  assert.deepEqual(await tagUses(postgresSite.database), await tagUses(sqliteSite.database), 'tag counts are not counted twice');
  const favoriteCounts = async (database: Database) => {
    const { articles } = database.db.t;
    return (await database.db.select({ slug: articles.slug, n: articles.favoritesCount }).from(articles)).sort((a, b) => (a.slug < b.slug ? -1 : 1));
  };
  const favorited = await favoriteCounts(sqliteSite.database);
  assert.ok(favorited.some((a) => a.n > 0), 'the seed has favorites');
  assert.deepEqual(await favoriteCounts(postgresSite.database), favorited, 'favorite counts are not counted twice');

  const back = await fresh('sqlite');
  await copySite(postgresSite.database, back.database);
  assert.deepEqual(await rowCounts(back.database), expected);
  assert.deepEqual(await favoriteCounts(back.database), favorited, 'and back');
  assert.deepEqual(await tagUses(back.database), await tagUses(sqliteSite.database));

  // The search index is not copied but rebuilt by each target's triggers: the same words find the same articles.
  const found = await searchedSlugs(sqliteSite.database);
  assert.ok(found.length > 0, 'the seed has a shakshuka');
  assert.deepEqual(await searchedSlugs(postgresSite.database), found);
  assert.deepEqual(await searchedSlugs(back.database), found);

  await assertSiteWorks(postgresSite);
  await assertSiteWorks(back);
});

test('a source that is empty or at another schema version is refused, and the target left alone', { skip }, async () => {
  const empty = await fresh('sqlite');
  const target = await fresh('postgres');
  await assert.rejects(copySite(empty.database, target.database), /holds no users and no articles/);
  await execute(empty.database, sql`DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)`);
  await assert.rejects(copySite(empty.database, target.database), /another schema version/);
});

test('a target that holds data is refused without --force, and replaced with it', { skip }, async () => {
  const target = await fresh('postgres');
  await copySite(sqliteSite.database, target.database);
  await assert.rejects(copySite(sqliteSite.database, target.database), /already holds data.*--force/);
  await copySite(sqliteSite.database, target.database, { force: true });
  assert.deepEqual(await rowCounts(target.database), await rowCounts(sqliteSite.database));
  const indexed = Number((await queryOne<{ n: number | string }>(target.database, sql`SELECT count(*) AS n FROM article_search`)).n);
  assert.equal(indexed, (await rowCounts(target.database)).articles, 'the replaced articles left the index, the new ones are in it once');
  assert.deepEqual(await searchedSlugs(target.database), await searchedSlugs(sqliteSite.database));
});

test('npm run db:copy shows progress, verifies counts and refuses a non-empty target', { skip }, async () => {
  const target = await scratchDatabase('postgres');
  scratches.push(target);
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/db/copy-command.ts', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const first = run('--from', sqliteSite.config.databasePath, '--to', target.env.DATABASE_URL!);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /articles\s+[\d,]+ \/ [\d,]+/);
  assert.match(first.stdout, /every table's count verified/);
  const again = run('--from', sqliteSite.config.databasePath, '--to', target.env.DATABASE_URL!);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already holds data.*--force/);
  const typo = run('--from', `${sqliteSite.config.databasePath}.typo`, '--to', target.env.DATABASE_URL!, '--force');
  assert.equal(typo.status, 1);
  assert.match(typo.stderr, /Cannot open the source/);
  assert.equal(existsSync(`${sqliteSite.config.databasePath}.typo`), false, 'a mistyped source is not created');
  const usage = run('--from', sqliteSite.config.databasePath);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /Usage: npm run db:copy/);
});
