import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connection.js';
import { seedDatabase } from '../src/seed/seed.js';
import { seedPassword } from '../src/seed/seed-data.js';
import { Browser, createTestApp } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'conduit-seed-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const count = (db: ReturnType<typeof openDatabase>, table: string) =>
  (db.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

test('the seed fills an empty database with a lively, consistent community', async () => {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: join(dir, 'a.db') });
  const database = openDatabase(config.databasePath);
  await seedDatabase(database, config);
  assert.ok(count(database, 'users') >= 8);
  assert.ok(count(database, 'articles') >= 40);
  assert.ok((database.sqlite.prepare('select count(distinct tag_id) as n from article_tags').get() as { n: number }).n >= 15);
  assert.ok(count(database, 'comments') > 0 && count(database, 'follows') > 0 && count(database, 'favorites') > 0);
  assert.deepEqual(database.sqlite.prepare('pragma foreign_key_check').all(), []);
  const drift = database.sqlite
    .prepare('select count(*) as n from articles a where favorites_count <> (select count(*) from favorites f where f.article_id = a.id)')
    .get() as { n: number };
  assert.equal(drift.n, 0, 'favorites_count matches the favorites');
  const future = database.sqlite.prepare('select count(*) as n from articles where created_at > ?').get(Date.now()) as { n: number };
  assert.equal(future.n, 0, 'every article is dated in the past');
  database.close();
});

test('seeding refuses a database that already holds data unless forced', async () => {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: join(dir, 'b.db') });
  const database = openDatabase(config.databasePath);
  await seedDatabase(database, config);
  await assert.rejects(seedDatabase(database, config), /refusing to seed/);
  await seedDatabase(database, config, { force: true });
  assert.ok(count(database, 'users') >= 8);
  database.close();
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
