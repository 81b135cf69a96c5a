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
    // The IANA zone the user enters and reads times in (a scheduled publication); stored times stay UTC.
    timeZone: text('time_zone').notNull().default('UTC'),
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
    // draft, scheduled or published: only a published article is public (src/domain/moderation/visibility.ts).
    // created_at is when it went public (src/domain/publishing/go-live.ts).
    status: text('status', { enum: ['draft', 'scheduled', 'published'] }).notNull().default('published'),
    // While scheduled: when it goes public, UTC epoch ms.
    publishAt: integer('publish_at'),
  },
  (t) => [
    // Only what everyone sees: the global list never steps over hidden articles.
    index('articles_created_idx').on(t.createdAt, t.id).where(sql`${t.hiddenAt} is null`),
    index('articles_author_created_idx').on(t.authorId, t.createdAt, t.id),
    // Covers the sitemap's reads (slug and last edit in id order) without the rows, whose bodies come first on disk.
    index('articles_sitemap_idx').on(t.id, t.slug, t.updatedAt),
    // The few articles nobody else sees (hidden, draft or scheduled), by id: search checks each match against it without reading the row (docs/decisions/0037).
    index('articles_unshown_idx').on(t.id).where(sql`${t.hiddenAt} is not null or ${t.status} <> 'published'`),
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

/** Tags a reader follows: their articles join the reader's feed (src/domain/publishing/followed-tags.ts). */
export const tagFollows = sqliteTable(
  'tag_follows',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tagId] }), index('tag_follows_tag_idx').on(t.tagId)],
);

/** A reader's reading list: private, apart from favorites (src/domain/publishing/reading-list.ts). */
export const savedArticles = sqliteTable(
  'saved_articles',
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
    index('saved_articles_user_created_idx').on(t.userId, t.createdAt, t.articleId),
    index('saved_articles_article_idx').on(t.articleId),
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

/**
 * What happened to a user that they may want to know (docs/decisions/0032):
 * someone followed them, favorited or commented on their article, mentioned
 * them, or an author they follow published. One row per recipient and event;
 * the unique index makes writing one twice (a re-run fan-out) add nothing.
 * Rows about a comment or an article go with it (cascades); a favorite or
 * follow undone deletes its row in the same write.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recipientId: integer('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['follow', 'favorite', 'comment', 'mention', 'publication'] }).notNull(),
    // Who did it: a user, or a fediverse account (then about its reply); exactly one (docs/decisions/0056).
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'cascade' }),
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at'),
    readAt: integer('read_at'),
    remoteActorId: integer('remote_actor_id').references(() => remoteActors.id, { onDelete: 'cascade' }),
    remoteCommentId: integer('remote_comment_id').references(() => remoteComments.id, { onDelete: 'cascade' }),
  },
  (t) => [
    uniqueIndex('notifications_event_unique').on(t.recipientId, t.kind, t.actorId, sql`coalesce(${t.articleId}, 0)`, sql`coalesce(${t.commentId}, 0)`),
    // A recipient's page reads by the unique index's first column; the digests by the unread one below.
    // The navbar's count reads only the unread ones.
    index('notifications_unread_idx').on(t.recipientId).where(sql`${t.readAt} is null`),
    index('notifications_actor_idx').on(t.actorId),
    // For the cascades and withdrawals by article or comment. Partial: a follow has no article, and only comments and
    // mentions a comment, so the others write no entry there (docs/decisions/0032, note of 2026-12-07 (2)).
    index('notifications_article_idx').on(t.articleId).where(sql`${t.articleId} is not null`),
    index('notifications_comment_idx').on(t.commentId).where(sql`${t.commentId} is not null`),
    check('notifications_kind_known', sql`${t.kind} in ('follow', 'favorite', 'comment', 'mention', 'publication')`),
    // A fediverse reply notifies its article's author and those it mentions once each; this index also serves the
    // cascades from remote_comments. Partial: local notifications write no entry here, nor in the next one.
    uniqueIndex('notifications_remote_event_unique').on(t.remoteCommentId, t.recipientId, t.kind).where(sql`${t.remoteCommentId} is not null`),
    index('notifications_remote_actor_idx').on(t.remoteActorId).where(sql`${t.remoteActorId} is not null`),
    check('notifications_one_actor', sql`(${t.actorId} is null) <> (${t.remoteActorId} is null)`),
    check('notifications_remote_with_reply', sql`(${t.remoteActorId} is null) = (${t.remoteCommentId} is null)`),
  ],
);

/** How each user wants each kind mailed, where it is not the default (src/domain/notifications/kinds.ts). */
export const notificationSettings = sqliteTable(
  'notification_settings',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    delivery: text('delivery', { enum: ['off', 'instant', 'daily', 'weekly'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind] }),
    check('notification_settings_delivery_known', sql`${t.delivery} in ('off', 'instant', 'daily', 'weekly')`),
  ],
);

/**
 * Notifications a request asked for and the job runner has yet to write
 * (src/domain/notifications/notification-queue.ts, docs/decisions/0063): a
 * favorite, follow or comment appends one narrow row here, and the rules,
 * the grouping indexes and the inbox's cache stamp are paid for later, in
 * batches. Rows leave as they are written out; whatever they point at that
 * goes first takes them along (the cascades).
 */
export const notificationQueue = sqliteTable(
  'notification_queue',
  {
    // A plain rowid, not AUTOINCREMENT: ids only order the waiting rows, and AUTOINCREMENT writes sqlite_sequence on every insert.
    id: integer('id').primaryKey(),
    event: text('event', { enum: ['follow', 'unfollow', 'favorite', 'unfavorite', 'comment'] }).notNull(),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    recipientId: integer('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    queuedAt: timestamp('queued_at'),
  },
  // No other index: each would be written by the request this table is here to spare.
  (t) => [check('notification_queue_event_known', sql`${t.event} in ('follow', 'unfollow', 'favorite', 'unfavorite', 'comment')`)],
);

/** Articles whose notifications a user turned off from the article's page. */
export const articleMutes = sqliteTable(
  'article_mutes',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.articleId] }), index('article_mutes_article_idx').on(t.articleId)],
);

/**
 * How far mail about notifications has gone, so a period is mailed once
 * however many runners there are: per user, the end of the last daily and
 * weekly digest period mailed (`cadence` daily or weekly, `sent_through`
 * epoch ms), moved before the mail is handed over (docs/decisions/0033).
 */
export const notificationMailMarks = sqliteTable(
  'notification_mail_marks',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    cadence: text('cadence').notNull(),
    sentThrough: integer('sent_through').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.cadence] })],
);

/**
 * Marks of work that sweeps a table in id order, one row per sweep: the
 * instant-mail sweep keeps here the last notification id it has mailed about
 * (src/domain/notifications/instant-mail.ts).
 */
export const sweepMarks = sqliteTable('sweep_marks', {
  name: text('name').primaryKey(),
  through: integer('through').notNull(),
});

/**
 * Fedify's key–value store (src/federation/kv-store.ts): its caches of remote
 * documents and keys, and its idempotence records. Keys are the JSON of
 * Fedify's key arrays; values JSON; a row past `expires_at` counts as absent.
 */
export const federationKv = sqliteTable(
  'federation_kv',
  {
    key: text('key').primaryKey(),
    value: text('value').notNull(),
    expiresAt: integer('expires_at'),
  },
  (t) => [index('federation_kv_expires_idx').on(t.expiresAt)],
);

/**
 * Each author's key pairs as an ActivityPub actor, made once (the first time
 * the actor is asked for) and kept: one RSA pair for HTTP Signatures and one
 * Ed25519 pair for Object Integrity Proofs. JWK text; the private half never leaves the server.
 */
export const actorKeys = sqliteTable(
  'actor_keys',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['rsa', 'ed25519'] }).notNull(),
    publicKey: text('public_key').notNull(),
    privateKey: text('private_key').notNull(),
    createdAt: timestamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] }), check('actor_keys_kind_known', sql`${t.kind} in ('rsa', 'ed25519')`)],
);

/** Fediverse accounts that follow a local author (an accepted Follow), with where to deliver to them. */
export const remoteFollowers = sqliteTable(
  'remote_followers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // The remote actor's id (a URL), its inbox, and its server's shared inbox when it has one.
    actorId: text('actor_id').notNull(),
    inbox: text('inbox').notNull(),
    sharedInbox: text('shared_inbox'),
    // The Follow activity's id, which an Undo names.
    followId: text('follow_id'),
    // As the follower's server showed them when they followed: @name@host and their profile page.
    handle: text('handle'),
    url: text('url'),
    createdAt: timestamp('created_at'),
  },
  (t) => [uniqueIndex('remote_followers_user_actor_unique').on(t.userId, t.actorId), index('remote_followers_actor_idx').on(t.actorId)],
);

/**
 * Fediverse accounts we hear from (a reply, a favorite, a boost), refreshed
 * each time they act. Their name and avatar are theirs, untrusted: bounded,
 * and the avatar only http(s) (src/domain/federation/remote-actors.ts).
 */
export const remoteActors = sqliteTable(
  'remote_actors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // The actor's id (a URL), as signatures name it.
    uri: text('uri').notNull(),
    // @name@host, for people to read.
    handle: text('handle').notNull(),
    name: text('name'),
    avatarUrl: text('avatar_url'),
    profileUrl: text('profile_url'),
    host: text('host').notNull(),
    fetchedAt: timestamp('fetched_at'),
  },
  (t) => [uniqueIndex('remote_actors_uri_unique').on(t.uri)],
);

/** A remote account's Like (a favorite) or Announce (a boost) of an article: once per account, article and kind. */
export const remoteReactions = sqliteTable(
  'remote_reactions',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => remoteActors.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['like', 'announce'] }).notNull(),
    // The activity's id, which an Undo names.
    activityId: text('activity_id'),
    createdAt: timestamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.actorId, t.kind] }),
    index('remote_reactions_actor_idx').on(t.actorId),
    check('remote_reactions_kind_known', sql`${t.kind} in ('like', 'announce')`),
  ],
);

/**
 * Replies from the fediverse (a Note whose inReplyTo is one of our articles),
 * shown as comments once approved (docs/decisions/0047). Apart from comments,
 * whose author is a local user. `content` is the remote HTML as sent
 * (bounded), sanitised each time it is shown.
 */
export const remoteComments = sqliteTable(
  'remote_comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => remoteActors.id, { onDelete: 'cascade' }),
    // The Note's id, which Update and Delete name.
    noteUri: text('note_uri').notNull(),
    content: text('content').notNull(),
    // The Note's own page, linked from the comment.
    url: text('url'),
    // null while it waits for the article's author or a moderator.
    approvedAt: integer('approved_at'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
    // The local users its Mention tags name, a JSON array of ids: notified when the reply is shown (docs/decisions/0056).
    mentionedUserIds: text('mentioned_user_ids').notNull().default('[]'),
  },
  (t) => [
    uniqueIndex('remote_comments_note_unique').on(t.noteUri),
    index('remote_comments_article_created_idx').on(t.articleId, t.createdAt),
    index('remote_comments_actor_idx').on(t.actorId),
    // Moderators' list of every article's waiting replies, oldest first; shown replies write no entry.
    index('remote_comments_waiting_idx').on(t.createdAt).where(sql`${t.approvedAt} is null`),
  ],
);

/** Remote accounts an author approved once: their next replies to the author's articles are shown at once. */
export const remoteApprovals = sqliteTable(
  'remote_approvals',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => remoteActors.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.actorId] }), index('remote_approvals_actor_idx').on(t.actorId)],
);

/** Remote servers a moderator blocked: nothing is taken from them, nothing sent to them; their subdomains too. */
export const domainBlocks = sqliteTable('domain_blocks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  // Lower case, no port: "example.social".
  domain: text('domain').notNull().unique(),
  blockedBy: integer('blocked_by').references(() => users.id, { onDelete: 'set null' }),
  note: text('note').notNull().default(''),
  createdAt: timestamp('created_at'),
});

/**
 * Remote servers our deliveries keep failing to reach, by host (with its
 * port): since when, and the last time. Cleared once one is delivered again;
 * past the window, its followers are dropped (src/federation/failing-remotes.ts).
 */
export const failingRemotes = sqliteTable('failing_remotes', {
  host: text('host').primaryKey(),
  firstFailedAt: timestamp('first_failed_at'),
  lastFailedAt: timestamp('last_failed_at'),
});
