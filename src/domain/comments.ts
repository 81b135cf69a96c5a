import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/connection.js';
import { preparedFor } from '../db/prepared.js';
import { comments, users } from '../db/schema.js';
import { articleRef } from './article-summaries.js';
import { articleIdForSlug } from './article-writes.js';
import { memoFor } from './cache/memo.js';
import { scope } from './cache/scopes.js';
import { catchUp } from './cache/versions.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import { toProfile, type Profile } from './profiles.js';
import { followedAmong } from './viewer-marks.js';
import { parseInput } from './validation.js';

export interface Comment {
  id: number;
  body: string;
  createdAt: number;
  updatedAt: number;
  author: Profile;
}

export const newCommentSchema = z.object({
  body: z
    .string({ error: (i) => (i.input == null ? "can't be blank" : 'must be a string') })
    .max(5000, 'is too long (maximum is 5000 characters)')
    .refine((v) => v.trim().length > 0, "can't be blank"),
});

const commentsOf = preparedFor((db) =>
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
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.articleId, sql.placeholder('articleId')))
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .prepare(),
);

type CommentRow = ReturnType<ReturnType<typeof commentsOf>['all']>[number];

/** Each article's comments, kept until they or their authors' profiles change. */
const commentsMemo = memoFor<CommentRow[]>({
  maxBytes: 8 * 1024 * 1024,
  weigh: (rows) => rows.reduce((bytes, r) => bytes + 200 + 2 * (r.body.length + r.username.length + (r.bio?.length ?? 0) + (r.image?.length ?? 0)), 50),
});

/** An article's comments, newest first. */
export function listComments(db: Db, slug: string, viewerId?: number): Comment[] {
  const articleId = articleRef(db, slug).id;
  const rows = commentsMemo(db).get(String(articleId), () => {
    const rows = commentsOf(db).all({ articleId });
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
  }));
}

export function addComment(db: Db, authorId: number, slug: string, input: unknown): Comment {
  const { body } = parseInput(newCommentSchema, input);
  const articleId = articleIdForSlug(db, slug);
  const now = Date.now();
  const row = db
    .insert(comments)
    .values({ articleId, authorId, body, createdAt: now, updatedAt: now })
    .returning({ id: comments.id })
    .get();
  catchUp(db);
  const author = db.select({ username: users.username, bio: users.bio, image: users.image }).from(users).where(eq(users.id, authorId)).get()!;
  return { id: row.id, body, createdAt: now, updatedAt: now, author: toProfile(author, false) };
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
  if (comment.authorId !== viewerId) throw new ForbiddenError('comment');
  db.delete(comments)
    .where(and(eq(comments.id, commentId), eq(comments.authorId, viewerId)))
    .run();
  catchUp(db);
}
