import { and, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { preparedFor } from '../../db/prepared.js';
import { amongIds } from '../../db/sql.js';
import { notHiddenBy } from '../personal-controls/hidden-authors.js';
import { articlePublished, articleShown, articleUnpublished, tagLinkShown } from '../moderation/visibility.js';

/**
 * The prepared statements behind every article list, built once per
 * database. A page is two steps: the ids of one page from a covering index
 * (so deep pages skip index entries, not rows), then the rows and their
 * tags, authors, favorites and follows for exactly those ids. Id lists are
 * bound as one parameter (`amongIds`, bound to `idList` from ../../db/sql.ts),
 * so one statement serves any size.
 */
const ids = sql.placeholder('ids');
const limit = sql.placeholder('limit');
const offset = sql.placeholder('offset');
const key = sql.placeholder('key');
const viewer = sql.placeholder('viewer');

function prepare(db: Db) {
  const { articles, articleTags, favorites, follows, tagFollows, tags, users } = db.t;
  const summaryColumns = {
    id: articles.id,
    slug: articles.slug,
    title: articles.title,
    description: articles.description,
    createdAt: articles.createdAt,
    updatedAt: articles.updatedAt,
    favoritesCount: articles.favoritesCount,
    authorId: articles.authorId,
    hiddenAt: articles.hiddenAt,
    hiddenReason: articles.hiddenReason,
    status: articles.status,
    publishAt: articles.publishAt,
  };
  const newest = [desc(articles.createdAt), desc(articles.id)];
  const followed = db.select({ id: follows.followeeId }).from(follows).where(eq(follows.followerId, key));
  const favoritedBy = db.select({ id: favorites.articleId }).from(favorites).where(eq(favorites.userId, key));
  // Your Feed: by an author the reader follows, or with a tag they follow; each article once.
  const followedTags = db.select({ id: tagFollows.tagId }).from(tagFollows).where(eq(tagFollows.userId, key));
  const inFeed = or(
    inArray(articles.authorId, followed),
    // Shown links only: the tag's partial index (tag_id first) then serves it, not a scan of every link.
    inArray(articles.id, db.select({ id: articleTags.articleId }).from(articleTags).where(and(inArray(articleTags.tagId, followedTags), tagLinkShown(db.t)))),
  );
  // Every list shows only what everyone sees, but an author's own list read by that author.
  const shown = articleShown(db.t);
  const pageOf = (where?: SQL, everyone = true) =>
    db
      .select({ id: articles.id })
      .from(articles)
      .where(everyone ? and(shown, where) : where)
      .orderBy(...newest)
      .limit(limit)
      .offset(offset)
      .prepare();
  const countOf = (where?: SQL, everyone = true) =>
    db
      .select({ n: count() })
      .from(articles)
      .where(everyone ? and(shown, where) : where)
      .prepare();
  // For a reader who mutes someone (docs/decisions/0025): the same lists less the authors they mute.
  const unmuted = notHiddenBy(db, articles.authorId, viewer, 'lists');
  const tagged = eq(articleTags.tagId, key);

  return {
    page: {
      all: pageOf(),
      author: pageOf(eq(articles.authorId, key)),
      own: pageOf(and(eq(articles.authorId, key), articlePublished(db.t)), false),
      drafts: pageOf(and(eq(articles.authorId, key), articleUnpublished(db.t)), false),
      favoritedBy: pageOf(inArray(articles.id, favoritedBy)),
      feed: pageOf(inFeed),
      tag: db
        .select({ id: articleTags.articleId })
        .from(articleTags)
        .where(and(eq(articleTags.tagId, key), tagLinkShown(db.t)))
        .orderBy(desc(articleTags.articleCreatedAt), desc(articleTags.articleId))
        .limit(limit)
        .offset(offset)
        .prepare(),
    },
    seen: {
      page: {
        all: pageOf(unmuted),
        feed: pageOf(and(inFeed, unmuted)),
        tag: db
          .select({ id: articleTags.articleId })
          .from(articleTags)
          .innerJoin(articles, eq(articles.id, articleTags.articleId))
          .where(and(tagged, tagLinkShown(db.t), unmuted))
          .orderBy(desc(articleTags.articleCreatedAt), desc(articleTags.articleId))
          .limit(limit)
          .offset(offset)
          .prepare(),
      },
      count: {
        all: countOf(unmuted),
        feed: countOf(and(inFeed, unmuted)),
        tag: db.select({ n: count() }).from(articleTags).innerJoin(articles, eq(articles.id, articleTags.articleId)).where(and(tagged, tagLinkShown(db.t), unmuted)).prepare(),
      },
    },
    count: {
      all: countOf(),
      author: countOf(eq(articles.authorId, key)),
      own: countOf(and(eq(articles.authorId, key), articlePublished(db.t)), false),
      drafts: countOf(and(eq(articles.authorId, key), articleUnpublished(db.t)), false),
      favoritedBy: countOf(inArray(articles.id, favoritedBy)),
      feed: countOf(inFeed),
      tag: db.select({ n: tags.uses }).from(tags).where(eq(tags.id, key)).prepare(),
    },
    tagId: db.select({ id: tags.id }).from(tags).where(eq(tags.name, key)).prepare(),
    userId: db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = lower(${key})`)
      .prepare(),
    rows: db.select(summaryColumns).from(articles).where(amongIds(db, articles.id, ids)).prepare(),
    ownerBySlug: db
      .select({ id: articles.id, authorId: articles.authorId, hiddenAt: articles.hiddenAt, hiddenReason: articles.hiddenReason, status: articles.status })
      .from(articles)
      .where(eq(articles.slug, key))
      .prepare(),
    rowBySlug: db
      .select({ ...summaryColumns, body: articles.body })
      .from(articles)
      .where(eq(articles.slug, key))
      .prepare(),
    bodies: db.select({ id: articles.id, body: articles.body }).from(articles).where(amongIds(db, articles.id, ids)).prepare(),
    tags: db
      .select({ articleId: articleTags.articleId, name: tags.name })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(amongIds(db, articleTags.articleId, ids))
      .prepare(),
    authors: db
      .select({ id: users.id, username: users.username, bio: users.bio, image: users.image, joinedAt: users.createdAt })
      .from(users)
      .where(amongIds(db, users.id, ids))
      .prepare(),
    favorited: db
      .select({ id: favorites.articleId })
      .from(favorites)
      .where(and(eq(favorites.userId, viewer), amongIds(db, favorites.articleId, ids)))
      .prepare(),
    following: db
      .select({ id: follows.followeeId })
      .from(follows)
      .where(and(eq(follows.followerId, viewer), amongIds(db, follows.followeeId, ids)))
      .prepare(),
  };
}

export type ArticleQueries = ReturnType<typeof prepare>;
export type SummaryRow = Awaited<ReturnType<ArticleQueries['rows']['execute']>>[number];

export const articleQueries = preparedFor(prepare);
