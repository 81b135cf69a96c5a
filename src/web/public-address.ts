/**
 * Absolute addresses of our pages, from PUBLIC_URL alone: a request's Host
 * header is whatever the client sent, and a feed or sitemap built from it
 * could point readers and crawlers anywhere.
 */
export interface PublicAddress {
  /** The origin, without a trailing slash: `https://conduit.example`. */
  readonly origin: string;
  /** The host name alone (no port), the authority of our `tag:` URIs. */
  readonly host: string;
  /** `path` (starting with `/`, already percent-encoded) made absolute. */
  url(path: string): string;
}

export function publicAddress(publicUrl: string): PublicAddress {
  const origin = publicUrl.replace(/\/$/, '');
  return { origin, host: new URL(origin).hostname, url: (path) => `${origin}${path}` };
}

/** Paths of the pages feeds, sitemaps and metadata point to, encoded once here. */
export const paths = {
  article: (slug: string) => `/article/${encodeURIComponent(slug)}`,
  profile: (username: string) => `/profile/${encodeURIComponent(username)}`,
  tag: (tag: string) => `/tag/${encodeURIComponent(tag)}`,
  siteFeed: '/feed.atom',
  authorFeed: (username: string) => `/profile/${encodeURIComponent(username)}/feed.atom`,
  tagFeed: (tag: string) => `/tag/${encodeURIComponent(tag)}/feed.atom`,
};
