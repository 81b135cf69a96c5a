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
