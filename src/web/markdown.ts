import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Marked } from 'marked';
import { Doorkeeper } from '../cache/doorkeeper.js';
import sanitizeHtml from 'sanitize-html';

// The page's title is its only h1, so Markdown headings start one level down.
const marked = new Marked({
  gfm: true,
  breaks: false,
  walkTokens(token) {
    if (token.type === 'heading') token.depth = Math.min(token.depth + 1, 6);
  },
});

const allowed: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 'del', 's', 'a', 'img',
    'ul', 'ol', 'li', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'kbd',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'], // rel is always ours (see transformTags)
    img: ['src', 'alt', 'title'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // Scripts, styles and the like are dropped with their content, not shown as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
};

/**
 * Links from accounts still young carry nofollow and ugc; an established
 * account's are ordinary links (docs/decisions/0026). Either way `rel` is ours.
 */
const forLinks = {
  untrusted: { ...allowed, transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' }) } },
  trusted: { ...allowed, transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener' }) } },
} satisfies Record<string, sanitizeHtml.IOptions>;

// Parsing and sanitising cost far more than serving a page: popular articles are rendered once.
// Keyed by a digest of the Markdown itself, so an edit can never be served stale, and the
// source is not kept twice, and by whether its links are trusted, which an author's account
// gains with age alone (no edit moves it); bounded by the bytes of the HTML kept.
const rendered = new LRUCache<string, string>({
  maxSize: 4 * 1024 * 1024,
  maxEntrySize: 1024 * 1024,
  // V8 keeps Latin-1 text at a byte a character, most articles' HTML among it.
  sizeCalculation: (html) => html.length + 150,
});

// Most articles of a large site are read once in a while: only one read twice recently is kept.
const doorkeeper = new Doorkeeper(20_000);

/**
 * Markdown to safe HTML: whatever the author wrote, no script, handler or
 * javascript: URL survives. `linksTrusted`: the author's account is old
 * enough for their links to be followed (articleLinksTrusted).
 */
export function renderMarkdown(markdown: string, { linksTrusted }: { linksTrusted: boolean }): string {
  const trust = linksTrusted ? 'trusted' : 'untrusted';
  const key = `${trust}:${createHash('sha256').update(markdown).digest('base64url')}`;
  let html = rendered.get(key);
  if (html === undefined) {
    html = sanitizeHtml(marked.parse(markdown, { async: false }), forLinks[trust]);
    if (doorkeeper.admit(key)) rendered.set(key, html);
  }
  return html;
}

/**
 * HTML from elsewhere (a reply from the fediverse) made safe by the very
 * rules of our own Markdown's output: the same tags, attributes and schemes,
 * and its links followed by no one (nofollow ugc), as a young account's.
 */
export function sanitizeRemoteHtml(html: string): string {
  return sanitizeHtml(html, forLinks.untrusted);
}
