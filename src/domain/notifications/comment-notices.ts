import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { mentionedUsernames } from './mentions.js';
import { notify } from './notify.js';

export interface NewComment {
  articleId: number;
  articleAuthorId: number;
  commentId: number;
  commenterId: number;
  body: string;
}

/**
 * Inside the comment's write: its article's author hears of the comment, and
 * everyone it mentions by @name of the mention (the author once, as a comment).
 * A comment without an @ costs one statement.
 */
export async function notifyOfComment(tx: Db, comment: NewComment, now: number): Promise<void> {
  const event = { actorId: comment.commenterId, articleId: comment.articleId, commentId: comment.commentId };
  await notify(tx, { kind: 'comment', ...event }, [comment.articleAuthorId], now);
  const names = mentionedUsernames(comment.body);
  if (names.length === 0) return;
  const { users } = tx.t;
  const mentioned = await tx
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`);
  const ids = mentioned.map((u) => u.id).filter((id) => id !== comment.articleAuthorId);
  await notify(tx, { kind: 'mention', ...event }, ids, now);
}
