import { corpusWords } from './corpus.js';
import type { Manifest } from './generate.js';
import { Random, SkewedSampler } from './prng.js';

/** Who the request is made as: nobody, the bench reader's browser session, or its API token. */
export type As = 'anonymous' | 'session' | 'token';

export interface Scenario {
  id: string;
  label: string;
  /** The first (or only) request: checked before the load, and counted for SQL per request. */
  path: string;
  as: As;
  /** Many different URLs, sent in turn across all connections (bench/load.ts): the load then asks for these, not `path` alone. */
  paths?: string[];
}

/** The read scenarios, in table order, for one data set. */
export function readScenarios(manifest: Manifest): Scenario[] {
  const pages = Math.ceil(manifest.scale.articles / 10);
  // Page 500 does not exist at 1 000 articles: the last page is the deepest offset there.
  const deep = Math.min(500, pages);
  const tag = encodeURIComponent(manifest.popularTag);
  return [
    { id: 'home', label: 'home, signed out', path: '/', as: 'anonymous' },
    { id: 'home-signed-in', label: `home, signed in (follows ${manifest.scale.readerFollows})`, path: '/', as: 'session' },
    { id: 'your-feed', label: 'Your Feed', path: '/?feed=following', as: 'session' },
    { id: 'tag', label: `tag page (#${manifest.popularTag}, ${manifest.tagUses} articles)`, path: `/tag/${tag}`, as: 'anonymous' },
    { id: 'page-500', label: `global feed, page ${deep}`, path: `/?page=${deep}`, as: 'anonymous' },
    { id: 'article', label: `article with ${manifest.scale.designatedComments} comments`, path: `/article/${manifest.commentedSlug}`, as: 'anonymous' },
    { id: 'profile', label: `profile (${manifest.profileArticles} articles)`, path: `/profile/${manifest.profileUsername}`, as: 'anonymous' },
    { id: 'api-articles', label: 'GET /api/articles', path: '/api/articles', as: 'anonymous' },
    { id: 'api-feed', label: 'GET /api/articles/feed', path: '/api/articles/feed', as: 'token' },
    { id: 'api-tags', label: 'GET /api/tags', path: '/api/tags', as: 'anonymous' },
    searchScenario(manifest),
  ];
}

const SEARCH_URLS = 5000;

/**
 * The search page over many queries: words drawn Zipf-like from the words the
 * articles are written with (most frequent first, so "the", "a" and "and" are
 * drawn most, and rare words reach the tail), one to three words a query,
 * sometimes a later page or narrowed to the popular tag. As the signed-in
 * reader: their pages are never kept whole (the public cache is for signed-out
 * readers only) and no search result is kept in memory (src/domain/discovery/search.ts),
 * so every request runs the query, as a signed-out reader's first read of a
 * query does. Unique queries would do the same, but are not what readers type.
 */
export function searchScenario(manifest: Manifest): Scenario {
  const words = corpusWords().map((w) => w.word);
  const random = new Random(0x5ea5c4);
  const sampler = new SkewedSampler(Int32Array.from(words.keys()), 1, 1);
  const tag = encodeURIComponent(manifest.popularTag);
  const paths: string[] = [];
  for (let i = 0; i < SEARCH_URLS; i++) {
    const roll = random.next();
    const count = roll < 0.6 ? 1 : roll < 0.9 ? 2 : 3;
    const q = Array.from({ length: count }, () => words[sampler.sample(random)]!).join(' ');
    const extra = random.next();
    const more = extra < 0.1 ? `&page=${random.int(2, 5)}` : extra < 0.2 ? `&tag=${tag}` : '';
    paths.push(`/search?q=${encodeURIComponent(q)}${more}`);
  }
  return {
    id: 'search',
    label: `search page, ${SEARCH_URLS} queries (Zipf over corpus words, 1–3 words), signed in`,
    path: paths[0]!,
    as: 'session',
    paths,
  };
}

/** The sign-in request: the API's, since it answers 200 (the form's 303 would count as non-2xx). */
export function signInRequest(manifest: Manifest): { path: string; body: string } {
  return {
    path: '/api/users/login',
    body: JSON.stringify({ user: { email: manifest.reader.email, password: manifest.reader.password } }),
  };
}

export interface Credentials {
  cookie: string;
  token: string;
}

export function headersFor(as: As, credentials: Credentials): Record<string, string> {
  if (as === 'session') return { cookie: credentials.cookie };
  if (as === 'token') return { authorization: `Token ${credentials.token}` };
  return {};
}
