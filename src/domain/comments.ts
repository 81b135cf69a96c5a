import { and, count, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/connection.js';
import { preparedFor } from '../db/prepared.js';
import { writeTransaction } from '../db/write-transaction.js';
import { comments, users } from '../db/schema.js';
import { articleRef } from './article-summaries.js';
import { articleIdForSlug } from './article-writes.js';
import { memoFor } from './cache/memo.js';
import { scope } from './cache/scopes.js';
import { catchUp } from './cache/versions.js';
import { NotFoundError } from './errors.js';
import { assertAuthor, isAuthor } from './ownership.js';
import { toProfile, type Profile } from './profiles.js';
import { followedAmong } from './viewer-marks.js';
import { findUserById } from './users.js';
import { parseInput } from './validation.js';

export interface Comment {
  id: number;
  body: string;
  createdAt: number;
  updatedAt: number;
  author: Profile;
  /** Whether the viewer wrote it (so may delete it). */
  byViewer: boolean;
}

export const newCommentSchema = z.object({
  body: z
    .string({ error: (i) => (i.input == null ? "can't be blank" : 'must be a string') })
    .max(5000, 'is too long (maximum is 5000 characters)')
    .refine((v) => v.trim().length > 0, "can't be blank"),
});

const statements = preparedFor((db) => {
  const newestFirst = db
    .select({
      id: comments.id,
      body: comments.body,
      createdAt: comments.createdAt,
      updatedAt: comments.updatedAt,
      authorId: users.id,
      username: users.username,
      bio: users.bio,
      image: users.image,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.articleId, sql.placeholder('articleId')))
    .orderBy(desc(comments.createdAt), desc(comments.id));
  return {
    all: newestFirst.prepare(),
    page: newestFirst.limit(sql.placeholder('limit')).offset(sql.placeholder('offset')).prepare(),
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
    count: db
      .select({ n: count() })
      .from(comments)
      .where(eq(comments.articleId, sql.placeholder('articleId')))
      .prepare(),
  };
});

type CommentRow = ReturnType<ReturnType<typeof statements>['all']['all']>[number];

/** Comments, by article and window, kept until they or their authors' profiles change. */
const commentsMemo = memoFor<CommentRow[]>({
  maxBytes: 6 * 1024 * 1024,
  admitOnSecondMiss: true,
  weigh: (rows) => rows.reduce((bytes, r) => bytes + 200 + 2 * (r.body.length + r.username.length + (r.bio?.length ?? 0) + (r.image?.length ?? 0)), 50),
});
const countMemo = memoFor<number>({ maxBytes: 256 * 1024, weigh: () => 8 });

export interface CommentPage {
  comments: Comment[];
  /** How many comments the article has in all. */
  total: number;
}

/**
 * An article's comments, newest first: all of them (the API), or one window
 * of them (the article page, so a page costs the same with a thousand comments).
 */
export function listComments(db: Db, slug: string, viewerId?: number): Comment[] {
  return commentsIn(db, articleRef(db, slug).id, viewerId);
}

export function commentPage(db: Db, slug: string, viewerId: number | undefined, window: { limit: number; offset: number }): CommentPage {
  const articleId = articleRef(db, slug).id;
  const total = countMemo(db).get(String(articleId), () => ({
    value: statements(db).count.get({ articleId })?.n ?? 0,
    deps: [scope.comments(articleId)],
  }));
  return { comments: commentsIn(db, articleId, viewerId, window), total };
}

function commentsIn(db: Db, articleId: number, viewerId: number | undefined, window?: { limit: number; offset: number }): Comment[] {
  const key = window ? `${articleId}:${window.limit}:${window.offset}` : `${articleId}:all`;
  const rows = commentsMemo(db).get(key, () => {
    const q = statements(db);
    const rows = window ? q.page.all({ articleId, ...window }) : q.all.all({ articleId });
    return { value: rows, deps: [scope.comments(articleId), ...new Set(rows.map((r) => scope.user(r.authorId)))] };
  });
  const following = followedAmong(
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
  }));
}

const insertComment = writeTransaction((db, authorId: number, slug: string, body: string, now: number): number => {
  // Looked up inside the write, so the article cannot go between the lookup and the insert.
  const articleId = articleIdForSlug(db, slug);
  return statements(db).insert.get({ articleId, authorId, body, now })!.id;
});

export function addComment(db: Db, authorId: number, slug: string, input: unknown): Comment {
  const { body } = parseInput(newCommentSchema, input);
  const now = Date.now();
  const id = insertComment(db, authorId, slug, body, now);
  catchUp(db);
  const author = findUserById(db, authorId);
  if (!author) throw new NotFoundError('user');
  return { id, body, createdAt: now, updatedAt: now, author: toProfile(author, false), byViewer: true };
}

/** 404 for an unknown article or comment, 403 when the comment is someone else's. */
export function deleteComment(db: Db, viewerId: number, slug: string, commentId: number): void {
  const articleId = articleIdForSlug(db, slug);
  const comment = db
    .select({ authorId: comments.authorId })
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.articleId, articleId)))
    .get();
  if (!comment) throw new NotFoundError('comment');
  assertAuthor(viewerId, comment.authorId, 'comment');
  db.delete(comments)
    .where(and(eq(comments.id, commentId), eq(comments.authorId, viewerId)))
    .run();
  catchUp(db);
}
