import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Timestamps are Unix epoch milliseconds: sortable, exact, and cheap to compare.
const timestamp = (name: string) => integer(name).notNull();

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    bio: text('bio'),
    image: text('image'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
    // member, moderator or admin: one role a user, read with the user on every request (docs/decisions/0022).
    role: text('role', { enum: ['member', 'moderator', 'admin'] }).notNull().default('member'),
    // Set while suspended: from when, until when (null: until lifted) and why (src/domain/moderation/suspension.ts).
    suspendedAt: integer('suspended_at'),
    suspendedUntil: integer('suspended_until'),
    suspensionReason: text('suspension_reason'),
  },
  (t) => [
    uniqueIndex('users_username_lower_unique').on(sql`lower(${t.username})`),
    uniqueIndex('users_email_lower_unique').on(sql`lower(${t.email})`),
    check('users_role_known', sql`${t.role} in ('member', 'moderator', 'admin')`),
  ],
);

/**
 * Browser sessions (the @fastify/session store). user_id makes "sign out
 * everywhere" one DELETE; the sign-in columns feed the sessions page.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    data: text('data').notNull(),
    // The absolute end (30 days after the session began).
    expiresAt: timestamp('expires_at'),
    // Moved at most once an hour; a session unused for SESSION_IDLE_DAYS is over (docs/decisions/0012).
    lastUsedAt: integer('last_used_at').notNull().default(0),
    // Set when someone signs in on it: null for a signed-out visitor's session.
    signedInAt: integer('signed_in_at'),
    userAgent: text('user_agent'),
    address: text('address'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** API tokens: only a SHA-256 of the token is kept, so a leaked database holds no usable token. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at'),
    expiresAt: timestamp('expires_at'),
    // Moved at most once an hour, like a session's.
    lastUsedAt: integer('last_used_at').notNull().default(0),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId), index('api_tokens_expires_idx').on(t.expiresAt)],
);

export const articles = sqliteTable(
  'articles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    body: text('body').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // Kept in step with `favorites` so lists never count rows per article.
    favoritesCount: integer('favorites_count').notNull().default(0),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
    // Set while a moderator has hidden it (src/domain/moderation/visibility.ts), with the reason its author is shown.
    hiddenAt: integer('hidden_at'),
    hiddenReason: text('hidden_reason'),
  },
  (t) => [
    // Only what everyone sees: the global list never steps over hidden articles.
    index('articles_created_idx').on(t.createdAt, t.id).where(sql`${t.hiddenAt} is null`),
    index('articles_author_created_idx').on(t.authorId, t.createdAt, t.id),
    // Covers the sitemap's reads (slug and last edit in id order) without the rows, whose bodies come first on disk.
    index('articles_sitemap_idx').on(t.id, t.slug, t.updatedAt),
    // The few hidden articles, by id: search checks each match against it without reading the row (docs/decisions/0037).
    index('articles_hidden_idx').on(t.id).where(sql`${t.hiddenAt} is not null`),
  ],
);

export const tags = sqliteTable(
  'tags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    createdAt: timestamp('created_at'),
    // How many articles have the tag, kept by triggers on article_tags (migration 0005), so the
    // sidebar and a tag's total never count rows.
    uses: integer('uses').notNull().default(0),
  },
  (t) => [index('tags_popular_idx').on(t.uses, t.createdAt, t.id)],
);

export const articleTags = sqliteTable(
  'article_tags',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    // A copy of articles.created_at (which never changes), so a tag's page is one index range, newest first.
    articleCreatedAt: integer('article_created_at').notNull().default(0),
    // A copy of articles.hidden_at, kept by triggers (migration 0012): a tag's page and its count (tags.uses) leave hidden articles out.
    articleHiddenAt: integer('article_hidden_at'),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.tagId] }),
    index('article_tags_tag_created_idx').on(t.tagId, t.articleCreatedAt, t.articleId).where(sql`${t.articleHiddenAt} is null`),
  ],
);

export const favorites = sqliteTable(
  'favorites',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.articleId] }),
    index('favorites_article_idx').on(t.articleId),
  ],
);

export const follows = sqliteTable(
  'follows',
  {
    followerId: integer('follower_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    followeeId: integer('followee_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    index('follows_followee_idx').on(t.followeeId),
    check('follows_not_self', sql`${t.followerId} <> ${t.followeeId}`),
  ],
);

export const comments = sqliteTable(
  'comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
    hiddenAt: integer('hidden_at'),
    hiddenReason: text('hidden_reason'),
  },
  (t) => [index('comments_article_created_idx').on(t.articleId, t.createdAt, t.id), index('comments_author_created_idx').on(t.authorId, t.createdAt)],
);

/**
 * Whom each user blocks or mutes (docs/decisions/0025): one row per owner,
 * target and kind. A block keeps the target from commenting on the owner's
 * articles or following them; both hide the target's comments from the
 * owner, and a mute hides their articles from the owner's lists too.
 */
export const userControls = sqliteTable(
  'user_controls',
  {
    ownerId: integer('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    targetId: integer('target_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    createdAt: timestamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.kind, t.targetId] }),
    index('user_controls_target_idx').on(t.targetId),
    check('user_controls_not_self', sql`${t.ownerId} <> ${t.targetId}`),
    check('user_controls_kind_known', sql`${t.kind} in ('block', 'mute')`),
  ],
);

/**
 * One row per thing a cache can show (an article, a user, a list, …), moved
 * by triggers inside every writing transaction, the app's or anyone's. `seq`
 * is one clock over all scopes, so a process asks "what moved since N" with
 * one index range. See docs/decisions/0010.
 */
export const cacheVersions = sqliteTable(
  'cache_versions',
  {
    scope: text('scope').primaryKey(),
    seq: integer('seq').notNull(),
  },
  (t) => [index('cache_versions_seq_idx').on(t.seq)],
);

/** Counters with a window (rate limits, failed sign-ins), shared by every process on the database. */
export const counters = sqliteTable(
  'counters',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    resetAt: timestamp('reset_at'),
  },
  (t) => [index('counters_reset_idx').on(t.resetAt)],
);

/** Password-reset links: only a SHA-256 of the token is kept; a row is used once, then deleted. */
export const passwordResets = sqliteTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at'),
    expiresAt: timestamp('expires_at'),
  },
  (t) => [index('password_resets_user_idx').on(t.userId), index('password_resets_expires_idx').on(t.expiresAt)],
);

/**
 * A user's TOTP second factor (RFC 6238), when turned on. Kept apart from
 * `users` so turning it on or off moves no cached profile. `last_step` is
 * the time step of the last code accepted: a code is never accepted twice.
 */
export const twoFactor = sqliteTable('two_factor', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
  lastStep: integer('last_step').notNull().default(0),
  enabledAt: timestamp('enabled_at'),
});

/** Single-use recovery codes for the second factor, stored as SHA-256 digests. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/**
 * The job runner's queue (docs/decisions/0016): work that runs later, once,
 * in whichever process claims it. `key`, when given, makes enqueueing
 * idempotent (one row per key, for as long as the row is kept). A claim sets
 * `claimed_by` to a token of its own and `lease_until`; finishing is fenced
 * by that token. Finished rows stay a while, so their keys keep answering.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // The kind of job: which handler runs it (src/jobs/catalog.ts).
    name: text('name').notNull(),
    key: text('key'),
    // JSON, read by the handler.
    payload: text('payload').notNull(),
    // waiting → running → done, or back to waiting to retry, or failed after the last attempt.
    state: text('state').notNull().default('waiting'),
    // Not before: when it was enqueued for, or when its next attempt may start.
    runAt: timestamp('run_at'),
    // Claims so far, this one included while it runs.
    attempts: integer('attempts').notNull().default(0),
    claimedBy: text('claimed_by'),
    // While running: when another runner may take it over (its runner died, or hangs).
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at'),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_key_unique').on(t.key),
    index('jobs_state_run_at_idx').on(t.state, t.runAt, t.id),
    check('jobs_state_known', sql`${t.state} in ('waiting', 'running', 'done', 'failed')`),
  ],
);

/**
 * Every moderator and admin action: who, what to, why and when. Kept when
 * the actor or the target is deleted: the actor's and target's names are
 * copied in, and the actor's id is set null (docs/decisions/0022).
 */
export const moderationLog = sqliteTable(
  'moderation_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    // As the actor was named then; "command line" for the admin command.
    actorName: text('actor_name').notNull(),
    // grant, revoke, hide, unhide, suspend, unsuspend, dismiss, delete-account, end-sign-ins.
    action: text('action').notNull(),
    // article, comment or user, and its id then (no foreign key: the entry outlives it).
    targetType: text('target_type').notNull(),
    targetId: integer('target_id').notNull(),
    // What a reader recognises it by: a slug, a username, "comment 7 on <slug>".
    targetLabel: text('target_label').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at'),
  },
  (t) => [index('moderation_log_created_idx').on(t.createdAt, t.id), index('moderation_log_target_idx').on(t.targetType, t.targetId, t.createdAt)],
);

/**
 * A reader's report of an article, a comment or a user. `target_id` is the
 * target's id whatever its type (one open report per reader and target: a
 * partial unique index); the column of its type refers to it too, so a
 * target deleted takes its reports with it. Open until a moderator dismisses
 * them or acts on the target (resolved).
 */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reporterId: integer('reporter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    targetType: text('target_type', { enum: ['article', 'comment', 'user'] }).notNull(),
    targetId: integer('target_id').notNull(),
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason', { enum: ['spam', 'harassment', 'other'] }).notNull(),
    note: text('note').notNull().default(''),
    status: text('status', { enum: ['open', 'dismissed', 'resolved'] }).notNull().default('open'),
    createdAt: timestamp('created_at'),
    closedAt: integer('closed_at'),
  },
  (t) => [
    uniqueIndex('reports_open_unique').on(t.reporterId, t.targetType, t.targetId).where(sql`${t.status} = 'open'`),
    index('reports_target_idx').on(t.targetType, t.targetId, t.createdAt),
    index('reports_status_created_idx').on(t.status, t.createdAt, t.id),
    index('reports_reporter_idx').on(t.reporterId),
    index('reports_article_idx').on(t.articleId),
    index('reports_comment_idx').on(t.commentId),
    index('reports_user_idx').on(t.userId),
    check('reports_target_type_known', sql`${t.targetType} in ('article', 'comment', 'user')`),
    check('reports_reason_known', sql`${t.reason} in ('spam', 'harassment', 'other')`),
    check('reports_status_known', sql`${t.status} in ('open', 'dismissed', 'resolved')`),
  ],
);
