import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { amongIds, exec, idList } from '../../db/sql.js';
import { MAX_MENTIONS } from './mentions.js';
import { notificationWritesOn } from './notify.js';

export interface ShownRemoteReply {
  remoteCommentId: number;
  remoteActorId: number;
  articleId: number;
  articleAuthorId: number;
  /** The local users its Mention tags name. */
  mentionedUserIds: readonly number[];
}

/**
 * Inside the write that shows a fediverse reply (approved, or arriving
 * approved): its article's author hears of a comment, and each local user it
 * mentions of a mention (the author once, as a comment), in one statement
 * (docs/decisions/0056). As for a local comment, nobody who muted the article
 * hears of it, nor of a hidden article; a remote account has no user to block
 * or suspend here, and a blocked domain's accounts send nothing. The reply or
 * its account removed takes these with it (cascades); the same reply shown
 * twice adds nothing (the partial unique index).
 */
export async function notifyOfRemoteReply(tx: Db, reply: ShownRemoteReply, now: number): Promise<number> {
  if (!notificationWritesOn()) return 0;
  const recipients = [reply.articleAuthorId, ...reply.mentionedUserIds.filter((id) => id !== reply.articleAuthorId).slice(0, MAX_MENTIONS)];
  const { users } = tx.t;
  const article = sql`cast(${reply.articleId} as integer)`;
  return exec(
    tx,
    sql`INSERT INTO notifications (recipient_id, kind, remote_actor_id, remote_comment_id, article_id, created_at)
        SELECT users.id, CASE WHEN users.id = ${reply.articleAuthorId} THEN 'comment' ELSE 'mention' END,
               cast(${reply.remoteActorId} as integer), cast(${reply.remoteCommentId} as integer), ${article}, cast(${now} as bigint)
        FROM users
        WHERE ${amongIds(tx, users.id, idList(tx, recipients))}
          AND NOT EXISTS (SELECT 1 FROM article_mutes m WHERE m.user_id = users.id AND m.article_id = ${article})
          AND NOT EXISTS (SELECT 1 FROM articles h WHERE h.id = ${article} AND h.hidden_at IS NOT NULL)
        ON CONFLICT DO NOTHING`,
  );
}

/** What remote_comments.mentioned_user_ids keeps, read back: anything unreadable is nobody. */
export function mentionedIdsOf(stored: string): number[] {
  try {
    const value: unknown = JSON.parse(stored);
    return Array.isArray(value) ? value.filter((id): id is number => Number.isSafeInteger(id) && id > 0) : [];
  } catch {
    return [];
  }
}
