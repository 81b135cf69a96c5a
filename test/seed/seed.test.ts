import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { seedDatabase } from '../../src/seed/seed.js';
import { seedPassword } from '../../src/seed/seed-data.js';
import { createTestApp, query, queryOne } from '../support/app.js';
import { Browser } from '../support/web.js';
import { scratchDatabase } from '../support/test-database.js';

const count = async (database: Database, table: string) =>
  (await queryOne<{ n: number }>(database, sql`select count(*) as n from ${sql.identifier(table)}`)).n;

/** `work` on a fresh database of the engine under test, opened as the seed command opens it. */
async function onFreshDatabase(work: (database: Database, config: ReturnType<typeof loadConfig>) => Promise<void>) {
  const scratch = await scratchDatabase();
  try {
    const config = loadConfig({ NODE_ENV: 'test', ...scratch.env });
    const database = await openDatabase(config);
    try {
      await work(database, config);
    } finally {
      await database.close();
    }
  } finally {
    await scratch.drop();
  }
}

test('the seed fills an empty database with a lively, consistent community', async () => {
  await onFreshDatabase(async (database, config) => {
    await seedDatabase(database, config);
    assert.ok((await count(database, 'users')) >= 8);
    assert.ok((await count(database, 'articles')) >= 40);
    assert.ok((await queryOne<{ n: number }>(database, sql`select count(distinct tag_id) as n from article_tags`)).n >= 15);
    assert.ok((await count(database, 'comments')) > 0 && (await count(database, 'follows')) > 0 && (await count(database, 'favorites')) > 0);
    // SQLite checks foreign keys only on connections that turned them on, so look for rows that break one.
    // PostgreSQL always enforces them: a row that broke one could not have been written.
    if (database.engine === 'sqlite') assert.deepEqual(await query(database, sql`pragma foreign_key_check`), []);
    const drift = await queryOne<{ n: number }>(
      database,
      sql`select count(*) as n from articles a where favorites_count <> (select count(*) from favorites f where f.article_id = a.id)`,
    );
    assert.equal(drift.n, 0, 'favorites_count matches the favorites');
    const future = await queryOne<{ n: number }>(database, sql`select count(*) as n from articles where created_at > ${Date.now()}`);
    assert.equal(future.n, 0, 'every article is dated in the past');
  });
});

test('seeding refuses a database that already holds data unless forced', async () => {
  await onFreshDatabase(async (database, config) => {
    await seedDatabase(database, config);
    await assert.rejects(seedDatabase(database, config), /refusing to seed/);
    await seedDatabase(database, config, { force: true });
    assert.ok((await count(database, 'users')) >= 8);
  });
});

test('the demo user johndoe can sign in with the documented password', async () => {
  const t = await createTestApp();
  try {
    await seedDatabase(t.database, t.config);
    const browser = new Browser(t.app);
    const res = await browser.login('john@example.com', seedPassword);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/');
    const home = await browser.get('/');
    assert.match(home.body, /href="\/profile\/johndoe"/);
    assert.equal((home.body.match(/class="article-preview"/g) ?? []).length, 10);
  } finally {
    await t.close();
  }
});
