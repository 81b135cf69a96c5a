import type BetterSqlite from 'better-sqlite3';
import { is, Placeholder, sql, type SQL } from 'drizzle-orm';
import { asSqlite, type Db } from './database.js';
import { preparedFor } from './prepared.js';
import { amongIds, idList, rows } from './sql.js';

/**
 * The full-text index over articles and the SQL that reads it, once per
 * engine (docs/decisions/0018): FTS5 on SQLite (migration sqlite/0013, and
 * a small one over titles and descriptions to rank by, sqlite/0024), a
 * weighted tsvector with a GIN index on PostgreSQL (postgres/0009). Both are
 * kept by triggers on `articles`, outside the Drizzle schemas, which cannot
 * declare them. Every function takes word tokens already cut from the
 * reader's input (src/domain/discovery/search-terms.ts), never the input
 * itself, so no operator of either engine's query syntax can reach it.
 */

/** The tables each engine makes for the index: FTS5's virtual table and its shadow tables, or PostgreSQL's own table. */
export const SEARCH_INDEX_TABLES = {
  sqlite: [
    ...['article_search', 'article_search_config', 'article_search_data', 'article_search_docsize', 'article_search_idx'],
    ...['article_heads', 'article_heads_config', 'article_heads_data', 'article_heads_docsize', 'article_heads_idx'],
  ],
  postgres: ['article_search'],
} as const;

/** Narrowings of a search, resolved to ids. */
export interface SearchNarrowing {
  tagId?: number;
  /** The tag is on a large share of the articles (isCommonTag): checked per match rather than read whole. */
  tagIsCommon?: boolean;
  authorId?: number;
  favoritedBy?: number;
}

// Title above description above body: FTS5's bm25 over the titles and descriptions takes a weight per
// column, and a match in the body alone scores 0 (headScores); PostgreSQL's ts_rank weighs the A, B and C
// labels the index gave them (1.0, 0.4, 0.2).
const HEAD_BM25 = sql.raw('bm25(article_heads, 10.0, 4.0)');

/** A token as an FTS5 string (tokens hold letters, marks and digits only: the quoting is belt and braces). */
const ftsString = (term: string) => `"${term.replaceAll('"', '""')}"`;
/** FTS5's query: every token required. */
const ftsQuery = (terms: readonly string[]) => terms.map(ftsString).join(' ');

/** PostgreSQL's query: the tokens as plain words, all of them required; stop words drop out. */
const tsQuery = (terms: readonly string[]) => sql`plainto_tsquery('english', ${terms.join(' ')})`;

/**
 * The articles no search finds (the one place that says which), whoever
 * searches: what everyone sees (src/domain/moderation/visibility.ts) leaves
 * hidden ones, drafts and scheduled ones out. Read once per search from the
 * partial index articles_unshown_idx, whose condition is this one word for
 * word (so both engines' planners use it; such articles are few), and each
 * match looked up among them in memory: checking each match's own row read a
 * page of `articles` per match, 1 to 5 ms a search (docs/decisions/0037).
 */
const NEVER_FOUND = sql`SELECT id FROM articles WHERE hidden_at IS NOT NULL OR status <> 'published'`;

/**
 * The narrowings as conditions on an article id column. A tag on a large share
 * of the articles is checked per match (an index lookup each), since the walk
 * from the newest match stops as soon as enough are found; a smaller one, and
 * an author's or a reader's favorites, are read whole once and each match is
 * looked up among them: checking each match against a small set one lookup at
 * a time would walk every match.
 */
function narrowed(id: SQL, n: SearchNarrowing, value: (name: keyof SearchNarrowing, v: number) => unknown = (_name, v) => v): SQL[] {
  const conditions: SQL[] = [sql`${id} NOT IN (${NEVER_FOUND})`];
  if (n.tagId !== undefined) {
    const tagId = value('tagId', n.tagId);
    conditions.push(
      n.tagIsCommon
        ? sql`EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = ${id} AND t.tag_id = ${tagId})`
        : sql`${id} IN (SELECT article_id FROM article_tags WHERE tag_id = ${tagId})`,
    );
  }
  if (n.authorId !== undefined) conditions.push(sql`${id} IN (SELECT id FROM articles WHERE author_id = ${value('authorId', n.authorId)})`);
  if (n.favoritedBy !== undefined) conditions.push(sql`${id} IN (SELECT article_id FROM favorites WHERE user_id = ${value('favoritedBy', n.favoritedBy)})`);
  return conditions;
}

/** A tag is common, for `narrowed`, when at least one article in this many carries it. */
const COMMON_TAG_ONE_IN = 10;

/** Whether a tag is on at least one article in COMMON_TAG_ONE_IN (the newest id stands for how many there are). */
export async function isCommonTag(db: Db, tagId: number): Promise<boolean> {
  const [row] = await rows<{ common: number | boolean }>(
    db,
    sql`SELECT (SELECT uses FROM tags WHERE id = ${tagId}) * ${COMMON_TAG_ONE_IN} >= coalesce((SELECT max(id) FROM articles), 0) AS common`,
  );
  return Boolean(row?.common);
}

/**
 * The row's id on SQLite, as an expression (`+rowid`) rather than the column: offered the
 * column, the planner runs the whole MATCH once per id of a narrowing (every article of a
 * popular tag), which took minutes; as an expression, each match is checked against the ids.
 */
const SQLITE_ID = sql`+article_search.rowid`;

const andAll = (conditions: SQL[]) => sql.join(conditions, sql` AND `);

/** A match and its relevance: higher is more relevant; only compared with the other matches of the same query. */
export interface SearchCandidate {
  id: number;
  score: number;
}

/**
 * The newest `max` matches, each with its relevance: no count of every match,
 * and only these are scored. SQLite scores with bm25 (negated: bm25 is lower
 * for better), PostgreSQL with ts_rank.
 */
export async function searchCandidates(db: Db, terms: readonly string[], n: SearchNarrowing, max: number): Promise<SearchCandidate[]> {
  if (terms.length === 0) return [];
  if (db.engine === 'postgres') return postgresCandidates(db, terms, n, max);
  // FTS5 walks its matches newest first by itself and stops at the limit; no score here (see headScores).
  const statements = sqliteStatements(db);
  const ids = statements.candidates(n)({ match: ftsQuery(terms), max, tagId: n.tagId, authorId: n.authorId, favoritedBy: n.favoritedBy }) as number[];
  const oldest = ids[ids.length - 1];
  if (oldest === undefined) return [];
  const scores = new Map(statements.headScores({ match: terms.map(ftsString).join(' OR '), oldest }) as Array<[number, number]>);
  return ids.map((id) => ({ id, score: scores.get(id) ?? 0 }));
}

/** How a narrowing shapes SQLite's statement: one prepared statement per shape, its ids bound. */
const shapeOf = (n: SearchNarrowing) =>
  `${n.tagId === undefined ? '' : n.tagIsCommon ? 'T' : 't'}${n.authorId === undefined ? '' : 'a'}${n.favoritedBy === undefined ? '' : 'f'}`;

/**
 * SQLite's search statements, prepared once per database (and per shape of
 * narrowing) on its connection, and read in better-sqlite3's raw mode.
 * Built by Drizzle and prepared on every search, they cost SQL building,
 * SQLite's planning of an FTS5 query and an object per row (1 001 of them)
 * each time: about a tenth of a search's CPU time under load (bench/README.md,
 * 2026-12-07, "the floor"). Drizzle's own prepared select maps each row
 * through its columns, which cost more than it saved.
 *
 * The second is SQLite's relevance, for the matches from `oldest` on: bm25
 * over the titles and descriptions alone (the small `article_heads` index,
 * migration sqlite/0024), weighted as HEAD_BM25 says, of any of the words; a
 * match whose title and description hold none of them scores 0. bm25 over
 * the whole index weighed each word by walking its entry in every body, and
 * read each ranked match's positions in its body: 3 to 10 ms a search, where
 * this takes a tenth of that (docs/decisions/0037). Bodies still decide what
 * matches.
 */
const sqliteStatements = preparedFor((db) => {
  const s = asSqlite(db);
  const match = sql.placeholder('match');
  const byShape = new Map<string, Bound>();
  const candidatesOf = (n: SearchNarrowing) =>
    boundOn(
      db,
      s
        .select({ id: sql<number>`rowid` })
        .from(sql`article_search`)
        .where(andAll([sql`article_search MATCH ${match}`, ...narrowed(SQLITE_ID, n, (name) => sql.placeholder(name))]))
        .orderBy(sql`rowid DESC`)
        .limit(sql.placeholder('max')),
      'pluck',
    );
  return {
    candidates(n: SearchNarrowing): Bound {
      const shape = shapeOf(n);
      let statement = byShape.get(shape);
      if (!statement) byShape.set(shape, (statement = candidatesOf(n)));
      return statement;
    },
    headScores: boundOn(
      db,
      s
        .select({ id: sql<number>`rowid`, score: sql<number>`-${HEAD_BM25}` })
        .from(sql`article_heads`)
        .where(sql`article_heads MATCH ${match} AND rowid >= ${sql.placeholder('oldest')}`),
      'raw',
    ),
  };
});

/** A statement prepared once: run with its placeholders' values, it answers its rows as arrays, or its one column's values. */
type Bound = (values: Record<string, unknown>) => unknown[];

/**
 * Drizzle's SQL for `query`, prepared on the handle's better-sqlite3
 * connection. Statements run this way are counted in `stats` as Drizzle's
 * are. Only on the database's own handle (a transaction's has no connection
 * of its own): searches run there.
 */
function boundOn(db: Db, query: { toSQL(): { sql: string; params: unknown[] } }, mode: 'raw' | 'pluck'): Bound {
  const connection = (db as unknown as { $client?: BetterSqlite.Database }).$client;
  if (!connection) throw new Error('SQLite search statements are prepared on the database handle, not in a transaction');
  const { sql: text, params } = query.toSQL();
  const statement = connection.prepare(text);
  if (mode === 'pluck') statement.pluck();
  else statement.raw();
  const { stats } = db.database;
  return (values) => {
    stats.statements++;
    return statement.all(...params.map((p) => (is(p, Placeholder) ? values[p.name] : p)));
  };
}

const scored = (found: Array<{ id: number | string; score: number | string }>): SearchCandidate[] => found.map((r) => ({ id: Number(r.id), score: Number(r.score) }));

/** The share of matches among the newest articles below which PostgreSQL's newest-first walk gives way to the GIN index. */
const WALK_MIN_SHARE = 0.1;

/**
 * PostgreSQL has two ways to the newest matches, and its planner cannot tell
 * which is cheaper: it does not know that checking a row reads its whole
 * document from TOAST. Walking the primary key from the newest article
 * checks 1 000 ÷ (share of articles that match) documents: about 2 000 for a
 * common word, a whole table's for a rare one. The GIN index finds every
 * match without reading a document, and costs per match: cheap for a rare
 * word, hundreds of milliseconds for one in most articles. So: walk the
 * newest 2 × max articles; if fewer than max match, the share that did says
 * how far a walk would go; past 1 ÷ WALK_MIN_SHARE × max articles, ask the
 * GIN index instead. Only the chosen rows' documents are read for ts_rank.
 */
async function postgresCandidates(db: Db, terms: readonly string[], n: SearchNarrowing, max: number): Promise<SearchCandidate[]> {
  const where = (more: SQL[]) => andAll([sql`s.document @@ q`, ...narrowed(sql`s.article_id`, n), ...more]);
  // The newest matches with from ≤ id < below (either end open), at most `limit` of them.
  const walk = async (limit: number, from?: number, below?: number) =>
    scored(
      await rows(
        db,
        sql`SELECT s.article_id AS id, ts_rank(s.document, q) AS score FROM article_search s, ${tsQuery(terms)} q
            WHERE ${where([...(from === undefined ? [] : [sql`s.article_id >= ${from}`]), ...(below === undefined ? [] : [sql`s.article_id < ${below}`])])}
            ORDER BY s.article_id DESC LIMIT ${limit}`,
      ),
    );
  // Narrowed, the share that matches in a window says little of what the GIN index would cost (that is the words'
  // share alone): the planner's walk it is. A popular tag's check per row is an index lookup (`narrowed`).
  if (n.tagId !== undefined || n.authorId !== undefined || n.favoritedBy !== undefined) return walk(max);
  const found: SearchCandidate[] = [];
  let walked = 0;
  let below: number | undefined;
  let window = 2 * max;
  for (let walks = 0; walks < 2; walks++) {
    // The id `window` articles further back; none when there are fewer: then this walk covers the rest.
    const [edge] = await rows<{ id: number }>(db, sql`SELECT article_id AS id FROM article_search ORDER BY article_id DESC OFFSET ${walked + window - 1} LIMIT 1`);
    const from = edge === undefined ? undefined : Number(edge.id);
    found.push(...(await walk(max - found.length, from, below)));
    if (found.length >= max || from === undefined) return found;
    walked += window;
    below = from;
    const share = found.length / walked;
    if (share < WALK_MIN_SHARE) break;
    window = Math.ceil((1.2 * (max - found.length)) / share);
  }
  // `+ 0`: ordered by an expression, the planner cannot walk the primary key, and takes the GIN index.
  const query = sql`SELECT c.id, ts_rank(s.document, q) AS score
    FROM (SELECT s.article_id AS id FROM article_search s, ${tsQuery(terms)} q WHERE ${where([sql`s.article_id < ${below}`])}
          ORDER BY s.article_id + 0 DESC LIMIT ${max - found.length}) c
    JOIN article_search s ON s.article_id = c.id, ${tsQuery(terms)} q`;
  return [...found, ...scored(await rows(db, query))];
}

/**
 * The first `chars` characters of each of these articles' bodies, for their
 * snippets (src/domain/discovery/search-snippets.ts): only for the ids given,
 * a page of results.
 */
export async function bodyPrefixes(db: Db, ids: readonly number[], chars: number): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const found = await prefixStatement(db).execute({ ids: idList(db, ids), chars });
  return new Map(found.map((r) => [Number(r.id), r.body]));
}

const prefixStatement = preparedFor((db) => {
  const { articles } = db.t;
  return db
    .select({ id: articles.id, body: sql<string>`substr(${articles.body}, 1, ${sql.placeholder('chars')})` })
    .from(articles)
    .where(amongIds(db, articles.id, sql.placeholder('ids')))
    .prepare();
});

/** Bytes the index takes on disk: FTS5's shadow tables (SQLite's dbstat), or the table with its TOAST and GIN index. */
export async function searchIndexBytes(db: Db): Promise<number> {
  const query =
    db.engine === 'sqlite'
      ? sql`SELECT coalesce(sum(pgsize), 0) AS n FROM dbstat WHERE name LIKE 'article\\_search\\_%' ESCAPE '\\' OR name LIKE 'article\\_heads\\_%' ESCAPE '\\'`
      : sql`SELECT pg_total_relation_size('article_search') AS n`;
  return Number((await rows<{ n: number | string }>(db, query))[0]?.n ?? 0);
}
