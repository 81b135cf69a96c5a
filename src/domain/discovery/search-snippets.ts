import { stemmer } from 'stemmer';

/**
 * A search result's snippet: a short passage of the body around the searched
 * words, with those words marked. Built here, from a bounded prefix of the
 * body, rather than by the engine (FTS5's snippet(), PostgreSQL's
 * ts_headline), which cost 0.3 to 0.6 ms per result, most of a search's time
 * (docs/decisions/0036).
 */

/** A piece of a snippet: the view escapes each and wraps the matched ones in `<mark>`. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** How much of each body a snippet is looked for in: enough for any article of the benchmark's, bounded for a huge one. */
export const SNIPPET_SOURCE_CHARS = 20_000;
/** The passage: this many words before the searched word it is built around, and this many in all. */
const WORDS_BEFORE = 8;
const PASSAGE_WORDS = 30;
/** How far back the passage's first words are looked for: longer than WORDS_BEFORE words. */
const REACH_BACK = 200;
/** Matches of one searched word weighed for the passage: the first this many. */
const MATCHES_PER_TERM = 20;
/** Two matches this close (in characters) count as being in one passage. */
const PASSAGE_SPAN = 160;
const ELLIPSIS = '…';

/** A word as both engines compare it: lower case, without diacritics (FTS5's remove_diacritics). */
const fold = (word: string) => (/^\p{ASCII}*$/u.test(word) ? word.toLowerCase() : word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase());
/** A word's stem, as FTS5's porter tokenizer makes it (PostgreSQL's Snowball stems mostly alike). */
const stemOf = (word: string) => stemmer(fold(word));

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
function isWordChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  // ASCII letters and digits at once; anything else by its Unicode class.
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  return WORD_CHAR.test(c);
}

/** Markdown's line marks (headings, quotes, numbered items), dropped from the text a reader sees… */
const LINE_MARKS = /(^|\s)(?:#{1,6}|>|\d+\.)(?=\s)/g;
/** …with emphasis, code fences, control characters and what is left of the marks. */
const INLINE_MARKS = /\*{1,3}|`+|_{2,}|~~|\p{Cc}/gu;
const plain = (text: string) => text.replace(/\s+/g, ' ').replace(LINE_MARKS, '$1').replace(INLINE_MARKS, '').replace(/\s+/g, ' ');

interface Match {
  start: number;
  end: number;
  term: number;
}

/**
 * The passage of `body` around the searched words (`terms`, as cut by
 * ./search-terms.ts), in parts. The passage that holds the most different
 * searched words wins, the earliest among equals; a body that holds none of
 * them (the match was in the title or the description) shows its beginning.
 *
 * Words are not cut out one by one: each searched word's stem (less its last
 * letter, which stemming may change, as "retry" to "retri") is looked for in
 * the lower-cased text, and only the words found there are stemmed and compared.
 */
export function snippetOf(body: string, terms: readonly string[]): SnippetPart[] {
  const original = body.slice(0, SNIPPET_SOURCE_CHARS);
  const lower = original.toLowerCase();
  // Lower-casing can lengthen a string (rarely): then the passage is shown lower-cased, so offsets agree.
  const source = lower.length === original.length ? original : lower;
  const matches = terms.flatMap((term, i) => matchesOf(lower, term, i)).sort((a, b) => a.start - b.start);
  const around = matches.length === 0 ? 0 : bestMatch(matches).start;
  const { words: shown, more } = wordsAround(source, around);
  if (shown.length === 0) return [];
  const marked = new Set(matches.map((m) => m.start));
  // Raw pieces first, then Markdown's marks dropped from each run of plain text as a whole.
  const raw: SnippetPart[] = [];
  const push = (text: string, match: boolean) => {
    if (text.length === 0) return;
    const last = raw[raw.length - 1];
    if (last && last.match === match) last.text += text;
    else raw.push({ text, match });
  };
  let at = shown[0]!.start;
  for (const word of shown) {
    push(source.slice(at, word.start), false);
    push(source.slice(word.start, word.end), marked.has(word.start));
    at = word.end;
  }
  // The last word's punctuation, up to the next space.
  const tail = /^[^\s\p{L}\p{M}\p{N}]*/u.exec(source.slice(at, at + 20))![0];
  push(tail, false);
  const parts = raw.map((p) => (p.match ? p : { text: plain(p.text), match: false })).filter((p) => p.text.length > 0);
  if (more) withEllipsis(parts, 'start', `${ELLIPSIS} `);
  if (at + tail.length < source.trimEnd().length || source.length < body.length) withEllipsis(parts, 'end', ` ${ELLIPSIS}`);
  return parts;
}

/** An ellipsis at one end, joined to the plain text there. */
function withEllipsis(parts: SnippetPart[], end: 'start' | 'end', text: string) {
  const part = end === 'start' ? parts[0] : parts[parts.length - 1];
  if (part && !part.match) part.text = end === 'start' ? text + part.text : part.text + text;
  else if (end === 'start') parts.unshift({ text, match: false });
  else parts.push({ text, match: false });
}

/** The passage's words: WORDS_BEFORE before the one at `around`, PASSAGE_WORDS in all; and whether words come before them. */
function wordsAround(source: string, around: number): { words: Array<{ start: number; end: number }>; more: boolean } {
  const words: Array<{ start: number; end: number }> = [];
  let from = Math.max(0, around - REACH_BACK);
  while (from > 0 && isWordChar(source[from - 1])) from--;
  const word = new RegExp(WORD.source, 'gu');
  word.lastIndex = from;
  let before = -1;
  for (let m = word.exec(source); m; m = word.exec(source)) {
    if (before < 0 && m.index >= around) before = words.length;
    words.push({ start: m.index, end: m.index + m[0].length });
    if (before >= 0 && words.length >= Math.max(before - WORDS_BEFORE, 0) + PASSAGE_WORDS) break;
  }
  const first = Math.max(0, (before < 0 ? words.length : before) - WORDS_BEFORE);
  return { words: words.slice(first, first + PASSAGE_WORDS), more: first > 0 || (from > 0 && WORD_CHAR.test(source.slice(0, from))) };
}

/** Where the searched word `term` (the `index`th) is in `lower`, as whole words whose stem is its stem. */
function matchesOf(lower: string, term: string, index: number): Match[] {
  const stem = stemOf(term);
  const needle = fold(term).slice(0, Math.max(2, stem.length - 1));
  const found: Match[] = [];
  for (let at = lower.indexOf(needle); at >= 0 && found.length < MATCHES_PER_TERM; at = lower.indexOf(needle, at + 1)) {
    if (isWordChar(lower[at - 1])) continue;
    let end = at + needle.length;
    while (end < lower.length && isWordChar(lower[end])) end++;
    if (stemOf(lower.slice(at, end)) === stem) found.push({ start: at, end, term: index });
  }
  return found;
}

/** The match that begins the passage holding the most different searched words; the earliest among equals. */
function bestMatch(matches: readonly Match[]): Match {
  let best = matches[0]!;
  let bestCount = 0;
  for (const [i, m] of matches.entries()) {
    const seen = new Set<number>();
    for (let j = i; j < matches.length && matches[j]!.start - m.start <= PASSAGE_SPAN; j++) seen.add(matches[j]!.term);
    if (seen.size > bestCount) [best, bestCount] = [m, seen.size];
  }
  return best;
}
