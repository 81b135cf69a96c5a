/**
 * Text and attribute values for the XML we write (feeds, sitemaps): escaped,
 * never wrapped in CDATA (docs/decisions/0020), and stripped of what XML 1.0
 * cannot carry at all: control characters other than tab, LF and CR, U+FFFE
 * and U+FFFF, and surrogates that are not half of a pair. Whatever an author
 * wrote, the document stays well-formed.
 */

// With the `u` flag a lone surrogate is one code point of its own, outside every allowed range.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const MARKUP = /[&<>"]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** `value` as XML character data or a double-quoted attribute value. */
export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(MARKUP, (c) => ENTITY[c]!);
}

/** An element holding text: `<name attrs>text</name>`. */
export function xmlElement(name: string, text: string, attributes: Record<string, string> = {}): string {
  return `<${name}${xmlAttributes(attributes)}>${xmlText(text)}</${name}>`;
}

/** ` a="…" b="…"`, escaped. */
export function xmlAttributes(attributes: Record<string, string>): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) out += ` ${name}="${xmlText(value)}"`;
  return out;
}

/** An RFC 3339 date-time in UTC, as Atom and sitemaps write them. */
export const xmlDate = (ms: number) => new Date(ms).toISOString();
