import { sql } from 'drizzle-orm';
import { bigint, check, customType, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

// The same tables, columns, keys and indexes as ./sqlite.ts, in PostgreSQL's
// types: test/db/schema-drift.test.ts fails when the two differ (docs/decisions/0014).

// Timestamps are Unix epoch milliseconds, as on SQLite: bigint, read back as JS numbers.
const millis = (name: string) => bigint(name, { mode: 'number' });
const timestamp = (name: string) => millis(name).notNull();
// Ids are given by the database, but a copied site keeps its own (db:copy inserts them).
const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

// Byte order, as SQLite's default BINARY collation sorts, whatever the server's locale.
const binaryText = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });

export const users = pgTable(
  'users',
  {
    id: id(),
    username: text('username').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    bio: text('bio'),
    image: text('image'),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
    role: text('role', { enum: ['member', 'moderator', 'admin'] }).notNull().default('member'),
    suspendedAt: millis('suspended_at'),
    suspendedUntil: millis('suspended_until'),
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

export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    data: text('data').notNull(),
    expiresAt: timestamp('expires_at'),
    lastUsedAt: millis('last_used_at').notNull().default(0),
    signedInAt: millis('signed_in_at'),
    userAgent: text('user_agent'),
    address: text('address'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at'),
    expiresAt: timestamp('expires_at'),
    lastUsedAt: millis('last_used_at').notNull().default(0),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId), index('api_tokens_expires_idx').on(t.expiresAt)],
);

export const articles = pgTable(
  'articles',
  {
    id: id(),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    body: text('body').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    favoritesCount: integer('favorites_count').notNull().default(0),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
    hiddenAt: millis('hidden_at'),
    hiddenReason: text('hidden_reason'),
    // draft, scheduled or published: only a published article is public (src/domain/moderation/visibility.ts).
    // created_at is when it went public (src/domain/publishing/go-live.ts).
    status: text('status', { enum: ['draft', 'scheduled', 'published'] }).notNull().default('published'),
    // While scheduled: when it goes public, UTC epoch ms.
    publishAt: millis('publish_at'),
  },
  (t) => [
    index('articles_created_idx').on(t.createdAt, t.id).where(sql`${t.hiddenAt} is null`),
    index('articles_author_created_idx').on(t.authorId, t.createdAt, t.id),
    // Covers the sitemap's reads (slug and last edit in id order) without the rows, whose bodies come first on disk.
    index('articles_sitemap_idx').on(t.id, t.slug, t.updatedAt),
    // The few articles nobody else sees (hidden, draft or scheduled), by id: search checks each match against it without reading the row (docs/decisions/0037).
    index('articles_unshown_idx').on(t.id).where(sql`${t.hiddenAt} is not null or ${t.status} <> 'published'`),
  ],
);

export const tags = pgTable(
  'tags',
  {
    id: id(),
    name: binaryText('name').notNull().unique(),
    createdAt: timestamp('created_at'),
    uses: integer('uses').notNull().default(0),
  },
  (t) => [index('tags_popular_idx').on(t.uses, t.createdAt, t.id)],
);

export const articleTags = pgTable(
  'article_tags',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    articleCreatedAt: millis('article_created_at').notNull().default(0),
    articleHiddenAt: millis('article_hidden_at'),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.tagId] }),
    index('article_tags_tag_created_idx').on(t.tagId, t.articleCreatedAt, t.articleId).where(sql`${t.articleHiddenAt} is null`),
  ],
);

export const favorites = pgTable(
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
  (t) => [primaryKey({ columns: [t.userId, t.articleId] }), index('favorites_article_idx').on(t.articleId)],
);

export const follows = pgTable(
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
export const tagFollows = pgTable(
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
export const savedArticles = pgTable(
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

export const comments = pgTable(
  'comments',
  {
    id: id(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
    hiddenAt: millis('hidden_at'),
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
export const userControls = pgTable(
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

export const cacheVersions = pgTable(
  'cache_versions',
  {
    scope: text('scope').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [index('cache_versions_seq_idx').on(t.seq)],
);

export const counters = pgTable(
  'counters',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    resetAt: timestamp('reset_at'),
  },
  (t) => [index('counters_reset_idx').on(t.resetAt)],
);

export const passwordResets = pgTable(
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

export const twoFactor = pgTable('two_factor', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
  lastStep: integer('last_step').notNull().default(0),
  enabledAt: timestamp('enabled_at'),
});

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: millis('used_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

export const jobs = pgTable(
  'jobs',
  {
    id: id(),
    name: text('name').notNull(),
    key: text('key'),
    payload: text('payload').notNull(),
    state: text('state').notNull().default('waiting'),
    runAt: timestamp('run_at'),
    attempts: integer('attempts').notNull().default(0),
    claimedBy: text('claimed_by'),
    leaseUntil: millis('lease_until'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at'),
    finishedAt: millis('finished_at'),
  },
  (t) => [
    uniqueIndex('jobs_key_unique').on(t.key),
    index('jobs_state_run_at_idx').on(t.state, t.runAt, t.id),
    check('jobs_state_known', sql`${t.state} in ('waiting', 'running', 'done', 'failed')`),
  ],
);

export const moderationLog = pgTable(
  'moderation_log',
  {
    id: id(),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: integer('target_id').notNull(),
    targetLabel: text('target_label').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at'),
  },
  (t) => [index('moderation_log_created_idx').on(t.createdAt, t.id), index('moderation_log_target_idx').on(t.targetType, t.targetId, t.createdAt)],
);

export const reports = pgTable(
  'reports',
  {
    id: id(),
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
    closedAt: millis('closed_at'),
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

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    recipientId: integer('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['follow', 'favorite', 'comment', 'mention', 'publication'] }).notNull(),
    // Who did it: a user, or a fediverse account (then about its reply); exactly one (docs/decisions/0056).
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'cascade' }),
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at'),
    readAt: millis('read_at'),
    remoteActorId: integer('remote_actor_id').references(() => remoteActors.id, { onDelete: 'cascade' }),
    remoteCommentId: integer('remote_comment_id').references(() => remoteComments.id, { onDelete: 'cascade' }),
  },
  (t) => [
    uniqueIndex('notifications_event_unique').on(t.recipientId, t.kind, t.actorId, sql`coalesce(${t.articleId}, 0)`, sql`coalesce(${t.commentId}, 0)`),
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

export const notificationSettings = pgTable(
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
export const notificationQueue = pgTable(
  'notification_queue',
  {
    id: id(),
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

export const articleMutes = pgTable(
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

export const notificationMailMarks = pgTable(
  'notification_mail_marks',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    cadence: text('cadence').notNull(),
    sentThrough: millis('sent_through').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.cadence] })],
);

export const sweepMarks = pgTable('sweep_marks', {
  name: text('name').primaryKey(),
  through: integer('through').notNull(),
});

/** As in ./sqlite.ts: Fedify's key–value store. */
export const federationKv = pgTable(
  'federation_kv',
  {
    key: text('key').primaryKey(),
    value: text('value').notNull(),
    expiresAt: millis('expires_at'),
  },
  (t) => [index('federation_kv_expires_idx').on(t.expiresAt)],
);

/** As in ./sqlite.ts: each author's actor key pairs. */
export const actorKeys = pgTable(
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

/** As in ./sqlite.ts: fediverse accounts that follow a local author. */
export const remoteFollowers = pgTable(
  'remote_followers',
  {
    id: id(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').notNull(),
    inbox: text('inbox').notNull(),
    sharedInbox: text('shared_inbox'),
    followId: text('follow_id'),
    handle: text('handle'),
    url: text('url'),
    createdAt: timestamp('created_at'),
  },
  (t) => [uniqueIndex('remote_followers_user_actor_unique').on(t.userId, t.actorId), index('remote_followers_actor_idx').on(t.actorId)],
);

/** As in ./sqlite.ts: fediverse accounts we hear from. */
export const remoteActors = pgTable(
  'remote_actors',
  {
    id: id(),
    uri: text('uri').notNull(),
    handle: text('handle').notNull(),
    name: text('name'),
    avatarUrl: text('avatar_url'),
    profileUrl: text('profile_url'),
    host: text('host').notNull(),
    fetchedAt: timestamp('fetched_at'),
  },
  (t) => [uniqueIndex('remote_actors_uri_unique').on(t.uri)],
);

/** As in ./sqlite.ts: remote favorites and boosts of an article. */
export const remoteReactions = pgTable(
  'remote_reactions',
  {
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => remoteActors.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['like', 'announce'] }).notNull(),
    activityId: text('activity_id'),
    createdAt: timestamp('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.actorId, t.kind] }),
    index('remote_reactions_actor_idx').on(t.actorId),
    check('remote_reactions_kind_known', sql`${t.kind} in ('like', 'announce')`),
  ],
);

/** As in ./sqlite.ts: replies from the fediverse. */
export const remoteComments = pgTable(
  'remote_comments',
  {
    id: id(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => remoteActors.id, { onDelete: 'cascade' }),
    noteUri: text('note_uri').notNull(),
    content: text('content').notNull(),
    url: text('url'),
    approvedAt: millis('approved_at'),
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

/** As in ./sqlite.ts: remote accounts an author approved once. */
export const remoteApprovals = pgTable(
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

/** As in ./sqlite.ts: remote servers a moderator blocked. */
export const domainBlocks = pgTable('domain_blocks', {
  id: id(),
  domain: text('domain').notNull().unique(),
  blockedBy: integer('blocked_by').references(() => users.id, { onDelete: 'set null' }),
  note: text('note').notNull().default(''),
  createdAt: timestamp('created_at'),
});

/** As in ./sqlite.ts: remote servers our deliveries keep failing to reach. */
export const failingRemotes = pgTable('failing_remotes', {
  host: text('host').primaryKey(),
  firstFailedAt: timestamp('first_failed_at'),
  lastFailedAt: timestamp('last_failed_at'),
});
