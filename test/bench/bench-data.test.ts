import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { generate, type Manifest, type Scale } from '../../bench/generate.js';

const TINY: Scale = {
  name: 'tiny',
  users: 30,
  articles: 50,
  comments: 100,
  favorites: 300,
  follows: 100,
  tags: 10,
  readerFollows: 10,
  designatedComments: 20,
};

describe('benchmark data generator (tiny scale)', () => {
  let dir: string;
  let manifest: Manifest;
  let db: Database.Database;
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conduit-bench-data-'));
    manifest = await generate({ path: join(dir, 'tiny.db'), scale: TINY });
    db = new Database(join(dir, 'tiny.db'), { readonly: true });
  });

  after(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('is a sound SQLite database whose foreign keys all hold', () => {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  });

  test('holds exactly the rows asked for', () => {
    assert.equal(count('users'), TINY.users);
    assert.equal(count('articles'), TINY.articles);
    assert.equal(count('comments'), TINY.comments);
    assert.equal(count('favorites'), TINY.favorites);
    assert.equal(count('follows'), TINY.follows);
    assert.equal(count('tags'), TINY.tags);
    const perArticle = db.prepare('SELECT count(*) AS n FROM article_tags GROUP BY article_id').all() as { n: number }[];
    assert.equal(perArticle.length, TINY.articles, 'every article has tags');
    assert.ok(perArticle.every(({ n }) => n >= 1 && n <= 4), '1 to 4 tags per article');
  });

  test('fills every column of the current schema (none left at a default it should have derived)', () => {
    assert.deepEqual(manifest.schemaNotes, [], 'teach bench/generate.ts the new columns');
    const copies = db.prepare("SELECT count(*) AS n FROM pragma_table_info('article_tags') WHERE name = 'article_created_at'").get() as { n: number };
    if (copies.n > 0) {
      const stale = db.prepare('SELECT count(*) AS n FROM article_tags t JOIN articles a ON a.id = t.article_id WHERE t.article_created_at <> a.created_at').get() as {
        n: number;
      };
      assert.equal(stale.n, 0, 'article_tags.article_created_at copies the article date');
    }
  });

  test('keeps each tag’s uses equal to the number of its articles', () => {
    const wrong = db.prepare('SELECT t.id FROM tags t WHERE t.uses <> (SELECT count(*) FROM article_tags a WHERE a.tag_id = t.id)').all();
    assert.deepEqual(wrong, []);
  });

  test('keeps favorites_count equal to the real number of favorites', () => {
    const wrong = db
      .prepare('SELECT a.id FROM articles a WHERE a.favorites_count <> (SELECT count(*) FROM favorites f WHERE f.article_id = a.id)')
      .all();
    assert.deepEqual(wrong, []);
  });

  test('has no self-follows, and the reader follows the asked number of authors', () => {
    assert.equal(count('follows WHERE follower_id = followee_id'), 0);
    const reader = db.prepare('SELECT id FROM users WHERE username = ?').get(manifest.reader.username) as { id: number };
    const followed = db
      .prepare(
        'SELECT count(*) AS n FROM follows f WHERE f.follower_id = ? AND EXISTS (SELECT 1 FROM articles a WHERE a.author_id = f.followee_id)',
      )
      .get(reader.id) as { n: number };
    assert.equal(followed.n, TINY.readerFollows);
    assert.equal(count(`follows WHERE follower_id = ${reader.id}`), TINY.readerFollows);
  });

  test('gives the designated article its comments, and the manifest names real rows', () => {
    const article = db.prepare('SELECT id FROM articles WHERE slug = ?').get(manifest.commentedSlug) as { id: number };
    assert.equal(count(`comments WHERE article_id = ${article.id}`), TINY.designatedComments);
    assert.ok(db.prepare('SELECT 1 FROM users WHERE username = ?').get(manifest.profileUsername));
    assert.ok(db.prepare('SELECT 1 FROM tags WHERE name = ?').get(manifest.popularTag));
  });

  test('gives every article a unique slug and a Markdown body of 1–5 KB, ids in date order', () => {
    const stats = db
      .prepare('SELECT count(DISTINCT slug) AS slugs, min(length(body)) AS shortest, max(length(body)) AS longest FROM articles')
      .get() as { slugs: number; shortest: number; longest: number };
    assert.equal(stats.slugs, TINY.articles);
    assert.ok(stats.shortest >= 1000 && stats.longest <= 5000, `${stats.shortest}..${stats.longest}`);
    const outOfOrder = db.prepare('SELECT count(*) AS n FROM articles a JOIN articles b ON b.id = a.id + 1 WHERE b.created_at <= a.created_at').get() as {
      n: number;
    };
    assert.equal(outOfOrder.n, 0);
  });

  test('is deterministic', async () => {
    const again = await generate({ path: join(dir, 'again.db'), scale: TINY });
    assert.deepEqual(again, manifest);
    const other = new Database(join(dir, 'again.db'), { readonly: true });
    try {
      const digest = (d: Database.Database) =>
        d.prepare("SELECT group_concat(slug || ':' || favorites_count || ':' || length(body), ',') AS s FROM (SELECT * FROM articles ORDER BY id)").get();
      assert.deepEqual(digest(other), digest(db));
    } finally {
      other.close();
    }
  });
});
