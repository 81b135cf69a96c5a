import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './database.js';
import { idList, rows } from './sql.js';

/**
 * The full-text index over articles and the SQL that reads it, once per
 * engine (docs/decisions/0018): FTS5 on SQLite (migration sqlite/0011), a
 * weighted tsvector with a GIN index on PostgreSQL (postgres/0007). Both are
 * kept by triggers on `articles`, outside the Drizzle schemas, which cannot
 * declare them. Every function takes word tokens already cut from the
 * reader's input (src/domain/discovery/search-terms.ts), never the input
 * itself, so no operator of either engine's query syntax can reach it.
 */

/** The tables each engine makes for the index: FTS5's virtual table and its shadow tables, or PostgreSQL's own table. */
export const SEARCH_INDEX_TABLES = {
  sqlite: ['article_search', 'article_search_config', 'article_search_data', 'article_search_docsize', 'article_search_idx'],
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

/** How the engine marks matched words in a snippet: strings the caller makes up, never shown as they are. */
export interface SnippetMarks {
  start: string;
  stop: string;
}

// Title above description above body: FTS5's bm25 takes a weight per column;
// PostgreSQL's ts_rank weighs the A, B and C labels the index gave them (1.0, 0.4, 0.2).
const BM25 = sql.raw('bm25(article_search, 10.0, 4.0, 1.0)');

/** FTS5's query: each token a quoted string (tokens hold letters, marks and digits only), all of them required. */
const ftsQuery = (terms: readonly string[]) => terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' ');

/** PostgreSQL's query: the tokens as plain words, all of them required; stop words drop out. */
const tsQuery = (terms: readonly string[]) => sql`plainto_tsquery('english', ${terms.join(' ')})`;

/**
 * The narrowings as conditions on an article id column. A tag on a large share
 * of the articles is checked per match (an index lookup each), since the walk
 * from the newest match stops as soon as enough are found; a smaller one, and
 * an author's or a reader's favorites, are read whole once and each match is
 * looked up among them: checking each match against a small set one lookup at
 * a time would walk every match.
 */
function narrowed(id: SQL, n: SearchNarrowing): SQL[] {
  const conditions: SQL[] = [];
  if (n.tagId !== undefined) {
    conditions.push(
      n.tagIsCommon
        ? sql`EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = ${id} AND t.tag_id = ${n.tagId})`
        : sql`${id} IN (SELECT article_id FROM article_tags WHERE tag_id = ${n.tagId})`,
    );
  }
  if (n.authorId !== undefined) conditions.push(sql`${id} IN (SELECT id FROM articles WHERE author_id = ${n.authorId})`);
  if (n.favoritedBy !== undefined) conditions.push(sql`${id} IN (SELECT article_id FROM favorites WHERE user_id = ${n.favoritedBy})`);
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
 * The newest `max` matches, each with its relevance. One walk of the index
 * from the newest match back, stopping at `max`: no count of every match, and
 * only these are scored. SQLite scores with bm25 (negated: bm25 is lower for
 * better), PostgreSQL with ts_rank, reading only these rows' documents.
 */
export async function searchCandidates(db: Db, terms: readonly string[], n: SearchNarrowing, max: number): Promise<SearchCandidate[]> {
  if (terms.length === 0) return [];
  const query =
    db.engine === 'sqlite'
      ? sql`SELECT rowid AS id, -${BM25} AS score FROM article_search
            WHERE ${andAll([sql`article_search MATCH ${ftsQuery(terms)}`, ...narrowed(SQLITE_ID, n)])}
            ORDER BY rowid DESC LIMIT ${max}`
      : sql`SELECT s.article_id AS id, ts_rank(s.document, q) AS score FROM article_search s, ${tsQuery(terms)} q
            WHERE ${andAll([sql`s.document @@ q`, ...narrowed(sql`s.article_id`, n)])}
            ORDER BY s.article_id DESC LIMIT ${max}`;
  return (await rows<{ id: number; score: number | string }>(db, query)).map((r) => ({ id: Number(r.id), score: Number(r.score) }));
}

/**
 * A passage of each of these articles' bodies around the matched words, which
 * are wrapped in `marks`; only for the ids given (a page of results), since
 * PostgreSQL's ts_headline reads the whole text it is handed. Plain text:
 * the caller escapes it.
 */
export async function searchSnippets(db: Db, terms: readonly string[], ids: readonly number[], marks: SnippetMarks): Promise<Map<number, string>> {
  if (terms.length === 0 || ids.length === 0) return new Map();
  const query =
    db.engine === 'sqlite'
      ? sql`SELECT rowid AS id, snippet(article_search, 2, ${marks.start}, ${marks.stop}, '…', 32) AS snippet FROM article_search
            WHERE article_search MATCH ${ftsQuery(terms)} AND rowid IN (SELECT value FROM json_each(${idList(db, ids)}))`
      : sql`SELECT a.id, ts_headline('english', left(a.body, 20000), q, ${headlineOptions(marks)}) AS snippet
            FROM articles a, ${tsQuery(terms)} q WHERE a.id = ANY(cast(${idList(db, ids)} AS integer[]))`;
  return new Map((await rows<{ id: number; snippet: string }>(db, query)).map((r) => [Number(r.id), r.snippet]));
}

/** ts_headline's options: a bounded passage, in at most two fragments. The marks are quoted as its option syntax wants. */
function headlineOptions(marks: SnippetMarks): string {
  const quoted = (s: string) => `"${s.replaceAll('"', '')}"`;
  return `StartSel=${quoted(marks.start)}, StopSel=${quoted(marks.stop)}, MaxWords=30, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
}

/** Bytes the index takes on disk: FTS5's shadow tables (SQLite's dbstat), or the table with its TOAST and GIN index. */
export async function searchIndexBytes(db: Db): Promise<number> {
  const query =
    db.engine === 'sqlite'
      ? sql`SELECT coalesce(sum(pgsize), 0) AS n FROM dbstat WHERE name LIKE 'article\\_search\\_%' ESCAPE '\\'`
      : sql`SELECT pg_total_relation_size('article_search') AS n`;
  return Number((await rows<{ n: number | string }>(db, query))[0]?.n ?? 0);
}
