import { existsSync, rmSync } from 'node:fs';
import BetterSqlite from 'better-sqlite3';
import { openSqlite } from '../src/db/sqlite.js';
import { createPasswordHasher } from '../src/domain/accounts/password-hashing.js';
import { BIOS, commentBody, description, markdownBody, TAG_NAMES, title } from './corpus.js';
import { Random, SkewedSampler } from './prng.js';

/** How much of everything to generate. */
export interface Scale {
  name: string;
  users: number;
  articles: number;
  comments: number;
  favorites: number;
  follows: number;
  tags: number;
  /** Authors (with articles) the bench reader, user00001, follows: part of `follows`. */
  readerFollows: number;
  /** Comments on the designated article (the newest one): part of `comments`. */
  designatedComments: number;
}

/** What the runner needs to know about a generated database (kept in a JSON file beside it). */
export interface Manifest {
  scale: Scale;
  reader: { username: string; email: string; password: string };
  /** The newest article, with exactly `designatedComments` comments. */
  commentedSlug: string;
  /** The author with the most articles: the profile scenario's page. */
  profileUsername: string;
  /** The most used tag: the tag scenario's page. */
  popularTag: string;
  tagUses: number;
  profileArticles: number;
  /** Columns of the current schema the generator does not fill (left at their defaults). */
  schemaNotes: string[];
}

export const BENCH_PASSWORD = 'bench-reader-password-2026';
export const COMMENTED_SLUG = 'bench-article-with-comments';

const DAY = 24 * 60 * 60 * 1000;
// Fixed dates keep the data deterministic: articles span the three years before END.
const END = Date.UTC(2026, 9, 1, 12, 0, 0);
const START = END - 3 * 365 * DAY;
const SEED = 20_261_001;

const username = (index: number, users: number) => `user${String(index + 1).padStart(Math.max(5, String(users).length), '0')}`;

/**
 * Builds a benchmark database at `path` (replacing any file there): schema by
 * the app's own migrations, rows by raw prepared statements in one
 * transaction per table, all drawn from a seeded PRNG.
 */
export async function generate({ path, scale }: { path: string; scale: Scale }): Promise<Manifest> {
  validate(scale);
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix);

  // One hash, reused by every user: argon2 at production cost would take minutes for 10 000 users,
  // and a shared hash is harmless in a throwaway benchmark database. Sign-in still pays the full verify.
  const hasher = createPasswordHasher({ memoryCost: 19_456, timeCost: 2, allowCommon: true, concurrency: 1 });
  const passwordHash = await hasher.hash(BENCH_PASSWORD);

  const plan = planData(scale);
  // The app's own opening makes the schema (its migrations), then closes; the rows go in through a
  // raw better-sqlite3 connection of our own, whose synchronous prepared statements load fastest.
  await openSqlite(path).close();
  const sqlite = new BetterSqlite(path);
  // Bulk-load settings: no journal, no fsync, no per-row FK lookups (the test checks the keys instead).
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('cache_size = -1048576');
  sqlite.pragma('temp_store = MEMORY');

  const bulk = (fn: () => void) => sqlite.transaction(fn)();
  const text = new Random(SEED ^ 0x7e47);
  const schemaNotes: string[] = [];
  const into = (table: string, columns: string[], keptByTriggers: string[] = [], rightAtDefault: string[] = []) =>
    inserter(sqlite, table, columns, schemaNotes, [...keptByTriggers, ...rightAtDefault]);

  bulk(() => {
    // Everyone a member, in UTC: roles and time zones change nothing a reader's request costs.
    const insert = into('users', ['id', 'username', 'email', 'password_hash', 'bio', 'image', 'created_at', 'updated_at'], [], ['role', 'suspended_at', 'suspended_until', 'suspension_reason', 'time_zone']);
    for (let u = 0; u < scale.users; u++) {
      const name = username(u, scale.users);
      const bio = text.next() < 0.6 ? text.pick(BIOS) : null;
      // A few external avatars (never fetched by the load generator), most on the default one.
      const image = text.next() < 0.2 ? `https://images.bench.example/avatars/${name}.png` : null;
      const at = plan.userCreatedAt[u]!;
      insert({ id: u + 1, username: name, email: `${name}@bench.example`, password_hash: passwordHash, bio, image, created_at: at, updated_at: at });
    }
  });

  bulk(() => {
    // uses: counted by the triggers on article_tags (migration 0005) as the links go in.
    const insert = into('tags', ['id', 'name', 'created_at'], ['uses']);
    for (let t = 0; t < scale.tags; t++) insert({ id: t + 1, name: tagName(t), created_at: START - (scale.tags - t) * DAY });
  });

  bulk(() => {
    // Nothing hidden, nothing a draft: a site as most of its readers find it.
    const insert = into('articles', ['id', 'slug', 'title', 'description', 'body', 'author_id', 'favorites_count', 'created_at', 'updated_at'], [], ['hidden_at', 'hidden_reason', 'status', 'publish_at']);
    // article_created_at: the copy of the article's date that the schema keeps for tag pages (migration 0001).
    const link = into('article_tags', ['article_id', 'tag_id', 'article_created_at'], ['article_hidden_at']);
    for (let a = 0; a < scale.articles; a++) {
      const designated = a === scale.articles - 1;
      const heading = designated ? 'Bench article with comments' : title(text);
      const slug = designated ? COMMENTED_SLUG : `${slugOf(heading)}-${(a + 1).toString(36)}`;
      const at = plan.articleCreatedAt[a]!;
      insert({
        id: a + 1,
        slug,
        title: heading,
        description: description(text),
        body: markdownBody(text),
        author_id: plan.articleAuthor[a]! + 1,
        // Counted by the triggers on favorites (migration 0008) as the favorites go in.
        favorites_count: 0,
        created_at: at,
        updated_at: at,
      });
      for (const t of plan.articleTags[a]!) link({ article_id: a + 1, tag_id: t + 1, article_created_at: at });
    }
  });

  bulk(() => {
    const insert = into('comments', ['id', 'article_id', 'author_id', 'body', 'created_at', 'updated_at'], [], ['hidden_at', 'hidden_reason']);
    for (let c = 0; c < scale.comments; c++) {
      const a = plan.commentArticle[c]!;
      const at = Math.min(END, plan.articleCreatedAt[a]! + text.int(60_000, 60 * DAY));
      insert({ id: c + 1, article_id: a + 1, author_id: plan.commentAuthor[c]! + 1, body: commentBody(text), created_at: at, updated_at: at });
    }
  });

  bulk(() => {
    const insert = into('follows', ['follower_id', 'followee_id', 'created_at']);
    for (const key of plan.followKeys) {
      const follower = Math.floor(key / scale.users);
      insert({ follower_id: follower + 1, followee_id: (key % scale.users) + 1, created_at: END - text.int(0, 3 * 365) * DAY });
    }
  });

  bulk(() => {
    // Keys are sorted by (user, article): rows arrive in primary-key order.
    const insert = into('favorites', ['user_id', 'article_id', 'created_at']);
    for (const key of plan.favoriteKeys) {
      const article = key % scale.articles;
      const at = Math.min(END, plan.articleCreatedAt[article]! + text.int(0, 90) * DAY);
      insert({ user_id: Math.floor(key / scale.articles) + 1, article_id: article + 1, created_at: at });
    }
  });

  // The bulk load moved the cache clock once per row (triggers, migration 0003). A data set that
  // starts at seq 1 behaves like a freshly deployed one, and runs stay comparable.
  sqlite.exec('DELETE FROM cache_versions');
  // Statistics as a long-running production database would have them; then back to WAL, as the app runs.
  sqlite.exec('ANALYZE');
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();

  const reader = username(0, scale.users);
  return {
    scale,
    reader: { username: reader, email: `${reader}@bench.example`, password: BENCH_PASSWORD },
    commentedSlug: COMMENTED_SLUG,
    profileUsername: username(plan.topAuthor, scale.users),
    popularTag: tagName(plan.topTag),
    tagUses: plan.topTagUses,
    profileArticles: plan.topAuthorArticles,
    schemaNotes,
  };
}

type SqlValue = string | number | null;

/**
 * An insert for `table` that writes the columns the generator knows and the current schema has,
 * so the generator follows schema changes: a new required column it cannot fill stops it with a
 * clear message; a new column with a default is noted (derived data, such as a count, would be wrong).
 */
function inserter(
  sqlite: BetterSqlite.Database,
  table: string,
  known: string[],
  notes: string[],
  keptByTriggers: string[],
): (row: Record<string, SqlValue>) => void {
  const columns = sqlite
    .prepare('SELECT name, "notnull" AS required, dflt_value AS fallback, pk FROM pragma_table_info(?)')
    .all(table) as { name: string; required: number; fallback: string | null; pk: number }[];
  for (const column of columns) {
    if (known.includes(column.name) || keptByTriggers.includes(column.name)) continue;
    if (column.required && column.fallback === null && column.pk === 0) {
      throw new Error(`bench/generate.ts cannot fill the required column ${table}.${column.name}: teach it how`);
    }
    notes.push(`${table}.${column.name} is left at its default (${column.fallback ?? 'NULL'})`);
  }
  const present = new Set(columns.map((c) => c.name));
  const used = known.filter((name) => present.has(name));
  const statement = sqlite.prepare(`INSERT INTO "${table}" (${used.map((n) => `"${n}"`).join(', ')}) VALUES (${used.map((n) => `@${n}`).join(', ')})`);
  return (row) => void statement.run(row);
}

function validate(scale: Scale): void {
  const problems: string[] = [];
  if (scale.users < 2 || scale.articles < 2) problems.push('needs at least 2 users and 2 articles');
  if (scale.tags > TAG_NAMES.length * 10 || scale.tags < 4) problems.push(`tags must be 4..${TAG_NAMES.length * 10}`);
  if (scale.designatedComments > scale.comments) problems.push('designatedComments exceeds comments');
  if (scale.readerFollows > scale.follows) problems.push('readerFollows exceeds follows');
  if (scale.follows > scale.users * (scale.users - 1) * 0.5) problems.push('too many follows for the users');
  if (scale.favorites > scale.users * scale.articles * 0.5) problems.push('too many favorites for users × articles');
  if (problems.length > 0) throw new Error(`Invalid scale ${scale.name}: ${problems.join('; ')}`);
}

/** Tag names beyond the 50 real words get a numeric suffix (only for odd scales). */
const tagName = (t: number) => (t < TAG_NAMES.length ? TAG_NAMES[t]! : `${TAG_NAMES[t % TAG_NAMES.length]!}${Math.floor(t / TAG_NAMES.length)}`);

const slugOf = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

interface Plan {
  userCreatedAt: Float64Array;
  articleCreatedAt: Float64Array;
  articleAuthor: Int32Array;
  articleTags: number[][];
  commentArticle: Int32Array;
  commentAuthor: Int32Array;
  /** follower * users + followee, sorted. */
  followKeys: Float64Array;
  /** user * articles + article, sorted. */
  favoriteKeys: Float64Array;
  topAuthor: number;
  topAuthorArticles: number;
  topTag: number;
  topTagUses: number;
}

/**
 * Every relation, decided up front (0-based indexes), so each row is written
 * once, in order (the triggers count favorites and tag uses as they go in). Each concern has its
 * own random stream, so changing one leaves the others as they were.
 */
function planData(scale: Scale): Plan {
  const { users, articles } = scale;
  const stream = (n: number) => new Random(SEED + n * 7919);

  const userCreatedAt = new Float64Array(users);
  const dates = stream(1);
  for (let u = 0; u < users; u++) userCreatedAt[u] = START - dates.int(1, 365) * DAY;

  // Articles in time order (ids follow dates, as autoincrement would), one step apart plus jitter: distinct ms.
  const articleCreatedAt = new Float64Array(articles);
  const step = Math.floor((END - START) / articles);
  for (let a = 0; a < articles; a++) articleCreatedAt[a] = START + a * step + dates.int(0, Math.max(0, step - 1));

  // Authorship: a skew over a random ranking of users, so some write a lot and many never.
  const authoring = stream(2);
  const authorRanking = authoring.permutation(users);
  const authorSampler = new SkewedSampler(authorRanking, 0.9, 1);
  const articleAuthor = new Int32Array(articles);
  const articlesByUser = new Int32Array(users);
  for (let a = 0; a < articles; a++) {
    const author = authorSampler.sample(authoring);
    articleAuthor[a] = author;
    articlesByUser[author]!++;
  }
  let topAuthor = 0;
  for (let u = 1; u < users; u++) if (articlesByUser[u]! > articlesByUser[topAuthor]!) topAuthor = u;

  // Tags: 1–4 distinct per article, Zipf over the tag list (tag 0 the most used).
  const tagging = stream(3);
  const tagSampler = new SkewedSampler(identity(scale.tags), 1, 0);
  const tagUses = new Int32Array(scale.tags);
  const articleTags: number[][] = [];
  for (let a = 0; a < articles; a++) {
    const wanted = tagging.int(1, 4);
    const chosen = new Set<number>();
    while (chosen.size < wanted) chosen.add(tagSampler.sample(tagging));
    const list = [...chosen].sort((x, y) => x - y);
    for (const t of list) tagUses[t]!++;
    articleTags.push(list);
  }
  let topTag = 0;
  for (let t = 1; t < scale.tags; t++) if (tagUses[t]! > tagUses[topTag]!) topTag = t;

  // Popularity (favorites and comments) is a skew over a random ranking of articles.
  const popularity = stream(4);
  const articleSampler = new SkewedSampler(popularity.permutation(articles), 0.9, 20);

  const favoring = stream(5);
  const favoriteUserSampler = new SkewedSampler(favoring.permutation(users), 0.7, 5);
  const favoriteSet = new Set<number>();
  drawUnique(scale.favorites, 'favorites', () => {
    const article = articleSampler.sample(favoring);
    const key = favoriteUserSampler.sample(favoring) * articles + article;
    if (favoriteSet.has(key)) return false;
    favoriteSet.add(key);
    return true;
  });

  // Comments: exactly `designatedComments` on the newest article, the rest skewed by popularity elsewhere.
  const commenting = stream(6);
  const designated = articles - 1;
  const commentArticle = new Int32Array(scale.comments);
  const commentAuthor = new Int32Array(scale.comments);
  for (let c = 0; c < scale.comments; c++) {
    let article = designated;
    if (c >= scale.designatedComments) while (article === designated) article = articleSampler.sample(commenting);
    commentArticle[c] = article;
    commentAuthor[c] = commenting.int(0, users - 1);
  }

  // Follows: the reader (user 0) follows exactly `readerFollows` authors; everyone else skews toward prolific authors.
  const following = stream(7);
  const followSet = new Set<number>();
  const authors = identity(users).filter((u) => u !== 0 && articlesByUser[u]! > 0);
  if (authors.length < scale.readerFollows) {
    throw new Error(`Scale ${scale.name}: only ${authors.length} authors for the reader to follow (${scale.readerFollows} asked)`);
  }
  const shuffled = following.permutation(authors.length);
  for (let i = 0; i < scale.readerFollows; i++) followSet.add(authors[shuffled[i]!]!);
  const followerSampler = new SkewedSampler(following.permutation(users), 0.5, 10);
  const followeeSampler = new SkewedSampler(authorRanking, 0.8, 10);
  drawUnique(scale.follows - scale.readerFollows, 'follows', () => {
    const follower = followerSampler.sample(following);
    const followee = followeeSampler.sample(following);
    const key = follower * users + followee;
    if (follower === 0 || follower === followee || followSet.has(key)) return false;
    followSet.add(key);
    return true;
  });

  return {
    userCreatedAt,
    articleCreatedAt,
    articleAuthor,
    articleTags,
    commentArticle,
    commentAuthor,
    followKeys: Float64Array.from(followSet).sort(),
    favoriteKeys: Float64Array.from(favoriteSet).sort(),
    topAuthor,
    topAuthorArticles: articlesByUser[topAuthor]!,
    topTag,
    topTagUses: tagUses[topTag]!,
  };
}

/** Calls `tryOne` until it has succeeded `wanted` times; gives up loudly rather than looping forever. */
function drawUnique(wanted: number, what: string, tryOne: () => boolean): void {
  const maxAttempts = wanted * 50 + 1000;
  let made = 0;
  for (let attempts = 0; made < wanted; attempts++) {
    if (attempts > maxAttempts) throw new Error(`Could not draw ${wanted} unique ${what} (got ${made}): the scale is too dense`);
    if (tryOne()) made++;
  }
}

function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
