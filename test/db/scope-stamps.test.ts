// Every cache scope a read can depend on is stamped by the database, on both
// engines: each table is written to (insert, update, delete, by plain SQL
// behind the app, as another process or a SQL console would) and the scopes
// that moved are compared with what readers of that table rely on. A new
// table, or a new scope, fails here until it is given its line.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getTableName, sql, type SQL } from 'drizzle-orm';
import { loadConfig } from '../../src/config.js';
import { scope } from '../../src/cache/scopes.js';
import type { Database, Tables } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { SEARCH_INDEX_TABLES } from '../../src/db/search-index.js';
import { exec, rows } from '../../src/db/sql.js';
import { scratchDatabase, testEngine, type ScratchDatabase } from '../support/test-database.js';

let scratch: ScratchDatabase;
let database: Database;

before(async () => {
  scratch = await scratchDatabase();
  database = await openDatabase(loadConfig({ NODE_ENV: 'test', ...scratch.env }));
  // Two users, an article by the first with a tag, a comment, a favorite and a follow by the second.
  await run(
    sql`INSERT INTO users (id, username, email, password_hash, created_at, updated_at) VALUES (1, 'ada', 'ada@example.com', 'x', 1, 1), (2, 'bob', 'bob@example.com', 'x', 1, 1)`,
    sql`INSERT INTO articles (id, slug, title, description, body, author_id, created_at, updated_at) VALUES (1, 'one', 'One', 'd', 'b', 1, 1, 1)`,
    sql`INSERT INTO tags (id, name, created_at) VALUES (1, 'js', 1)`,
    sql`INSERT INTO article_tags (article_id, tag_id, article_created_at) VALUES (1, 1, 1)`,
    sql`INSERT INTO comments (id, article_id, author_id, body, created_at, updated_at) VALUES (1, 1, 2, 'hi', 1, 1)`,
    sql`INSERT INTO favorites (user_id, article_id, created_at) VALUES (2, 1, 1)`,
    sql`INSERT INTO follows (follower_id, followee_id, created_at) VALUES (2, 1, 1)`,
  );
});
after(async () => {
  await database.close();
  await scratch.drop();
});

/** Runs the statements in one transaction, as plain SQL. */
async function run(...statements: SQL[]): Promise<void> {
  await database.transaction(async (tx) => {
    for (const statement of statements) await exec(tx, statement);
  });
}

/** The scopes the database stamped for `statements`, sorted. */
async function stampedBy(...statements: SQL[]): Promise<string[]> {
  const before = await database.changes.latest();
  await run(...statements);
  const moved = await database.changes.since(before);
  return [...new Set(moved.map((c) => c.scope))].sort();
}

interface Write {
  name: string;
  statements: SQL[];
  /** The scopes it must move, exactly (sorted here). */
  moves: string[];
}

/**
 * Per table, in the order the writes run (they build on one another). A
 * table whose rows no cached read shows moves nothing; the reason is its `why`.
 */
const writes: Record<keyof Tables, { why?: string; writes: Write[] }> = {
  users: {
    writes: [
      { name: 'sign-up', statements: [sql`INSERT INTO users (id, username, email, password_hash, created_at, updated_at) VALUES (3, 'cy', 'cy@example.com', 'x', 2, 2)`], moves: [scope.usernames] },
      { name: 'new bio', statements: [sql`UPDATE users SET bio = 'hello' WHERE id = 3`], moves: [scope.user(3)] },
      { name: 'new name', statements: [sql`UPDATE users SET username = 'cyd' WHERE id = 3`], moves: [scope.user(3), scope.usernames] },
      { name: 'new role', statements: [sql`UPDATE users SET role = 'moderator' WHERE id = 3`], moves: [scope.user(3)] },
      { name: 'suspended', statements: [sql`UPDATE users SET suspended_at = 2, suspended_until = 9, suspension_reason = 'spam' WHERE id = 3`], moves: [scope.user(3)] },
      { name: 'deleted', statements: [sql`DELETE FROM users WHERE id = 3`], moves: [scope.user(3), scope.usernames] },
    ],
  },
  articles: {
    writes: [
      { name: 'published', statements: [sql`INSERT INTO articles (id, slug, title, description, body, author_id, created_at, updated_at) VALUES (2, 'two', 'Two', 'd', 'b', 1, 2, 2)`], moves: [scope.list, scope.author(1)] },
      { name: 'edited', statements: [sql`UPDATE articles SET title = 'Two!' WHERE id = 2`], moves: [scope.article(2), scope.search] },
      { name: 'body edited', statements: [sql`UPDATE articles SET body = 'b!' WHERE id = 2`], moves: [scope.article(2), scope.search] },
      // A count's update, as a favorite makes, shows in the article, but no search result changes with it.
      { name: 'counted', statements: [sql`UPDATE articles SET favorites_count = 5 WHERE id = 2`], moves: [scope.article(2)] },
      { name: 'hidden', statements: [sql`UPDATE articles SET hidden_at = 5, hidden_reason = 'spam' WHERE id = 1`], moves: [scope.article(1), scope.list, scope.author(1), scope.tags, scope.tag(1), scope.favorites(2)] },
      { name: 'hidden reason edited', statements: [sql`UPDATE articles SET hidden_reason = 'spam!' WHERE id = 1`], moves: [scope.article(1)] },
      { name: 'shown again', statements: [sql`UPDATE articles SET hidden_at = NULL, hidden_reason = NULL WHERE id = 1`], moves: [scope.article(1), scope.list, scope.author(1), scope.tags, scope.tag(1), scope.favorites(2)] },
      { name: 'redated', statements: [sql`UPDATE articles SET created_at = 3 WHERE id = 2`], moves: [scope.article(2), scope.list, scope.author(1)] },
      // A draft leaves every list, its tags' pages and counts, as hiding does; going live brings it back.
      { name: 'back to draft', statements: [sql`UPDATE articles SET status = 'draft' WHERE id = 1`], moves: [scope.article(1), scope.list, scope.author(1), scope.tags, scope.tag(1), scope.favorites(2)] },
      { name: 'draft scheduled', statements: [sql`UPDATE articles SET status = 'scheduled', publish_at = 9 WHERE id = 1`], moves: [scope.article(1)] },
      { name: 'gone live', statements: [sql`UPDATE articles SET status = 'published', publish_at = NULL WHERE id = 1`], moves: [scope.article(1), scope.list, scope.author(1), scope.tags, scope.tag(1), scope.favorites(2)] },
      { name: 'deleted', statements: [sql`DELETE FROM articles WHERE id = 2`], moves: [scope.list, scope.author(1), scope.article(2)] },
    ],
  },
  tags: {
    writes: [
      { name: 'new tag', statements: [sql`INSERT INTO tags (id, name, created_at) VALUES (2, 'go', 2)`], moves: [scope.tags] },
      { name: 'renamed', statements: [sql`UPDATE tags SET name = 'javascript' WHERE id = 1`], moves: [scope.tags, scope.tag(1), scope.article(1)] },
      { name: 'deleted (unused)', statements: [sql`DELETE FROM tags WHERE id = 2`], moves: [scope.tags, scope.tag(2)] },
    ],
  },
  articleTags: {
    writes: [
      { name: 'tag added', statements: [sql`INSERT INTO tags (id, name, created_at) VALUES (3, 'rust', 2)`, sql`INSERT INTO article_tags (article_id, tag_id, article_created_at) VALUES (1, 3, 1)`], moves: [scope.tags, scope.tag(3), scope.article(1)] },
      { name: 'tag removed', statements: [sql`DELETE FROM article_tags WHERE article_id = 1 AND tag_id = 3`], moves: [scope.tags, scope.tag(3), scope.article(1)] },
    ],
  },
  favorites: {
    writes: [
      { name: 'favorited', statements: [sql`INSERT INTO favorites (user_id, article_id, created_at) VALUES (1, 1, 2)`], moves: [scope.favorites(1), scope.article(1)] },
      { name: 'unfavorited', statements: [sql`DELETE FROM favorites WHERE user_id = 1 AND article_id = 1`], moves: [scope.favorites(1), scope.article(1)] },
    ],
  },
  follows: {
    writes: [
      { name: 'followed', statements: [sql`INSERT INTO follows (follower_id, followee_id, created_at) VALUES (1, 2, 2)`], moves: [scope.follows(1)] },
      { name: 'unfollowed', statements: [sql`DELETE FROM follows WHERE follower_id = 1 AND followee_id = 2`], moves: [scope.follows(1)] },
    ],
  },
  tagFollows: {
    writes: [
      { name: 'tag followed', statements: [sql`INSERT INTO tag_follows (user_id, tag_id, created_at) VALUES (2, 1, 2)`], moves: [scope.follows(2)] },
      { name: 'moved to another reader', statements: [sql`UPDATE tag_follows SET user_id = 1 WHERE user_id = 2`], moves: [scope.follows(1), scope.follows(2)] },
      { name: 'tag unfollowed', statements: [sql`DELETE FROM tag_follows WHERE user_id = 1`], moves: [scope.follows(1)] },
    ],
  },
  savedArticles: {
    why: "a reading list is one reader's, read from the database each time (src/domain/publishing/reading-list.ts)",
    writes: [
      { name: 'saved', statements: [sql`INSERT INTO saved_articles (user_id, article_id, created_at) VALUES (2, 1, 2)`], moves: [] },
      { name: 'removed', statements: [sql`DELETE FROM saved_articles WHERE user_id = 2`], moves: [] },
    ],
  },
  comments: {
    writes: [
      { name: 'posted', statements: [sql`INSERT INTO comments (id, article_id, author_id, body, created_at, updated_at) VALUES (2, 1, 1, 'yo', 2, 2)`], moves: [scope.comments(1)] },
      { name: 'edited', statements: [sql`UPDATE comments SET body = 'yo!' WHERE id = 2`], moves: [scope.comments(1)] },
      { name: 'hidden', statements: [sql`UPDATE comments SET hidden_at = 3, hidden_reason = 'rude' WHERE id = 2`], moves: [scope.comments(1)] },
      { name: 'deleted', statements: [sql`DELETE FROM comments WHERE id = 2`], moves: [scope.comments(1)] },
    ],
  },
  userControls: {
    writes: [
      { name: 'blocked', statements: [sql`INSERT INTO user_controls (owner_id, target_id, kind, created_at) VALUES (1, 2, 'block', 2)`], moves: [scope.controls(1)] },
      { name: 'muted', statements: [sql`INSERT INTO user_controls (owner_id, target_id, kind, created_at) VALUES (2, 1, 'mute', 2)`], moves: [scope.controls(2)] },
      { name: 'moved to another owner', statements: [sql`UPDATE user_controls SET owner_id = 2, target_id = 1 WHERE owner_id = 1 AND kind = 'block'`], moves: [scope.controls(1), scope.controls(2)] },
      { name: 'undone', statements: [sql`DELETE FROM user_controls WHERE owner_id = 2`], moves: [scope.controls(2)] },
    ],
  },
  sessions: {
    why: 'sessions are read per request, never from a cache',
    writes: [
      { name: 'signed in', statements: [sql`INSERT INTO sessions (sid, user_id, data, expires_at, last_used_at) VALUES ('s', 1, '{}', 9, 1)`], moves: [] },
      { name: 'signed out', statements: [sql`DELETE FROM sessions WHERE sid = 's'`], moves: [] },
    ],
  },
  apiTokens: {
    why: 'tokens are read per request, never from a cache',
    writes: [
      { name: 'issued', statements: [sql`INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at, last_used_at) VALUES ('t', 1, 1, 9, 1)`], moves: [] },
      { name: 'revoked', statements: [sql`DELETE FROM api_tokens WHERE token_hash = 't'`], moves: [] },
    ],
  },
  passwordResets: {
    why: 'reset links are read once, from the database',
    writes: [
      { name: 'requested', statements: [sql`INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ('r', 1, 1, 9)`], moves: [] },
      { name: 'used', statements: [sql`DELETE FROM password_resets WHERE token_hash = 'r'`], moves: [] },
    ],
  },
  twoFactor: {
    why: 'second factors are read at sign-in, from the database',
    writes: [
      { name: 'enabled', statements: [sql`INSERT INTO two_factor (user_id, secret, enabled_at, last_step) VALUES (1, 's', 1, 0)`], moves: [] },
      { name: 'disabled', statements: [sql`DELETE FROM two_factor WHERE user_id = 1`], moves: [] },
    ],
  },
  recoveryCodes: {
    why: 'recovery codes are read at sign-in, from the database',
    writes: [
      { name: 'made', statements: [sql`INSERT INTO recovery_codes (user_id, code_hash) VALUES (1, 'c')`], moves: [] },
      { name: 'used', statements: [sql`DELETE FROM recovery_codes WHERE user_id = 1`], moves: [] },
    ],
  },
  counters: {
    why: 'rate limits and sign-in pauses are counted in one statement each, never cached',
    writes: [
      { name: 'hit', statements: [sql`INSERT INTO counters (key, count, reset_at) VALUES ('k', 1, 9)`], moves: [] },
      { name: 'expired', statements: [sql`DELETE FROM counters WHERE key = 'k'`], moves: [] },
    ],
  },
  jobs: {
    why: 'no cached read shows the job queue: the runner and `npm run jobs` read it from the database, and a job that changes what readers see does so through the tables it writes, which stamp their own scopes',
    writes: [
      { name: 'enqueued', statements: [sql`INSERT INTO jobs (name, key, payload, run_at, created_at) VALUES ('k', 'k@1', 'null', 1, 1)`], moves: [] },
      { name: 'claimed', statements: [sql`UPDATE jobs SET state = 'running', claimed_by = 'c', lease_until = 2, attempts = attempts + 1 WHERE key = 'k@1'`], moves: [] },
      { name: 'done', statements: [sql`UPDATE jobs SET state = 'done', lease_until = NULL, finished_at = 2 WHERE key = 'k@1'`], moves: [] },
      { name: 'purged', statements: [sql`DELETE FROM jobs WHERE key = 'k@1'`], moves: [] },
    ],
  },
  moderationLog: {
    why: 'the moderation log is read by moderators from the database, never from a cache',
    writes: [
      { name: 'an action logged', statements: [sql`INSERT INTO moderation_log (id, actor_id, actor_name, action, target_type, target_id, target_label, note, created_at) VALUES (1, 1, 'ada', 'grant', 'user', 2, 'bob', '', 1)`], moves: [] },
      { name: 'its actor deleted', statements: [sql`INSERT INTO users (id, username, email, password_hash, created_at, updated_at) VALUES (9, 'gone', 'gone@example.com', 'x', 1, 1)`, sql`UPDATE moderation_log SET actor_id = 9 WHERE id = 1`, sql`DELETE FROM users WHERE id = 9`], moves: [scope.usernames, scope.user(9)] },
    ],
  },
  reports: {
    why: 'reports are read by moderators from the database, never from a cache',
    writes: [
      { name: 'filed', statements: [sql`INSERT INTO reports (id, reporter_id, target_type, target_id, article_id, reason, created_at) VALUES (1, 2, 'article', 1, 1, 'spam', 1)`], moves: [] },
      { name: 'dismissed', statements: [sql`UPDATE reports SET status = 'dismissed', closed_at = 2 WHERE id = 1`], moves: [] },
      { name: 'deleted', statements: [sql`DELETE FROM reports WHERE id = 1`], moves: [] },
    ],
  },
  notifications: {
    writes: [
      { name: 'notified', statements: [sql`INSERT INTO notifications (id, recipient_id, kind, actor_id, article_id, created_at) VALUES (1, 1, 'favorite', 2, 1, 1)`], moves: [scope.inbox(1)] },
      { name: 'read', statements: [sql`UPDATE notifications SET read_at = 2 WHERE id = 1`], moves: [scope.inbox(1)] },
      { name: 'deleted', statements: [sql`DELETE FROM notifications WHERE id = 1`], moves: [scope.inbox(1)] },
    ],
  },
  notificationQueue: {
    why: 'waiting notifications are read only by what writes them out (src/domain/notifications/notification-queue.ts), from the database; the notifications they become stamp the inbox',
    writes: [
      { name: 'queued', statements: [sql`INSERT INTO notification_queue (id, event, actor_id, recipient_id, article_id, queued_at) VALUES (1, 'favorite', 2, 1, 1, 1)`], moves: [] },
      { name: 'written out', statements: [sql`DELETE FROM notification_queue WHERE id = 1`], moves: [] },
    ],
  },
  notificationSettings: {
    why: 'mail settings are read by the settings page and the mail jobs, from the database',
    writes: [
      { name: 'set', statements: [sql`INSERT INTO notification_settings (user_id, kind, delivery) VALUES (1, 'follow', 'off')`], moves: [] },
      { name: 'changed', statements: [sql`UPDATE notification_settings SET delivery = 'weekly' WHERE user_id = 1`], moves: [] },
      { name: 'deleted', statements: [sql`DELETE FROM notification_settings WHERE user_id = 1`], moves: [] },
    ],
  },
  articleMutes: {
    why: "an article's mute is read from the database when a notification is written and on the article's page for its reader, never from a cache",
    writes: [
      { name: 'muted', statements: [sql`INSERT INTO article_mutes (user_id, article_id, created_at) VALUES (1, 1, 1)`], moves: [] },
      { name: 'unmuted', statements: [sql`DELETE FROM article_mutes WHERE user_id = 1`], moves: [] },
    ],
  },
  notificationMailMarks: {
    why: 'digest marks are read by the mail jobs, from the database',
    writes: [
      { name: 'marked', statements: [sql`INSERT INTO notification_mail_marks (user_id, cadence, sent_through) VALUES (1, 'daily', 1)`], moves: [] },
      { name: 'moved', statements: [sql`UPDATE notification_mail_marks SET sent_through = 2 WHERE user_id = 1`], moves: [] },
      { name: 'deleted', statements: [sql`DELETE FROM notification_mail_marks WHERE user_id = 1`], moves: [] },
    ],
  },
  sweepMarks: {
    why: 'sweep marks are read by the jobs that sweep, from the database',
    writes: [
      { name: 'marked', statements: [sql`INSERT INTO sweep_marks (name, through) VALUES ('x', 1)`], moves: [] },
      { name: 'moved', statements: [sql`UPDATE sweep_marks SET through = 2 WHERE name = 'x'`], moves: [] },
    ],
  },
  federationKv: {
    why: "Fedify's own store of remote documents and handled activities: read by Fedify from the database, never shown by a cached page",
    writes: [
      { name: 'set', statements: [sql`INSERT INTO federation_kv (key, value, expires_at) VALUES ('["k"]', '1', NULL)`], moves: [] },
      { name: 'deleted', statements: [sql`DELETE FROM federation_kv WHERE key = '["k"]'`], moves: [] },
    ],
  },
  actorKeys: {
    why: "an author's actor keys are read by the federation from the database for each actor document and delivery; no page shows them",
    writes: [
      { name: 'made', statements: [sql`INSERT INTO actor_keys (user_id, kind, public_key, private_key, created_at) VALUES (1, 'rsa', '{}', '{}', 1)`], moves: [] },
      { name: 'deleted', statements: [sql`DELETE FROM actor_keys WHERE user_id = 1`], moves: [] },
    ],
  },
  remoteFollowers: {
    why: 'fediverse followers are read by the federation from the database (the followers collection, delivery); no cached page shows them yet',
    writes: [
      { name: 'followed', statements: [sql`INSERT INTO remote_followers (user_id, actor_id, inbox, created_at) VALUES (1, 'https://remote.example/u/x', 'https://remote.example/u/x/inbox', 1)`], moves: [] },
      { name: 'unfollowed', statements: [sql`DELETE FROM remote_followers WHERE user_id = 1`], moves: [] },
    ],
  },
  remoteActors: {
    writes: [
      { name: 'heard from', statements: [sql`INSERT INTO remote_actors (id, uri, handle, host, fetched_at) VALUES (1, 'https://remote.example/u/x', '@x@remote.example', 'remote.example', 1)`], moves: [] },
      { name: 'refreshed, with no reply', statements: [sql`UPDATE remote_actors SET name = 'X' WHERE id = 1`], moves: [] },
      {
        name: 'refreshed, with a reply shown under article 1',
        statements: [
          sql`INSERT INTO remote_comments (id, article_id, actor_id, note_uri, content, created_at, updated_at) VALUES (1, 1, 1, 'https://remote.example/n/1', '<p>hi</p>', 1, 1)`,
          sql`UPDATE remote_actors SET avatar_url = 'https://remote.example/a.png' WHERE id = 1`,
        ],
        moves: [scope.comments(1)],
      },
    ],
  },
  remoteReactions: {
    writes: [
      { name: 'liked', statements: [sql`INSERT INTO remote_reactions (article_id, actor_id, kind, created_at) VALUES (1, 1, 'like', 1)`], moves: [scope.article(1)] },
      { name: 'boosted', statements: [sql`INSERT INTO remote_reactions (article_id, actor_id, kind, created_at) VALUES (1, 1, 'announce', 1)`], moves: [scope.article(1)] },
      { name: 'undone', statements: [sql`DELETE FROM remote_reactions WHERE kind = 'like'`], moves: [scope.article(1)] },
    ],
  },
  remoteComments: {
    writes: [
      { name: 'approved', statements: [sql`UPDATE remote_comments SET approved_at = 2 WHERE id = 1`], moves: [scope.comments(1)] },
      { name: 'received', statements: [sql`INSERT INTO remote_comments (id, article_id, actor_id, note_uri, content, created_at, updated_at) VALUES (2, 1, 1, 'https://remote.example/n/2', '<p>yo</p>', 1, 1)`], moves: [scope.comments(1)] },
      { name: 'deleted', statements: [sql`DELETE FROM remote_comments WHERE id = 2`], moves: [scope.comments(1)] },
    ],
  },
  remoteApprovals: {
    why: "which remote accounts an author approved is read when their reply arrives, by the inbox; no page shows it",
    writes: [
      { name: 'approved', statements: [sql`INSERT INTO remote_approvals (user_id, actor_id, created_at) VALUES (1, 1, 1)`], moves: [] },
      { name: 'account deleted: its reactions, replies and approvals go with it', statements: [sql`DELETE FROM remote_actors WHERE id = 1`], moves: [scope.comments(1), scope.article(1)] },
    ],
  },
  domainBlocks: {
    why: 'blocked domains are read by the federation and the moderation page from the database; no cached page shows them',
    writes: [
      { name: 'blocked', statements: [sql`INSERT INTO domain_blocks (domain, blocked_by, created_at) VALUES ('remote.example', 1, 1)`], moves: [] },
      { name: 'unblocked', statements: [sql`DELETE FROM domain_blocks WHERE domain = 'remote.example'`], moves: [] },
    ],
  },
  failingRemotes: {
    why: 'remote servers deliveries fail to reach, read by the federation alone; no page shows them',
    writes: [
      { name: 'failing', statements: [sql`INSERT INTO failing_remotes (host, first_failed_at, last_failed_at) VALUES ('remote.example', 1, 1)`], moves: [] },
      { name: 'reached', statements: [sql`DELETE FROM failing_remotes WHERE host = 'remote.example'`], moves: [] },
    ],
  },
  cacheVersions: { why: 'the stamps themselves', writes: [] },
};

/** Scopes this process moves itself, recomputed from the stamped ones (VersionBoard.derive in src/domain/publishing/tags.ts). */
const DERIVED = new Set<string>([scope.tagNames, scope.popularTags]);

for (const [table, { writes: list }] of Object.entries(writes)) {
  for (const write of list) {
    test(`${table}: ${write.name} moves ${write.moves.length > 0 ? write.moves.join(', ') : 'nothing'} (${testEngine})`, async () => {
      assert.deepEqual(await stampedBy(...write.statements), [...write.moves].sort());
    });
  }
}

test('every table of the schema is in the list above, and the migrations make exactly the schema\'s tables', async () => {
  const listed = new Set(Object.keys(writes));
  for (const key of Object.keys(database.db.t)) assert.ok(listed.has(key), `${key} has no line in the scope-stamp table`);
  const sqlNames = new Set<string>(Object.values(database.db.t).map((t) => getTableName(t)));
  // The search index is made by a custom migration on each engine, outside the schemas (src/db/search-index.ts).
  const internal = new Set<string>(['__drizzle_migrations', 'sqlite_sequence', 'cache_versions_pending', ...SEARCH_INDEX_TABLES[testEngine]]);
  const present =
    testEngine === 'sqlite'
      ? await rows<{ name: string }>(database.db, sql`SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await rows<{ name: string }>(database.db, sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`);
  for (const { name } of present) assert.ok(sqlNames.has(name) || internal.has(name), `the database has a table ${name} that no schema declares`);
  const made = new Set(present.map((p) => p.name));
  for (const name of sqlNames) assert.ok(made.has(name), `the schema declares ${name}, but no migration makes it: npm run db:generate`);
});

test('every kind of scope a read can depend on is moved by some write, or derived from those that are', () => {
  const moved = new Set(Object.values(writes).flatMap(({ writes: list }) => list.flatMap((w) => w.moves)));
  const kinds = (names: Iterable<string>) => new Set([...names].map((name) => name.split(':')[0]));
  const movedKinds = kinds(moved);
  const every = Object.values(scope).map((s) => (typeof s === 'function' ? s(1) : s));
  for (const name of every) {
    if (DERIVED.has(name)) continue;
    assert.ok(movedKinds.has(name.split(':')[0]), `no write moves ${name}`);
  }
});
