import type { Db } from '../../db/database.js';
import { bodyPrefixes, isCommonTag, searchCandidates, type SearchNarrowing } from '../../db/search-index.js';
import { read } from '../../cache/read-tracking.js';
import { scope } from '../../cache/scopes.js';
import { tagIdOf, userIdOf } from '../publishing/article-lists.js';
import { forViewer, summariesOf, type ArticleSummary } from '../publishing/article-summaries.js';
import { searchableTerms, searchTerms } from './search-terms.js';
import { SNIPPET_SOURCE_CHARS, snippetOf, type SnippetPart } from './search-snippets.js';

/**
 * Full-text search over articles, for the search page and for
 * `GET /api/articles?q=`. The one place that decides what a search may find:
 * when articles can be drafts or hidden, the rule goes here, for both faces.
 */
export interface SearchQuery {
  /** What the reader typed, as typed: cut to words here (./search-terms.ts). */
  q: string;
  tag?: string;
  author?: string;
  favoritedBy?: string;
  limit: number;
  offset: number;
  /** A passage of each body around the matched words (the page shows it; the API does not ask). */
  snippets?: boolean;
}

export interface SearchHit extends ArticleSummary {
  /** Present when asked for. */
  snippet?: SnippetPart[];
}

export interface SearchResults {
  articles: SearchHit[];
  /** The results a reader can page through: every match, up to RANKED_MATCHES. */
  articlesCount: number;
  /** More articles match than `articlesCount`: only the newest RANKED_MATCHES of them are ranked and shown. */
  moreMatch: boolean;
  /** The words searched for; none when the input held no word, or only common ones. */
  terms: string[];
  /** Words of the input too common to search for, left out (./search-terms.ts). */
  commonWords: string[];
}

/**
 * How many matches a search ranks and shows: the newest this many. Every word
 * of the corpus can match most articles, and scoring, or even counting, every
 * match costs a walk of the whole index per word (docs/decisions/0018). A
 * query that matches more ranks the newest RANKED_MATCHES, and says that more
 * match without counting them.
 */
export const RANKED_MATCHES = 1000;

/**
 * The articles that hold every word of `query.q`, most relevant first among
 * the newest RANKED_MATCHES matches: a match in the title counts above one in
 * the description, and that above one in the body; newest first among equals.
 * Not kept in memory: queries are a long tail, and any edit of any article
 * would retire them. A whole page that shows them is kept for signed-out
 * readers, by the scopes reported here.
 */
export async function searchArticles(db: Db, query: SearchQuery, viewerId?: number): Promise<SearchResults> {
  const { searched: terms, common: commonWords } = searchableTerms(searchTerms(query.q));
  // Any new, deleted or edited article can change the answer, whatever it was.
  read([scope.list, scope.search]);
  const narrowing = await narrowingOf(db, query);
  if (terms.length === 0 || !narrowing) return { articles: [], articlesCount: 0, moreMatch: false, terms, commonWords };
  // One more than is ranked: whether more match, without counting them.
  const found = await searchCandidates(db, terms, narrowing, RANKED_MATCHES + 1);
  const ranked = found.slice(0, RANKED_MATCHES).sort((a, b) => b.score - a.score || b.id - a.id);
  const ids = ranked.slice(query.offset, query.offset + query.limit).map((c) => c.id);
  const shared = await summariesOf(db, ids);
  const seen = await forViewer(db, shared, viewerId);
  const bodies = query.snippets ? await bodyPrefixes(db, shared.map((s) => s.id), SNIPPET_SOURCE_CHARS) : undefined;
  // Previews are shared with every list (and never mutated): a snippet goes on a copy.
  const articles: SearchHit[] = seen.map((article, i) => {
    const body = bodies?.get(shared[i]!.id);
    return body === undefined ? article : { ...article, snippet: snippetOf(body, terms) };
  });
  return { articles, articlesCount: ranked.length, moreMatch: found.length > RANKED_MATCHES, terms, commonWords };
}

/** The filters by name, resolved to ids; undefined when one names nothing (no article can match). */
async function narrowingOf(db: Db, query: SearchQuery): Promise<SearchNarrowing | undefined> {
  const narrowing: SearchNarrowing = {};
  if (query.tag !== undefined) {
    narrowing.tagId = await tagIdOf(db, query.tag);
    if (narrowing.tagId === undefined) return undefined;
    narrowing.tagIsCommon = await isCommonTag(db, narrowing.tagId);
  }
  if (query.author !== undefined) {
    narrowing.authorId = await userIdOf(db, query.author);
    if (narrowing.authorId === undefined) return undefined;
  }
  if (query.favoritedBy !== undefined) {
    const userId = await userIdOf(db, query.favoritedBy);
    if (userId === undefined) return undefined;
    read([scope.favorites(userId)]);
    narrowing.favoritedBy = userId;
  }
  return narrowing;
}
