// Full-text search: what it finds, in which order, and that the database keeps
// the index in step with every write, on both engines. Words are chosen so both
// engines see them alike (no stop words, no stems that differ: docs/decisions/0018).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type SQL } from 'drizzle-orm';
import { RANKED_MATCHES, searchArticles, type SearchQuery } from '../../../src/domain/discovery/search.js';
import { searchTerms } from '../../../src/domain/discovery/search-terms.js';
import { api, postArticle, signUp } from '../../support/api.js';
import { createTestApp, execute, query, queryOne, type TestApp } from '../../support/app.js';

let t: TestApp;
let call: ReturnType<typeof api>;
let ada: string;
let bob: string;

const search = (q: string, more: Partial<SearchQuery> = {}) => searchArticles(t.database.db, { q, limit: 20, offset: 0, ...more });
const slugsFor = async (q: string, more: Partial<SearchQuery> = {}) => (await search(q, more)).articles.map((a) => a.slug);

before(async () => {
  t = await createTestApp();
  call = api(t.app);
  ada = await signUp(t.app, 'ada');
  bob = await signUp(t.app, 'bob');
  // "walrus" in the body only, the description only, the title only: written in that order, so newest-first would reverse it.
  await postArticle(t.app, ada, { title: 'Body mention', description: 'Nothing here', body: 'A long note that names the walrus once, among many other words about oceans.', tagList: ['sea'] });
  await postArticle(t.app, bob, { title: 'Description mention', description: 'About a walrus', body: 'Plain text about oceans.', tagList: ['sea', 'animals'] });
  await postArticle(t.app, ada, { title: 'The walrus', description: 'Nothing here either', body: 'Plain text about oceans.', tagList: ['animals'] });
});
after(() => t.close());

describe('what a search finds', () => {
  test('a title match ranks above a description match, and that above a body-only match', async () => {
    assert.deepEqual(await slugsFor('walrus'), ['the-walrus', 'description-mention', 'body-mention']);
  });

  test('every word is required, in any case and order', async () => {
    assert.deepEqual(await slugsFor('OCEANS Walrus'), ['the-walrus', 'description-mention', 'body-mention']);
    assert.deepEqual(await slugsFor('walrus note'), ['body-mention']);
    assert.deepEqual(await slugsFor('walrus penguin'), []);
  });

  test('common words are left out, on both engines alike: alone they search for nothing', async () => {
    assert.deepEqual(await slugsFor('the walrus'), await slugsFor('walrus'));
    const common = await search('The, and a');
    assert.deepEqual([common.terms, common.commonWords, common.articles, common.articlesCount], [[], ['the', 'and', 'a'], [], 0]);
    assert.deepEqual((await search('a walrus')).commonWords, ['a']);
  });

  test('filters by tag, by author and by who favorited, alone and together', async () => {
    assert.deepEqual(await slugsFor('walrus', { tag: 'sea' }), ['description-mention', 'body-mention']);
    assert.deepEqual(await slugsFor('walrus', { author: 'ada' }), ['the-walrus', 'body-mention']);
    assert.deepEqual(await slugsFor('walrus', { tag: 'animals', author: 'bob' }), ['description-mention']);
    await call('/articles/body-mention/favorite', { method: 'POST', token: bob });
    assert.deepEqual(await slugsFor('walrus', { favoritedBy: 'bob' }), ['body-mention']);
    await call('/articles/body-mention/favorite', { method: 'DELETE', token: bob });
    assert.deepEqual(await slugsFor('walrus', { tag: 'no-such-tag' }), []);
    assert.deepEqual(await slugsFor('walrus', { author: 'nobody' }), []);
  });

  test('pages through the results with a total', async () => {
    const first = await search('walrus', { limit: 2, offset: 0 });
    const second = await search('walrus', { limit: 2, offset: 2 });
    assert.deepEqual(first.articles.map((a) => a.slug), ['the-walrus', 'description-mention']);
    assert.deepEqual(second.articles.map((a) => a.slug), ['body-mention']);
    assert.equal(first.articlesCount, 3);
    assert.equal(second.articlesCount, 3);
    assert.equal((await search('walrus', { limit: 2, offset: 4 })).articlesCount, 3);
    assert.equal(first.moreMatch, false);
  });

  test('a snippet of the body marks the matched words', async () => {
    const [hit] = (await search('walrus', { author: 'ada', tag: 'sea', snippets: true })).articles;
    const marked = hit!.snippet!.filter((p) => p.match).map((p) => p.text.toLowerCase());
    assert.deepEqual(marked, ['walrus']);
    assert.match(hit!.snippet!.map((p) => p.text).join(''), /names the walrus once/);
  });
});

describe('any input is safe', () => {
  const inputs = [
    '', '   ', '"', '"walrus', 'walrus"', "'", '*', 'walrus*', '-walrus', 'NOT walrus', 'walrus OR', 'AND', 'NEAR(walrus', 'NEAR(walrus oceans, 2)',
    '(', ')', '^walrus', 'title:walrus', '{title}: walrus', 'walrus & | ! <->', ':*', '\\', '%', '_', '\u0000walrus', 'walrus\u0001',
    '🦭 walrus', 'Walröß', '海象', 'ﬁle', 'x'.repeat(1000), 'walrus '.repeat(200), `${'a'.repeat(70)} walrus`, '\uE000walrus\uE001',
  ];
  for (const input of inputs) {
    test(`${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)} gives an answer, never an error`, async () => {
      const result = await search(input, { snippets: true });
      assert.ok(Array.isArray(result.articles));
      assert.equal(result.articlesCount >= result.articles.length, true);
    });
  }

  test('operators are words, or nothing: they neither exclude nor widen', async () => {
    assert.deepEqual(await slugsFor('-walrus'), await slugsFor('walrus'));
    assert.deepEqual(await slugsFor('"walrus'), await slugsFor('walrus'));
    assert.deepEqual(await slugsFor('NEAR(walrus'), await slugsFor('near walrus'));
    assert.deepEqual(await slugsFor('*'), []);
    assert.deepEqual(await slugsFor(''), []);
  });

  test('input is cut to a bounded number of words', () => {
    assert.equal(searchTerms('word '.repeat(500)).length, 1);
    assert.ok(searchTerms(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ')).length <= 8);
    assert.deepEqual(searchTerms('NEAR(a, "b") -c*'), ['near', 'a', 'b', 'c']);
  });
});

describe('a search that matches more than it ranks', () => {
  // Written behind the app, a statement per batch (posting each would take seconds): one more "krill" than is ranked,
  // the newest with the word in its title, and one older still whose title match is past the newest RANKED_MATCHES;
  // then newer articles without "krill", every fifth with "swarms" (as every krill article is). So on PostgreSQL a
  // search for "krill" finds none among the newest articles and asks the GIN index, and one for "swarms" walks on
  // past the first window (src/db/search-index.ts); SQLite walks its index either way.
  before(async () => {
    const { id: author } = await queryOne<{ id: number }>(t.database, sql`SELECT id FROM users WHERE username = 'ada'`);
    const now = sql.raw(String(Date.now()));
    // Literal integers: a bound number is a real on SQLite, and would be written as 1.0.
    const insert = (from: number, count: number, title: SQL, body: SQL) =>
      execute(
        t.database,
        sql`WITH RECURSIVE n(i) AS (SELECT ${sql.raw(String(from))} UNION ALL SELECT i + 1 FROM n WHERE i < ${sql.raw(String(from + count - 1))})
            INSERT INTO articles (slug, title, description, body, author_id, created_at, updated_at)
            SELECT 'krill-' || i, ${title}, 'Notes', ${body}, ${author}, ${now}, ${now} FROM n`,
      );
    const krill = sql`'Swarms of krill, number ' || i`;
    await insert(0, 1, sql`'Krill, the oldest'`, krill);
    await insert(1, RANKED_MATCHES, sql`'Notes ' || i`, krill);
    await insert(RANKED_MATCHES + 1, 1, sql`'All about krill'`, krill);
    await insert(RANKED_MATCHES + 2, 2100, sql`'Filler ' || i`, sql`CASE WHEN i % 5 = 0 THEN 'Swarms of plankton' ELSE 'Plankton alone' END`);
  });

  /** The newest `count` articles whose body holds `word`, by plain SQL. */
  const newestWith = async (word: string, count: number) =>
    (await query<{ slug: string }>(t.database, sql`SELECT slug FROM articles WHERE lower(body) LIKE ${`%${word}%`} ORDER BY id DESC LIMIT ${count}`)).map((r) => r.slug).sort();

  test('ranks the newest RANKED_MATCHES, says that more match, and pages through those alone', async () => {
    const first = await search('krill');
    assert.equal(first.articlesCount, RANKED_MATCHES);
    assert.equal(first.moreMatch, true);
    assert.equal(first.articles[0]!.slug, `krill-${RANKED_MATCHES + 1}`, 'the title match among them first');
    assert.deepEqual((await search('krill', { limit: RANKED_MATCHES })).articles.map((a) => a.slug).sort(), await newestWith('krill', RANKED_MATCHES));
    assert.ok(!first.articles.some((a) => a.slug === 'krill-0'), 'older than the newest RANKED_MATCHES: not ranked');
    assert.equal((await search('krill', { offset: RANKED_MATCHES - 5 })).articles.length, 5);
    assert.equal((await search('krill', { offset: RANKED_MATCHES })).articles.length, 0);
    assert.equal((await search('krill number')).moreMatch, true);
    assert.equal((await search('krill', { author: 'bob' })).moreMatch, false);
  });

  test('a word in a fifth of the newest articles: the newest RANKED_MATCHES of its matches, no more, no fewer', async () => {
    const found = await search('swarms', { limit: RANKED_MATCHES });
    assert.equal(found.moreMatch, true);
    assert.deepEqual(found.articles.map((a) => a.slug).sort(), await newestWith('swarms', RANKED_MATCHES));
  });

  test('the page says "more than", and the API counts what it can page through', async () => {
    const page = await t.app.inject({ url: '/search?q=krill' });
    assert.match(page.body, /More than 1,000 articles match “krill”/);
    const res = await call('/articles?q=krill&limit=1');
    assert.equal(res.json().articlesCount, RANKED_MATCHES);
  });
});

describe('the database keeps the index in step', () => {
  test('an edit re-indexes: the new words are found, the old ones no longer', async () => {
    const { slug } = await postArticle(t.app, ada, { title: 'Narwhal facts', body: 'Tusks.' });
    assert.deepEqual(await slugsFor('narwhal'), [slug]);
    const res = await call(`/articles/${slug}`, { method: 'PUT', token: ada, body: { article: { body: 'Now about a manatee.' } } });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(await slugsFor('manatee'), [slug]);
    assert.deepEqual(await slugsFor('tusks'), []);
    // Plain SQL behind the app, as another process or a console would write.
    await execute(t.database, sql`UPDATE articles SET description = 'dugong' WHERE slug = ${slug}`);
    assert.deepEqual(await slugsFor('dugong'), [slug]);
  });

  test('an edit of a title or a description moves the rank, through the app or behind it', async () => {
    // Told apart by author: a new title gives an article a new slug.
    const authorsFor = async (q: string) => (await search(q)).articles.map((a) => a.author.username);
    const older = await postArticle(t.app, ada, { title: 'Seagrass meadows', description: 'Notes', body: 'A sirenian grazes.' });
    const newer = await postArticle(t.app, bob, { title: 'Coastal notes', description: 'Notes', body: 'A sirenian grazes.' });
    assert.deepEqual(await authorsFor('sirenian'), ['bob', 'ada'], 'in the bodies alone: newest first');
    await call(`/articles/${older.slug}`, { method: 'PUT', token: ada, body: { article: { title: 'Sirenian meadows' } } });
    assert.deepEqual(await authorsFor('sirenian'), ['ada', 'bob'], 'now in its title');
    await execute(t.database, sql`UPDATE articles SET description = 'A sirenian sighting' WHERE slug = ${newer.slug}`);
    await execute(t.database, sql`UPDATE articles SET title = 'Seagrass meadows' WHERE author_id = (SELECT id FROM users WHERE username = 'ada') AND title = 'Sirenian meadows'`);
    assert.deepEqual(await authorsFor('sirenian'), ['bob', 'ada'], 'in a description, above a body');
  });

  test('a favorite does not re-index, an edit does', async () => {
    const { slug } = await postArticle(t.app, ada, { title: 'Otter facts' });
    const { id } = await queryOne<{ id: number }>(t.database, sql`SELECT id FROM articles WHERE slug = ${slug}`);
    const before = await indexFingerprint(id);
    await call(`/articles/${slug}/favorite`, { method: 'POST', token: bob });
    assert.equal((await call(`/articles/${slug}`)).json().article.favoritesCount, 1, 'the favorite updated the row');
    await call(`/articles/${slug}/favorite`, { method: 'DELETE', token: bob });
    assert.equal(await indexFingerprint(id), before, 'a favorite and an unfavorite left the index as it was');
    await call(`/articles/${slug}`, { method: 'PUT', token: ada, body: { article: { title: 'Otter facts, revised' } } });
    assert.notEqual(await indexFingerprint(id), before, 'an edit wrote the index (the fingerprint can move)');
  });

  test('a deleted article and a deleted account are no longer found', async () => {
    const { slug } = await postArticle(t.app, ada, { title: 'Platypus' });
    assert.deepEqual(await slugsFor('platypus'), [slug]);
    await call(`/articles/${slug}`, { method: 'DELETE', token: ada });
    assert.deepEqual(await slugsFor('platypus'), []);

    const gone = await signUp(t.app, 'gone');
    await postArticle(t.app, gone, { title: 'Axolotl notes', description: 'axolotl' });
    assert.equal((await search('axolotl')).articlesCount, 1);
    await execute(t.database, sql`DELETE FROM users WHERE username = 'gone'`);
    assert.equal((await search('axolotl')).articlesCount, 0);
    assert.equal(await indexRows(), (await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM articles`)).n);
  });
});

/**
 * What the index holds, as bytes that change whenever it is written: on
 * SQLite, FTS5's own record of its segments and their data (every write adds
 * a segment, even one that deletes and re-adds the same words); on
 * PostgreSQL, the version of the article's row in article_search (its xmin
 * moves on every update, even to an equal value).
 */
async function indexFingerprint(articleId: number): Promise<string> {
  if (t.database.engine === 'sqlite') {
    const [row] = await query<{ f: string }>(t.database, sql`SELECT group_concat(id || ':' || hex(block), ',') AS f FROM (SELECT id, block FROM article_search_data ORDER BY id)`);
    return row!.f;
  }
  const [row] = await query<{ f: string }>(t.database, sql`SELECT xmin::text AS f FROM article_search WHERE article_id = ${articleId}`);
  return row!.f;
}

/** Entries the index has: one per article on either engine. */
async function indexRows(): Promise<number> {
  const table = t.database.engine === 'sqlite' ? sql`article_search_docsize` : sql`article_search`;
  return Number((await queryOne<{ n: number | string }>(t.database, sql`SELECT count(*) AS n FROM ${table}`)).n);
}
