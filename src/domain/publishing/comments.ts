import { and, count, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Writer } from '../clock.js';
import { preparedFor } from '../../db/prepared.js';
import { writeTransaction } from '../../db/write-transaction.js';
import { articleRef } from './article-summaries.js';
import { articleIdForSlug } from './article-writes.js';
import { memoFor } from '../../cache/memo.js';
import { scope } from '../../cache/scopes.js';
import { NotFoundError } from '../errors.js';
import { assertAuthor, isAuthor } from './ownership.js';
import { toProfile, type Profile } from './profiles.js';
import { followedAmong } from './viewer-marks.js';
import { findUserById } from '../accounts/users.js';
import { parseInput } from '../validation.js';
import { assertMayWrite } from '../moderation/suspension.js';
import { commentShown, hiddenOf, maySee, type Hidden } from '../moderation/visibility.js';
import { articleQueries } from './article-queries.js';
import { hidingFor, notHiddenBy, type Hiding } from '../personal-controls/hidden-authors.js';
import { refuseIfBlocked } from '../personal-controls/block-check.js';
import { refuseOverPostingLimit, type Poster } from '../anti-abuse/posting-limits.js';
import { queueNotification } from '../notifications/notification-queue.js';

export interface Comment {
  id: number;
  body: string;
  createdAt: number;
  updatedAt: number;
  author: Profile;
  /** Whether the viewer wrote it (so may delete it). */
  byViewer: boolean;
  /** Set while hidden: only its author and moderators see it then (../moderation/visibility.ts). */
  hidden: Hidden | null;
}

export const newCommentSchema = z.object({
  body: z
    .string({ error: (i) => (i.input == null ? "can't be blank" : 'must be a string') })
    .max(5000, 'is too long (maximum is 5000 characters)')
    .refine((v) => v.trim().length > 0, "can't be blank"),
});

const statements = preparedFor((db) => {
  const { comments, users } = db.t;
  const onArticle = eq(comments.articleId, sql.placeholder('articleId'));
  const newest = (where: SQL) =>
    db
      .select({
        id: comments.id,
        body: comments.body,
        createdAt: comments.createdAt,
        updatedAt: comments.updatedAt,
        authorId: users.id,
        username: users.username,
        bio: users.bio,
        image: users.image,
        hiddenAt: comments.hiddenAt,
        hiddenReason: comments.hiddenReason,
      })
      .from(comments)
      .innerJoin(users, eq(users.id, comments.authorId))
      .where(where)
      .orderBy(desc(comments.createdAt), desc(comments.id));
  // Lists and counts show what everyone sees; hidden ones are read apart, for those who may see them.
  const shown = and(onArticle, commentShown(db.t))!;
  // The same, less the authors the reader bound to `viewer` hides in comments (docs/decisions/0025).
  const asSeen = and(shown, notHiddenBy(db, comments.authorId, sql.placeholder('viewer'), 'comments'))!;
  const window = (where: SQL) => newest(where).limit(sql.placeholder('limit')).offset(sql.placeholder('offset')).prepare();
  const counted = (where: SQL) => db.select({ n: count() }).from(comments).where(where).prepare();
  return {
    all: newest(shown).prepare(),
    page: window(shown),
    count: counted(shown),
    seen: { all: newest(asSeen).prepare(), page: window(asSeen), count: counted(asSeen) },
    hidden: newest(and(onArticle, isNotNull(comments.hiddenAt))!).prepare(),
    insert: db
      .insert(comments)
      .values({
        articleId: sql.placeholder('articleId'),
        authorId: sql.placeholder('authorId'),
        body: sql.placeholder('body'),
        createdAt: sql.placeholder('now'),
        updatedAt: sql.placeholder('now'),
      })
      .returning({ id: comments.id })
      .prepare(),
  };
});

type CommentRow = Awaited<ReturnType<ReturnType<typeof statements>['all']['execute']>>[number];

/** Comments, by article and window, kept until they or their authors' profiles change. */
const commentsMemo = memoFor<CommentRow[]>({
  name: 'comments',
  maxBytes: 6 * 1024 * 1024,
  admitOnSecondMiss: true,
  weigh: (rows) => rows.reduce((bytes, r) => bytes + 200 + 2 * (r.body.length + r.username.length + (r.bio?.length ?? 0) + (r.image?.length ?? 0)), 50),
});
const countMemo = memoFor<number>({ name: 'comment-counts', maxBytes: 256 * 1024, weigh: () => 8 });

export interface CommentPage {
  comments: Comment[];
  /** How many comments the article has in all. */
  total: number;
}

/**
 * An article's comments, newest first: all of them (the API), or one window
 * of them (the article page, so a page costs the same with a thousand comments).
 */
export async function listComments(db: Db, slug: string, viewerId?: number): Promise<Comment[]> {
  const articleId = (await articleRef(db, slug, viewerId)).id;
  return commentsIn(db, articleId, viewerId, await hidingFor(db, viewerId, 'comments'));
}

export async function commentPage(db: Db, slug: string, viewerId: number | undefined, window: { limit: number; offset: number }): Promise<CommentPage> {
  const articleId = (await articleRef(db, slug, viewerId)).id;
  const hiding = await hidingFor(db, viewerId, 'comments');
  const total = await countMemo(db).get(`${articleId}${hiding?.key ?? ''}`, async () => {
    const q = statements(db);
    const [row] = hiding ? await q.seen.count.execute({ articleId, viewer: hiding.viewerId }) : await q.count.execute({ articleId });
    return { value: row?.n ?? 0, deps: [scope.comments(articleId), ...(hiding?.deps ?? [])] };
  });
  return { comments: await commentsIn(db, articleId, viewerId, hiding, window), total };
}

/** The comments everyone sees, or, for a reader who hides someone, the ones they see (kept under their own key). */
async function commentsIn(db: Db, articleId: number, viewerId: number | undefined, hiding: Hiding | undefined, window?: { limit: number; offset: number }): Promise<Comment[]> {
  const key = `${window ? `${articleId}:${window.limit}:${window.offset}` : `${articleId}:all`}${hiding?.key ?? ''}`;
  const rows = await commentsMemo(db).get(key, async () => {
    const q = statements(db);
    let rows: CommentRow[];
    if (hiding) {
      const viewer = hiding.viewerId;
      rows = window ? await q.seen.page.execute({ articleId, viewer, ...window }) : await q.seen.all.execute({ articleId, viewer });
    } else {
      rows = window ? await q.page.execute({ articleId, ...window }) : await q.all.execute({ articleId });
    }
    return { value: rows, deps: [scope.comments(articleId), ...(hiding?.deps ?? []), ...new Set(rows.map((r) => scope.user(r.authorId)))] };
  });
  return asComments(db, rows, viewerId);
}

async function asComments(db: Db, rows: CommentRow[], viewerId: number | undefined): Promise<Comment[]> {
  const following = await followedAmong(
    db,
    viewerId,
    rows.map((r) => r.authorId),
  );
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    author: toProfile(r, following.has(r.authorId)),
    byViewer: isAuthor(viewerId, r.authorId),
    hidden: hiddenOf(r),
  }));
}

/** Each article's hidden comments (mostly none), kept like its list. */
const hiddenMemo = memoFor<CommentRow[]>({ name: 'hidden-comments', maxBytes: 512 * 1024, weigh: (rows) => rows.reduce((bytes, r) => bytes + 200 + 2 * r.body.length, 50) });

/**
 * The article's hidden comments that `viewerId` may see: their own, or all of
 * them for a moderator. Left out of every list, they are shown apart, marked.
 */
export async function hiddenComments(db: Db, slug: string, viewerId: number | undefined): Promise<Comment[]> {
  if (viewerId === undefined) return [];
  const articleId = (await articleRef(db, slug, viewerId)).id;
  const rows = await hiddenMemo(db).get(String(articleId), async () => {
    const rows = await statements(db).hidden.execute({ articleId });
    return { value: rows, deps: [scope.comments(articleId), ...new Set(rows.map((r) => scope.user(r.authorId)))] };
  });
  if (rows.length === 0) return [];
  const viewer = await findUserById(db, viewerId);
  return asComments(db, rows.filter((r) => maySee(viewer, { authorId: r.authorId, hidden: hiddenOf(r) })), viewerId);
}

const insertComment = writeTransaction(async (tx, poster: Poster, authorId: number, slug: string, body: string, now: number): Promise<number> => {
  // Looked up inside the write, so on SQLite the article cannot go between the lookup and the
  // insert (on PostgreSQL a delete committed in between makes the insert's foreign key fail).
  const [article] = await articleQueries(tx).ownerBySlug.execute({ key: slug });
  if (!article) throw new NotFoundError('article');
  await refuseIfBlocked(tx, article.authorId, authorId, { comment: ['is not possible: the author of this article has blocked you'] });
  await refuseOverPostingLimit(tx, poster, authorId, 'comments', now);
  const [row] = await statements(tx).insert.execute({ articleId: article.id, authorId, body, now });
  await queueNotification(tx, { event: 'comment', actorId: authorId, recipientId: article.authorId, articleId: article.id, commentId: row!.id }, now);
  return row!.id;
});

/**
 * 403 for a suspended account or when the article's author blocks the commenter, 404 for an
 * unknown (or hidden) article, 429 past the hour's limit (docs/decisions/0026).
 */
export async function addComment(poster: Poster, authorId: number, slug: string, input: unknown): Promise<Comment> {
  const { db } = poster;
  await assertMayWrite(poster, authorId);
  const { body } = parseInput(newCommentSchema, input);
  // A hidden article is not there for whoever may not see it: nothing to comment on.
  await articleRef(db, slug, authorId);
  const now = poster.now();
  const id = await insertComment(db, poster, authorId, slug, body, now);
  const author = await findUserById(db, authorId);
  if (!author) throw new NotFoundError('user');
  return { id, body, createdAt: now, updatedAt: now, author: toProfile(author, false), byViewer: true, hidden: null };
}

/** The lookups and the delete in one write, like `insertComment`. */
const removeComment = writeTransaction(async (tx, viewerId: number, slug: string, commentId: number): Promise<void> => {
  const { comments } = tx.t;
  const articleId = await articleIdForSlug(tx, slug);
  const [comment] = await tx
    .select({ authorId: comments.authorId })
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.articleId, articleId)))
    .limit(1);
  if (!comment) throw new NotFoundError('comment');
  assertAuthor(viewerId, comment.authorId, 'comment');
  await tx.delete(comments).where(and(eq(comments.id, commentId), eq(comments.authorId, viewerId)));
});

/** 404 for an unknown article or comment, 403 when the comment is someone else's. */
export async function deleteComment({ db, now }: Writer, viewerId: number, slug: string, commentId: number): Promise<void> {
  await assertMayWrite({ db, now }, viewerId);
  await removeComment(db, viewerId, slug, commentId);
}
