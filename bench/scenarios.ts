import type { Manifest } from './generate.js';

/** Who the request is made as: nobody, the bench reader's browser session, or its API token. */
export type As = 'anonymous' | 'session' | 'token';

export interface Scenario {
  id: string;
  label: string;
  path: string;
  as: As;
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
  ];
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
