// Assertion helpers over cheerio, so a test can say "exactly one h1 inside .article-preview" in one line.
//
// A scope is a parsed document, an element, or an HTML string (parsed on the spot). Selectors are full CSS
// with cheerio `find` semantics: matches lie inside the scope, but, as with querySelectorAll, ancestor parts
// of a selector may match the scope itself or above it (`all(div, 'div p')` is every p in div, not only those in a nested div).
import { load } from 'cheerio';
// cheerio's node types live in domhandler, which cheerio depends on; type-only import.
import type { Document, Element } from 'domhandler';

export type El = Element;
export type Doc = Document;
export type Scope = Doc | El | string;

/** Wraps nodes from any parsed document. */
const $ = load('');

/** Parses a document (or fragment) the way a browser would. */
export function parse(html: string): Doc {
  return load(html).root()[0]!;
}

/** Every element under `scope` matching `selector`, in document order. */
export function all(scope: Scope, selector: string): El[] {
  return $(typeof scope === 'string' ? parse(scope) : scope)
    .find(selector)
    .toArray();
}

export function one(scope: Scope, selector: string): El | undefined {
  return all(scope, selector)[0];
}

/** The one match, failing loudly when there are none or several. */
export function only(scope: Scope, selector: string): El {
  const found = all(scope, selector);
  if (found.length !== 1) throw new Error(`expected exactly one "${selector}", found ${found.length}`);
  return found[0]!;
}

export function count(scope: Scope, selector: string): number {
  return all(scope, selector).length;
}

/** The child elements (no text or comment nodes). */
export function elements(el: El): El[] {
  return $(el).children().toArray();
}

export function hasClass(el: El, name: string): boolean {
  return $(el).hasClass(name);
}

/** Text content, entities decoded, whitespace left as is. */
export function rawText(el: El): string {
  return $(el).text();
}

/** Text content with whitespace collapsed and trimmed (non-breaking spaces count as spaces). */
export function text(el: El | undefined): string {
  if (el === undefined) return '';
  return rawText(el).replace(/[\s\u00a0]+/g, ' ').trim();
}

/** The texts of every match. */
export function texts(scope: Scope, selector: string): string[] {
  return all(scope, selector).map((el) => text(el));
}

/** The serialized inner HTML of an element (text and attributes re-escaped), for "no <script" style checks. */
export function innerHtml(el: El): string {
  return $(el).html() ?? '';
}
