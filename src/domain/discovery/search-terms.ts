import { randomBytes } from 'node:crypto';
import type { SnippetMarks } from '../../db/search-index.js';

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

/** A piece of a snippet: the view escapes each and wraps the matched ones in `<mark>`. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/**
 * The engine wraps matched words in these. Private-use characters around a
 * number drawn per process: an article cannot hold them by chance, nor on
 * purpose without knowing the number, and a stray one only ends a highlight.
 */
const nonce = randomBytes(8).toString('hex');
export const SNIPPET_MARKS: SnippetMarks = { start: `\uE000${nonce}\uE001`, stop: `\uE001${nonce}\uE000` };

/** Markdown's line marks (headings, quotes, numbered items), dropped from the text a reader sees… */
const LINE_MARKS = /(^|\s)(?:#{1,6}|>|\d+\.)(?=\s)/g;
/** …with emphasis, code fences, control characters and what is left of the marks. */
const INLINE_MARKS = /\*{1,3}|`+|_{2,}|~~|\p{Cc}|[\uE000\uE001]/gu;

/** The engine's marked passage as parts, plain text with Markdown's markup dropped and white space folded. */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let rest = marked;
  let match = false;
  while (rest.length > 0) {
    const marker = match ? SNIPPET_MARKS.stop : SNIPPET_MARKS.start;
    const at = rest.indexOf(marker);
    const text = (at < 0 ? rest : rest.slice(0, at)).replace(/\s+/g, ' ').replace(LINE_MARKS, '$1').replace(INLINE_MARKS, '');
    if (text.length > 0) {
      const last = parts[parts.length - 1];
      if (last && last.match === match) last.text += text;
      else parts.push({ text, match });
    }
    if (at < 0) break;
    rest = rest.slice(at + marker.length);
    match = !match;
  }
  return parts;
}
