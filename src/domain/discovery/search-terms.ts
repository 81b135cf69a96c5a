/**
 * What a reader typed, cut down to the words the index is asked for. Only
 * runs of letters, combining marks and digits survive, so quotes, `*`, `-`,
 * `NEAR(`, `&`, `|` and the like never reach either engine's query syntax;
 * every word is required. Bounded, so a long input costs no more than a short one.
 */
const MAX_INPUT = 1000;
const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 64;

export function searchTerms(input: string): string[] {
  const words = input.slice(0, MAX_INPUT).normalize('NFKC').toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length <= MAX_TERM_LENGTH))].slice(0, MAX_TERMS);
}

/**
 * Words too common to search for: the Snowball English stop words, the list
 * PostgreSQL's `english` configuration drops from every query. Left out here,
 * before either engine sees the query, so both search for the same words
 * (SQLite's FTS5 has no stop words of its own). They carry no ranking
 * information, and each costs a walk of nearly the whole index.
 */
const COMMON_WORDS = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
   hers herself it its itself they them their theirs themselves what which who whom this that these
   those am is are was were be been being have has had having do does did doing a an the and but if or
   because as until while of at by for with about against between into through during before after
   above below to from up down in out on off over under again further then once here there when where
   why how all any both each few more most other some such no nor not only own same so than too very s
   t can will just don should now`.split(/\s+/),
);

/** The words of a search, without the common ones (COMMON_WORDS); `common` are those left out. */
export function searchableTerms(terms: readonly string[]): { searched: string[]; common: string[] } {
  return { searched: terms.filter((t) => !COMMON_WORDS.has(t)), common: terms.filter((t) => COMMON_WORDS.has(t)) };
}
