/**
 * Names of the scopes that migration 0003's triggers stamp (and two that
 * this process derives from them, see VersionBoard.derive). A cached thing
 * lists the scopes it shows; these builders are the only place the names are
 * spelled in code, and they must match the triggers.
 */
export const scope = {
  /** Which articles exist, and their order: every global list page and total. */
  list: 'list',
  /** The tag lists (all, popular) and which names are tags. */
  tags: 'tags',
  /** The names of the tags in use (`/api/tags`): moved by this process when that list changes (derived from `tags`). */
  tagNames: 'tag-names',
  /** The sidebar's tags in order: moved by this process when that list changes (derived from `tags`). */
  popularTags: 'popular-tags',
  /** The searchable text of every article (title, description, body): moved by an edit of any (an insert or delete moves `list`). */
  search: 'search',
  /** Which usernames exist: lookups by name that found nobody. */
  usernames: 'usernames',
  /** An author's list of articles. */
  author: (userId: number) => `author:${userId}`,
  /** One tag's list of articles. */
  tag: (tagId: number) => `tag:${tagId}`,
  /** One article: its fields, favorite count and tags. */
  article: (articleId: number) => `article:${articleId}`,
  /** One article's comments. */
  comments: (articleId: number) => `comments:${articleId}`,
  /** One user's profile and account fields. */
  user: (userId: number) => `user:${userId}`,
  /** What one user favorited. */
  favorites: (userId: number) => `favs:${userId}`,
  /** Whom and which tags one user follows (tag follows: migrations sqlite/0020, postgres/0016). */
  follows: (userId: number) => `follows:${userId}`,
  /** Whom one user blocks or mutes (migration 0012 on SQLite, 0008 on PostgreSQL). */
  controls: (userId: number) => `controls:${userId}`,
  /** One user's notifications: the navbar's unread count (migrations sqlite/0022, postgres/0018). */
  inbox: (userId: number) => `inbox:${userId}`,
} as const;

/**
 * Not a scope a read lists: a stamp on it retires everything cached before it,
 * in every process. A restore writes it (src/db/restore.ts), since it
 * replaces the whole database, rows that no stamp names included
 * (docs/decisions/0017).
 */
export const everything = '*';
