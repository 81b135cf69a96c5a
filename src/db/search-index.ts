import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './database.js';
import { idList, rows } from './sql.js';

/**
 * The full-text index over articles and the SQL that reads it, once per
 * engine (docs/decisions/0018): FTS5 on SQLite (migration sqlite/0013), a
 * weighted tsvector with a GIN index on PostgreSQL (postgres/0009). Both are
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

/** The narrowings as conditions on an article id column. */
function narrowed(id: SQL, n: SearchNarrowing): SQL[] {
  const conditions: SQL[] = [];
  if (n.tagId !== undefined) conditions.push(sql`${id} IN (SELECT article_id FROM article_tags WHERE tag_id = ${n.tagId})`);
  if (n.authorId !== undefined) conditions.push(sql`${id} IN (SELECT id FROM articles WHERE author_id = ${n.authorId})`);
  if (n.favoritedBy !== undefined) conditions.push(sql`${id} IN (SELECT article_id FROM favorites WHERE user_id = ${n.favoritedBy})`);
  return conditions;
}

/**
 * The row's id on SQLite, as an expression (`+rowid`) rather than the column: offered the
 * column, the planner runs the whole MATCH once per id of a narrowing (every article of a
 * popular tag), which took minutes; as an expression, each match is checked against the ids.
 */
const SQLITE_ID = sql`+rowid`;

const andAll = (conditions: SQL[]) => sql.join(conditions, sql` AND `);

/**
 * How many matches are ranked: the newest this many (or as deep as the page
 * asked for). Scoring every match of a common word costs about 0.002 ms per
 * match, 100 to 250 ms at 100 000 articles, so a query that matches more ranks
 * the newest of them (docs/decisions/0018). The count stays exact.
 */
export const RANKED_CANDIDATES = 1000;

/** The ids of one page of matches, most relevant first among the newest RANKED_CANDIDATES (newest first among equals). */
export async function searchPage(db: Db, terms: readonly string[], n: SearchNarrowing, window: { limit: number; offset: number }): Promise<number[]> {
  if (terms.length === 0) return [];
  const candidates = Math.max(RANKED_CANDIDATES, window.offset + window.limit);
  // SQLite: FTS5 walks its matches newest first by itself and stops at the limit, scoring only those.
  // PostgreSQL: the candidates are picked by id first, then only they are ranked (their documents read).
  const query =
    db.engine === 'sqlite'
      ? sql`SELECT id FROM (
              SELECT rowid AS id, ${BM25} AS score FROM article_search
              WHERE ${andAll([sql`article_search MATCH ${ftsQuery(terms)}`, ...narrowed(SQLITE_ID, n)])}
              ORDER BY rowid DESC LIMIT ${candidates})
            ORDER BY score, id DESC LIMIT ${window.limit} OFFSET ${window.offset}`
      : sql`SELECT c.id FROM (
              SELECT s.article_id AS id FROM article_search s
              WHERE ${andAll([sql`s.document @@ ${tsQuery(terms)}`, ...narrowed(sql`s.article_id`, n)])}
              ORDER BY s.article_id DESC LIMIT ${candidates}) c
            JOIN article_search s ON s.article_id = c.id, ${tsQuery(terms)} q
            ORDER BY ts_rank(s.document, q) DESC, c.id DESC LIMIT ${window.limit} OFFSET ${window.offset}`;
  return (await rows<{ id: number }>(db, query)).map((r) => Number(r.id));
}

/** How many articles match in all. */
export async function searchCount(db: Db, terms: readonly string[], n: SearchNarrowing): Promise<number> {
  if (terms.length === 0) return 0;
  const query =
    db.engine === 'sqlite'
      ? sql`SELECT count(*) AS n FROM article_search WHERE ${andAll([sql`article_search MATCH ${ftsQuery(terms)}`, ...narrowed(SQLITE_ID, n)])}`
      : sql`SELECT count(*) AS n FROM article_search s WHERE ${andAll([sql`s.document @@ ${tsQuery(terms)}`, ...narrowed(sql`s.article_id`, n)])}`;
  return Number((await rows<{ n: number | string }>(db, query))[0]?.n ?? 0);
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
