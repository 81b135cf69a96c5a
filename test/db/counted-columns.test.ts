// articles.favorites_count and tags.uses are kept by the database alone
// (migrations sqlite/0005 and 0008, postgres/0003 and 0004): whatever adds or
// removes the rows they count, the app, a cascade or plain SQL behind the app,
// each count equals its rows. tags.uses counts only the links of articles
// everyone sees: hiding an article takes it out of its tags' counts
// (migrations sqlite/0017, postgres/0013), as does a draft until it goes live (sqlite/0020, postgres/0016).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql, type SQL } from 'drizzle-orm';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { exec, rows } from '../../src/db/sql.js';
import { scratchDatabase, type ScratchDatabase } from '../support/test-database.js';

let scratch: ScratchDatabase;
let database: Database;

const run = (...statements: SQL[]) =>
  database.transaction(async (tx) => {
    for (const statement of statements) await exec(tx, statement);
  });

/** Each article's favorites_count beside its favorites, and each tag's uses beside its links. */
async function counts() {
  const articles = await rows<{ id: number; kept: number; counted: number }>(
    database.db,
    sql`SELECT id, favorites_count AS kept, (SELECT count(*) FROM favorites WHERE article_id = articles.id) AS counted FROM articles ORDER BY id`,
  );
  const tags = await rows<{ id: number; kept: number; counted: number }>(
    database.db,
    sql`SELECT id, uses AS kept, (SELECT count(*) FROM article_tags WHERE tag_id = tags.id AND article_hidden_at IS NULL) AS counted FROM tags ORDER BY id`,
  );
  return { articles: articles.map((a) => [a.id, Number(a.kept), Number(a.counted)]), tags: tags.map((t) => [t.id, Number(t.kept), Number(t.counted)]) };
}

async function assertExact(favorites: Array<[number, number]>, uses: Array<[number, number]>) {
  const now = await counts();
  assert.deepEqual(now.articles, favorites.map(([id, n]) => [id, n, n]), 'favorites_count against the favorites');
  assert.deepEqual(now.tags, uses.map(([id, n]) => [id, n, n]), 'tags.uses against the links of shown articles');
}

before(async () => {
  scratch = await scratchDatabase();
  database = await openDatabase(loadConfig({ NODE_ENV: 'test', ...scratch.env }));
  await run(
    sql`INSERT INTO users (id, username, email, password_hash, created_at, updated_at) VALUES (1, 'ada', 'ada@example.com', 'x', 1, 1), (2, 'bob', 'bob@example.com', 'x', 1, 1), (3, 'cy', 'cy@example.com', 'x', 1, 1)`,
    sql`INSERT INTO articles (id, slug, title, description, body, author_id, created_at, updated_at) VALUES (1, 'one', 'One', 'd', 'b', 1, 1, 1), (2, 'two', 'Two', 'd', 'b', 1, 2, 2), (3, 'three', 'Three', 'd', 'b', 2, 3, 3)`,
    sql`INSERT INTO tags (id, name, created_at) VALUES (1, 'js', 1), (2, 'go', 1)`,
  );
});
after(async () => {
  await database.close();
  await scratch.drop();
});

test('favorites and links added in one statement or many are each counted once', async () => {
  await run(sql`INSERT INTO favorites (user_id, article_id, created_at) VALUES (2, 1, 1), (3, 1, 1), (2, 2, 1)`);
  await run(sql`INSERT INTO favorites (user_id, article_id, created_at) VALUES (3, 3, 1)`);
  await run(sql`INSERT INTO article_tags (article_id, tag_id, article_created_at) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 3)`);
  await assertExact([[1, 2], [2, 1], [3, 1]], [[1, 2], [2, 1]]);
});

test('removed by plain SQL: counted down', async () => {
  await run(sql`DELETE FROM favorites WHERE user_id = 3 AND article_id = 1`, sql`DELETE FROM article_tags WHERE article_id = 2`);
  await assertExact([[1, 1], [2, 1], [3, 1]], [[1, 1], [2, 1]]);
});

test('a deleted account takes its favorites with it (a cascade), and the counts of the articles it favorited follow', async () => {
  await run(sql`DELETE FROM users WHERE id = 3`);
  await assertExact([[1, 1], [2, 1], [3, 0]], [[1, 1], [2, 1]]);
});

test('a deleted article takes its links with it, and its tags count it no more', async () => {
  await run(sql`DELETE FROM articles WHERE id = 3`);
  await assertExact([[1, 1], [2, 1]], [[1, 1], [2, 0]]);
});

test('a failed write leaves every count as it was', async () => {
  await assert.rejects(
    run(sql`INSERT INTO favorites (user_id, article_id, created_at) VALUES (1, 2, 1)`, sql`INSERT INTO favorites (user_id, article_id, created_at) VALUES (1, 99, 1)`),
  );
  await assertExact([[1, 1], [2, 1]], [[1, 1], [2, 0]]);
});

test('a hidden article leaves its tags\' counts, and comes back to them when shown again', async () => {
  await run(sql`INSERT INTO article_tags (article_id, tag_id, article_created_at) VALUES (2, 1, 2), (2, 2, 2)`);
  await assertExact([[1, 1], [2, 1]], [[1, 2], [2, 1]]);
  await run(sql`UPDATE articles SET hidden_at = 5, hidden_reason = 'spam' WHERE id = 2`);
  await assertExact([[1, 1], [2, 1]], [[1, 1], [2, 0]]);
  await run(sql`UPDATE articles SET hidden_reason = 'spam, really' WHERE id = 2`);
  await assertExact([[1, 1], [2, 1]], [[1, 1], [2, 0]]);
  await run(sql`UPDATE articles SET hidden_at = NULL, hidden_reason = NULL WHERE id = 2`);
  await assertExact([[1, 1], [2, 1]], [[1, 2], [2, 1]]);
});

test('a tag given to a hidden article is not counted, nor counted down when it goes', async () => {
  await run(sql`UPDATE articles SET hidden_at = 6 WHERE id = 1`, sql`INSERT INTO article_tags (article_id, tag_id, article_created_at) VALUES (1, 2, 1)`);
  await assertExact([[1, 1], [2, 1]], [[1, 1], [2, 1]]);
  const links = await rows<{ hidden: number | null }>(database.db, sql`SELECT article_hidden_at AS hidden FROM article_tags WHERE article_id = 1 ORDER BY tag_id`);
  assert.deepEqual(links.map((l) => Number(l.hidden)), [6, 6], 'each link carries its article\'s hidden_at');
  await run(sql`DELETE FROM article_tags WHERE article_id = 1 AND tag_id = 2`);
  await assertExact([[1, 1], [2, 1]], [[1, 1], [2, 1]]);
});

test('a hidden article deleted (its links by a cascade) changes no count', async () => {
  await run(sql`DELETE FROM articles WHERE id = 1`);
  await assertExact([[2, 1]], [[1, 1], [2, 1]]);
});

test('a draft is counted in no tag until it goes live, hidden or not meanwhile', async () => {
  await run(
    sql`INSERT INTO articles (id, slug, title, description, body, author_id, created_at, updated_at, status) VALUES (4, 'four', 'Four', 'd', 'b', 1, 4, 4, 'draft')`,
    sql`INSERT INTO article_tags (article_id, tag_id, article_created_at) VALUES (4, 1, 4), (4, 2, 4)`,
  );
  await assertExact([[2, 1], [4, 0]], [[1, 1], [2, 1]]);
  // Hidden and shown again while a draft: still withheld.
  await run(sql`UPDATE articles SET hidden_at = 7 WHERE id = 4`);
  await run(sql`UPDATE articles SET hidden_at = NULL WHERE id = 4`);
  await run(sql`UPDATE articles SET status = 'scheduled', publish_at = 9 WHERE id = 4`);
  await assertExact([[2, 1], [4, 0]], [[1, 1], [2, 1]]);
  await run(sql`UPDATE articles SET status = 'published', publish_at = NULL WHERE id = 4`);
  await assertExact([[2, 1], [4, 0]], [[1, 2], [2, 2]]);
  await run(sql`UPDATE articles SET status = 'draft' WHERE id = 4`);
  await assertExact([[2, 1], [4, 0]], [[1, 1], [2, 1]]);
  await run(sql`DELETE FROM articles WHERE id = 4`);
  await assertExact([[2, 1]], [[1, 1], [2, 1]]);
});
