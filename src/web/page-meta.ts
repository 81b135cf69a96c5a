import type { Article } from '../domain/publishing/articles.js';
import type { Profile } from '../domain/publishing/profiles.js';
import { xmlDate } from './xml-text.js';
import { paths, type PublicAddress } from './public-address.js';
import { SITE_DESCRIPTION } from './view-helpers.js';

/** What views/layout.eta writes in a page's head besides its title (all optional but the description). */
export interface PageMeta {
  description: string;
  /** Absolute: the page's one address for search engines. */
  canonical?: string;
  /** The Atom feed that follows this page, also shown as a visible link. */
  feed?: { title: string; href: string };
  /** Open Graph (`og:`, `article:`, `profile:`): `<meta property>`. */
  properties?: Array<[string, string]>;
  /** Twitter card: `<meta name>`. */
  names?: Array<[string, string]>;
  /** JSON-LD, already safe to write inside <script> (see jsonLd). */
  jsonLd?: string;
}

export const SITE_NAME = 'Conduit';

/**
 * JSON for a `<script type="application/ld+json">`: the HTML parser ends a
 * script at `</script` whatever the JSON means, so `<`, `>` and `&` are
 * written as \u escapes (still the same JSON), and so are U+2028 and U+2029.
 */
export function jsonLd(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A long text cut at a word for a meta description (search engines show about 160 characters). */
export function shortText(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/** `path`, with `?page=N` past the first page: each page of a list is its own page to a crawler. */
const pagePath = (path: string, page: number) => (page > 1 ? `${path}?page=${page}` : path);

/** A picture's address as other sites need it: the demo avatars are paths on our site. */
const imageUrl = (address: PublicAddress | undefined, image: string | null) => (image?.startsWith('/') ? address?.url(image) : image);

const present = (pairs: Array<[string, string | null | undefined]>) => pairs.filter((p): p is [string, string] => typeof p[1] === 'string' && p[1] !== '');

export function homeMeta(address: PublicAddress | undefined, page: number): PageMeta {
  return {
    description: SITE_DESCRIPTION,
    canonical: address?.url(pagePath('/', page)),
    feed: address && { title: 'Conduit: newest articles', href: paths.siteFeed },
  };
}

export function tagMeta(address: PublicAddress | undefined, tag: string, page: number): PageMeta {
  return {
    description: `Articles tagged “${tag}” on Conduit, newest first.`,
    canonical: address?.url(pagePath(paths.tag(tag), page)),
    feed: address && { title: `Conduit: articles tagged ${tag}`, href: paths.tagFeed(tag) },
  };
}

export function articleMeta(address: PublicAddress | undefined, article: Article): PageMeta {
  const url = address?.url(paths.article(article.slug));
  const authorUrl = address?.url(paths.profile(article.author.username));
  const description = shortText(article.description);
  return {
    description,
    canonical: url,
    properties: present([
      ['og:type', 'article'],
      ['og:site_name', SITE_NAME],
      ['og:title', article.title],
      ['og:description', description],
      ['og:url', url],
      ['og:image', imageUrl(address, article.author.image)],
      ['article:published_time', xmlDate(article.createdAt)],
      ['article:modified_time', xmlDate(article.updatedAt)],
      ['article:author', authorUrl],
      ...article.tagList.map((tag): [string, string] => ['article:tag', tag]),
    ]),
    names: present([
      ['twitter:card', 'summary'],
      ['twitter:title', article.title],
      ['twitter:description', description],
      ['twitter:image', imageUrl(address, article.author.image)],
    ]),
    jsonLd: jsonLd({
      '@context': 'https://schema.org',
      '@type': 'Article',
      headline: article.title,
      description: article.description,
      author: { '@type': 'Person', name: article.author.username, url: authorUrl },
      datePublished: xmlDate(article.createdAt),
      dateModified: xmlDate(article.updatedAt),
      url,
      mainEntityOfPage: url,
      keywords: article.tagList,
    }),
  };
}

export function profileMeta(address: PublicAddress | undefined, profile: Profile, tab: 'articles' | 'favorites', page: number): PageMeta {
  const profilePath = paths.profile(profile.username);
  const url = address?.url(profilePath);
  const description = profile.bio
    ? shortText(profile.bio)
    : tab === 'articles'
      ? `Articles by ${profile.username} on Conduit.`
      : `Articles ${profile.username} favorited on Conduit.`;
  return {
    description,
    canonical: address?.url(pagePath(tab === 'articles' ? profilePath : `${profilePath}/favorites`, page)),
    feed: address && { title: `Conduit: articles by ${profile.username}`, href: paths.authorFeed(profile.username) },
    properties: present([
      ['og:type', 'profile'],
      ['og:site_name', SITE_NAME],
      ['og:title', `${profile.username} on Conduit`],
      ['og:description', description],
      ['og:url', url],
      ['og:image', imageUrl(address, profile.image)],
      ['profile:username', profile.username],
    ]),
    names: present([
      ['twitter:card', 'summary'],
      ['twitter:title', `${profile.username} on Conduit`],
      ['twitter:description', description],
      ['twitter:image', imageUrl(address, profile.image)],
    ]),
    jsonLd: jsonLd({
      '@context': 'https://schema.org',
      '@type': 'Person',
      name: profile.username,
      description: profile.bio ?? undefined,
      image: imageUrl(address, profile.image) ?? undefined,
      url,
    }),
  };
}
