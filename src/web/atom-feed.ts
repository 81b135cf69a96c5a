import type { NumberedArticle } from '../domain/publishing/newest-articles.js';
import { renderMarkdown } from './markdown.js';
import { paths, type PublicAddress } from './public-address.js';
import { xmlAttributes, xmlDate, xmlElement } from './xml-text.js';

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

/** What a feed is about: its title, a line saying so, and the page and path it stands for. */
export interface FeedSubject {
  title: string;
  subtitle: string;
  /** The HTML page the feed follows. */
  pagePath: string;
  /** The feed's own path. */
  feedPath: string;
}

/**
 * An entry's id for good (RFC 4151): our host, the day the article was
 * created and its number. Neither a new title (a new slug) nor a new
 * PUBLIC_URL scheme or port makes readers see the entry again as new.
 */
export function entryId(address: PublicAddress, article: Pick<NumberedArticle, 'id' | 'createdAt'>): string {
  return `tag:${address.host},${xmlDate(article.createdAt).slice(0, 10)}:article/${article.id}`;
}

/** The time the feed last changed: its newest entry's update (the epoch for a feed with none). */
export const feedUpdated = (articles: readonly NumberedArticle[]) => articles.reduce((newest, a) => Math.max(newest, a.updatedAt), 0);

/**
 * An Atom 1.0 document (RFC 4287) of these articles, newest first, each with
 * its whole body as the sanitised HTML the article page shows. Every string
 * goes through xmlText, so no content can break the document.
 */
export function atomFeed(address: PublicAddress, subject: FeedSubject, articles: readonly NumberedArticle[]): string {
  const link = (rel: string, type: string, href: string) => `<link${xmlAttributes({ rel, type, href })}/>`;
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    // xml:base: links an author wrote as relative paths resolve against our site, as on the page.
    `<feed xmlns="http://www.w3.org/2005/Atom"${xmlAttributes({ 'xml:base': `${address.origin}/` })}>`,
    xmlElement('id', address.url(subject.feedPath)),
    xmlElement('title', subject.title),
    xmlElement('subtitle', subject.subtitle),
    xmlElement('updated', xmlDate(feedUpdated(articles))),
    link('self', 'application/atom+xml', address.url(subject.feedPath)),
    link('alternate', 'text/html', address.url(subject.pagePath)),
  ];
  for (const a of articles) {
    out.push(
      '<entry>',
      xmlElement('id', entryId(address, a)),
      xmlElement('title', a.title, { type: 'text' }),
      link('alternate', 'text/html', address.url(paths.article(a.slug))),
      xmlElement('published', xmlDate(a.createdAt)),
      xmlElement('updated', xmlDate(a.updatedAt)),
      `<author>${xmlElement('name', a.author.username)}${xmlElement('uri', address.url(paths.profile(a.author.username)))}</author>`,
      ...a.tagList.map((tag) => `<category${xmlAttributes({ term: tag })}/>`),
      xmlElement('summary', a.description, { type: 'text' }),
      // Links stay nofollow in feeds whatever the author's age: a kept feed must not change with time alone.
      xmlElement('content', renderMarkdown(a.body, { linksTrusted: false }), { type: 'html' }),
      '</entry>',
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}
