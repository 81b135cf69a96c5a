// The mixed scenario's traffic: a long, fixed list of requests over the whole data set, with
// Zipf-like popularity (a few very hot articles, authors and tags, and a long tail), some readers
// signed in, and optionally a share of writes. Deterministic: same data set and options, same list.
import Database from 'better-sqlite3';
import { commentBody, description, markdownBody, title } from './corpus.js';
import type { Manifest } from './generate.js';
import { Random, SkewedSampler } from './prng.js';
import type { Credentials } from './scenarios.js';

/** What the data set holds, read from the generated database: the traffic names only real rows. */
export interface Catalogue {
  articles: number;
  /** Slugs, most popular first: by favorites, which the generator skewed by a popularity ranking. */
  slugs: string[];
  /** Usernames, most prolific author first; users who never wrote come last. */
  users: string[];
  /** Tag names with their article counts, most used first. */
  tags: { name: string; uses: number }[];
  /** The users who read signed in: the bench reader, then the users who follow the most authors. */
  readers: { username: string; email: string; password: string }[];
}

/** Reads the catalogue from a generated database (only reads). All bench users share the reader's password. */
export function readCatalogue(databasePath: string, manifest: Manifest, readerCount = 8): Catalogue {
  // Not opened read-only: a read-only connection cannot remove the -wal and -shm files of a WAL
  // database when it closes, and they would stay beside the cached file.
  const db = new Database(databasePath, { fileMustExist: true });
  try {
    const slugs = db.prepare('SELECT slug FROM articles ORDER BY favorites_count DESC, id').pluck().all() as string[];
    const users = db
      .prepare(
        `SELECT u.username FROM users u LEFT JOIN (SELECT author_id, count(*) AS n FROM articles GROUP BY author_id) a ON a.author_id = u.id
         ORDER BY coalesce(a.n, 0) DESC, u.id`,
      )
      .pluck()
      .all() as string[];
    const tags = db
      .prepare('SELECT t.name, count(at.article_id) AS uses FROM tags t LEFT JOIN article_tags at ON at.tag_id = t.id GROUP BY t.id ORDER BY uses DESC, t.id')
      .all() as { name: string; uses: number }[];
    // A feed of someone who follows nobody is empty and cheap: the users who follow the most read signed in.
    const readers = db
      .prepare(
        `SELECT u.username, u.email FROM users u LEFT JOIN follows f ON f.follower_id = u.id
         GROUP BY u.id ORDER BY u.username = ? DESC, count(f.followee_id) DESC, u.id LIMIT ?`,
      )
      .all(manifest.reader.username, readerCount) as { username: string; email: string }[];
    return {
      articles: slugs.length,
      slugs,
      users,
      tags,
      readers: readers.map((r) => ({ ...r, password: manifest.reader.password })),
    };
  } finally {
    db.close();
  }
}

export type ReadKind =
  | 'home'
  | 'home-page'
  | 'article'
  | 'profile'
  | 'profile-favorites'
  | 'tag'
  | 'api-list'
  | 'api-tag'
  | 'api-author'
  | 'api-article'
  | 'api-comments'
  | 'api-tags'
  | 'feed'
  | 'api-feed';
export type WriteKind = 'favorite' | 'unfavorite' | 'comment' | 'follow' | 'unfollow' | 'new-article';

/**
 * Relative weights of the kinds of reads. Signed-in readers also read their feeds; everything
 * else is read by both. Pages carry the session cookie, API calls the token.
 */
export const READ_WEIGHTS: Record<ReadKind, number> = {
  home: 14,
  'home-page': 6,
  article: 20,
  profile: 7,
  'profile-favorites': 3,
  tag: 6,
  'api-list': 8,
  'api-tag': 5,
  'api-author': 4,
  'api-article': 10,
  'api-comments': 8,
  'api-tags': 4,
  feed: 10,
  'api-feed': 8,
};
const SIGNED_IN_ONLY: ReadonlySet<ReadKind> = new Set(['feed', 'api-feed']);

/** Relative weights of the kinds of writes, all through the API with a token. */
export const WRITE_WEIGHTS: Record<WriteKind, number> = {
  favorite: 30,
  unfavorite: 12,
  comment: 25,
  follow: 13,
  unfollow: 10,
  'new-article': 10,
};

export const WRITE_KINDS = Object.keys(WRITE_WEIGHTS) as WriteKind[];

export interface MixOptions {
  /** How many requests the list holds; it is sent round and round. */
  requests: number;
  /** Share of requests that are writes (0 … 1). */
  writeShare: number;
  /** Share of reads made signed in (0 … 1). */
  signedInShare: number;
  seed: number;
}

export const MIX_DEFAULTS: Omit<MixOptions, 'writeShare'> = { requests: 40_000, signedInShare: 0.3, seed: 20_261_130 };

/** One request of the plan, before credentials exist: `as` is the index of a reader in the catalogue. */
export interface PlannedRequest {
  kind: ReadKind | WriteKind;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  as: { reader: number; via: 'session' | 'token' } | null;
  body?: string;
}

/** What load.ts sends: a planned request with its credentials attached. */
export interface MixedRequest {
  kind: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A weighted choice among the keys of `weights`. */
function weighted<K extends string>(weights: Record<K, number>, allowed: (key: K) => boolean = () => true): (random: Random) => K {
  const keys = (Object.keys(weights) as K[]).filter(allowed);
  const total = keys.reduce((sum, k) => sum + weights[k], 0);
  return (random) => {
    let roll = random.next() * total;
    for (const key of keys) if ((roll -= weights[key]) < 0) return key;
    return keys[keys.length - 1]!;
  };
}

const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/**
 * Zipf–Mandelbrot samplers over the catalogue's rankings. The offsets keep the single hottest item
 * plausible (a few per cent of its kind, not a third) while the tail still reaches every row.
 */
function samplers(catalogue: Catalogue) {
  const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));
  const article = new SkewedSampler(identity(catalogue.slugs.length), 1, 3);
  const user = new SkewedSampler(identity(catalogue.users.length), 1, 5);
  const tag = new SkewedSampler(identity(catalogue.tags.length), 1, 1);
  // Readers page on from the first page rarely, and deep pages more rarely still.
  const homePage = new SkewedSampler(identity(pages(catalogue.articles, 10)), 1.3, 0);
  const apiPage = new SkewedSampler(identity(pages(catalogue.articles, 20)), 1.3, 0);
  const tagPages = catalogue.tags.map((t) => new SkewedSampler(identity(pages(t.uses, 10)), 1.3, 0));
  return { article, user, tag, homePage, apiPage, tagPages };
}

/** The plan: which request, as whom, in which order. Independent of any running server. */
export function planMix(catalogue: Catalogue, options: MixOptions): PlannedRequest[] {
  if (catalogue.readers.length < 2) throw new Error('the mixed scenario needs at least 2 bench users to sign in');
  const random = new Random(options.seed);
  // Bodies for new articles and comments come from their own stream, so the traffic's shape does not depend on them.
  const text = new Random(options.seed ^ 0x5eed);
  const pick = samplers(catalogue);
  const anonymousRead = weighted(READ_WEIGHTS, (k) => !SIGNED_IN_ONLY.has(k));
  const signedInRead = weighted(READ_WEIGHTS);
  const write = weighted(WRITE_WEIGHTS);
  const slug = () => catalogue.slugs[pick.article.sample(random)]!;
  const username = () => catalogue.users[pick.user.sample(random)]!;
  const tagIndex = () => pick.tag.sample(random);
  const tag = () => encodeURIComponent(catalogue.tags[tagIndex()]!.name);
  const reader = () => random.int(0, catalogue.readers.length - 1);

  const plan: PlannedRequest[] = [];
  for (let i = 0; i < options.requests; i++) {
    if (random.next() < options.writeShare) {
      const writer = reader();
      const as = { reader: writer, via: 'token' as const };
      const kind = write(random);
      if (kind === 'favorite' || kind === 'unfavorite') {
        plan.push({ kind, method: kind === 'favorite' ? 'POST' : 'DELETE', path: `/api/articles/${slug()}/favorite`, as });
      } else if (kind === 'comment') {
        plan.push({ kind, method: 'POST', path: `/api/articles/${slug()}/comments`, as, body: JSON.stringify({ comment: { body: commentBody(text) } }) });
      } else if (kind === 'follow' || kind === 'unfollow') {
        // Following oneself is refused (422): popular authors are drawn until it is someone else.
        let followee = username();
        while (followee === catalogue.readers[writer]!.username) followee = username();
        plan.push({ kind, method: kind === 'follow' ? 'POST' : 'DELETE', path: `/api/profiles/${followee}/follow`, as });
      } else {
        const tagList = [...new Set(Array.from({ length: text.int(1, 3) }, () => catalogue.tags[tagIndex()]!.name))];
        const article = { title: title(text), description: description(text), body: markdownBody(text), tagList };
        plan.push({ kind, method: 'POST', path: '/api/articles', as, body: JSON.stringify({ article }) });
      }
      continue;
    }
    const signedIn = random.next() < options.signedInShare;
    const kind = signedIn ? signedInRead(random) : anonymousRead(random);
    const as = signedIn ? { reader: reader(), via: kind.startsWith('api-') ? ('token' as const) : ('session' as const) } : null;
    plan.push({ kind, method: 'GET', path: readPath(kind, catalogue, pick, random, { slug, username, tag, tagIndex }), as });
  }
  return plan;
}

function readPath(
  kind: ReadKind,
  catalogue: Catalogue,
  pick: ReturnType<typeof samplers>,
  random: Random,
  draw: { slug: () => string; username: () => string; tag: () => string; tagIndex: () => number },
): string {
  switch (kind) {
    case 'home':
      return '/';
    case 'home-page':
      // Page 1 is `/` itself: this kind is the pages after it.
      return `/?page=${Math.max(2, pick.homePage.sample(random) + 1)}`;
    case 'article':
      return `/article/${draw.slug()}`;
    case 'profile':
      return `/profile/${draw.username()}`;
    case 'profile-favorites':
      return `/profile/${draw.username()}/favorites`;
    case 'tag': {
      const t = draw.tagIndex();
      const page = pick.tagPages[t]!.sample(random) + 1;
      const name = encodeURIComponent(catalogue.tags[t]!.name);
      return page === 1 ? `/tag/${name}` : `/tag/${name}?page=${page}`;
    }
    case 'api-list':
      return `/api/articles?limit=20&offset=${pick.apiPage.sample(random) * 20}`;
    case 'api-tag':
      return `/api/articles?tag=${draw.tag()}`;
    case 'api-author':
      return `/api/articles?author=${draw.username()}`;
    case 'api-article':
      return `/api/articles/${draw.slug()}`;
    case 'api-comments':
      return `/api/articles/${draw.slug()}/comments`;
    case 'api-tags':
      return '/api/tags';
    case 'feed':
      return '/?feed=following';
    case 'api-feed':
      return '/api/articles/feed';
  }
}

/** The plan with each reader's cookie or token attached (they change with every server start). */
export function withCredentials(plan: PlannedRequest[], credentials: Credentials[]): MixedRequest[] {
  return plan.map(({ kind, method, path, as, body }) => {
    const headers: Record<string, string> = {};
    if (as) {
      const own = credentials[as.reader];
      if (!own) throw new Error(`no credentials for bench user ${as.reader}`);
      if (as.via === 'session') headers.cookie = own.cookie;
      else headers.authorization = `Token ${own.token}`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    return body === undefined ? { kind, method, path, headers } : { kind, method, path, headers, body };
  });
}

export interface MixSummary {
  requests: number;
  distinctPaths: number;
  /** Share of the list that is writes, as drawn (near the asked share). */
  listWriteShare: number;
  /** Share of reads made signed in. */
  signedInShare: number;
  readers: number;
  /** Share of article reads (page or API) that go to the single hottest article, and to the hottest 1 %. */
  hottestArticleShare: number;
  hottestPercentShare: number;
  /** Requests per kind. */
  kinds: Record<string, number>;
}

/** What the plan looks like: enough to see it is skewed, not uniform and not one URL. */
export function summarize(plan: PlannedRequest[], catalogue: Catalogue): MixSummary {
  const kinds: Record<string, number> = {};
  const articleHits = new Map<string, number>();
  let reads = 0;
  let signedIn = 0;
  for (const r of plan) {
    kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    if (r.method === 'GET') {
      reads++;
      if (r.as) signedIn++;
    }
    const slug = /^\/(?:article|api\/articles)\/([^/?]+)$/.exec(r.path)?.[1];
    if (r.method === 'GET' && slug && slug !== 'feed') articleHits.set(slug, (articleHits.get(slug) ?? 0) + 1);
  }
  const hits = [...articleHits.values()].sort((a, b) => b - a);
  const articleReads = hits.reduce((sum, n) => sum + n, 0);
  const top = Math.max(1, Math.round(catalogue.articles / 100));
  const share = (n: number) => (articleReads > 0 ? n / articleReads : 0);
  return {
    requests: plan.length,
    distinctPaths: new Set(plan.map((r) => r.path)).size,
    listWriteShare: (plan.length - reads) / Math.max(1, plan.length),
    signedInShare: signedIn / Math.max(1, reads),
    readers: catalogue.readers.length,
    hottestArticleShare: share(hits[0] ?? 0),
    hottestPercentShare: share(hits.slice(0, top).reduce((sum, n) => sum + n, 0)),
    kinds,
  };
}
