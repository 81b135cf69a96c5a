import type { Db } from '../../db/database.js';
import { findUserByUsername } from '../accounts/users.js';
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
 * As the comment's queued notification is written out (./notification-queue.ts):
 * its article's author hears of the comment, and
 * everyone it mentions by @name of the mention (the author once, as a comment).
 * A comment without an @ costs one statement.
 */
export async function notifyOfComment(tx: Db, comment: NewComment, now: number): Promise<void> {
  const event = { actorId: comment.commenterId, articleId: comment.articleId, commentId: comment.commentId };
  await notify(tx, { kind: 'comment', ...event }, [comment.articleAuthorId], now);
  const names = mentionedUsernames(comment.body);
  if (names.length === 0) return;
  // One prepared lookup a name (at most MAX_MENTIONS): most comments mention one person, if any.
  const ids: number[] = [];
  for (const name of names) {
    const user = await findUserByUsername(tx, name);
    if (user && user.id !== comment.articleAuthorId) ids.push(user.id);
  }
  for (const id of ids) await notify(tx, { kind: 'mention', ...event }, [id], now);
}
