import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { preparedFor } from '../../db/prepared.js';
import { amongIds, exec, idList, nextId } from '../../db/sql.js';
import type { NotificationKind } from './kinds.js';

/**
 * On, always, in the app. The benchmarks turn it off (writes and one-event
 * withdrawals) to measure what a favorite or comment costs without
 * notifications, in the same build: bench/notifications.ts in process,
 * bench/notifications-http.ts by preloading bench/notifications-off.mjs into
 * a server. Nothing else calls it, and no setting reaches it.
 */
let writing = true;
export function setNotificationWrites(on: boolean): void {
  writing = on;
}
export const notificationWritesOn = (): boolean => writing;

export interface NotificationEvent {
  kind: NotificationKind;
  /** Who did it. */
  actorId: number;
  articleId?: number;
  commentId?: number;
}

/**
 * Notifies `recipientIds` of one event, inside the caller's write, in one
 * statement. Nobody is notified of their own action, by someone they block or
 * mute, by a suspended account, about a hidden article or one they muted; an
 * event already notified adds nothing (the unique index), so a re-run
 * fan-out is harmless. Returns how many were notified.
 */
export async function notify(tx: Db, event: NotificationEvent, recipientIds: readonly number[], now: number): Promise<number> {
  if (recipientIds.length === 0 || !writing) return 0;
  if (recipientIds.length === 1) return notifyOne(tx, event, recipientIds[0]!, now);
  const { users } = tx.t;
  const { kind, actorId } = event;
  const articleId = event.articleId ?? null;
  const commentId = event.commentId ?? null;
  const aboutArticle: SQL =
    articleId === null
      ? sql``
      : sql` AND NOT EXISTS (SELECT 1 FROM article_mutes m WHERE m.user_id = users.id AND m.article_id = ${articleId})
             AND NOT EXISTS (SELECT 1 FROM articles h WHERE h.id = ${articleId} AND h.hidden_at IS NOT NULL)`;
  const aboutComment: SQL =
    commentId === null ? sql`` : sql` AND NOT EXISTS (SELECT 1 FROM comments h WHERE h.id = ${commentId} AND h.hidden_at IS NOT NULL)`;
  return exec(
    tx,
    sql`INSERT INTO notifications (recipient_id, kind, actor_id, article_id, comment_id, created_at)
        SELECT users.id, ${kind}, ${actorId}, cast(${articleId} as integer), cast(${commentId} as integer), cast(${now} as bigint)
        FROM users
        WHERE ${amongIds(tx, users.id, idList(tx, recipientIds))} AND users.id <> ${actorId}
          AND NOT EXISTS (SELECT 1 FROM user_controls c WHERE c.owner_id = users.id AND c.target_id = ${actorId})
          AND NOT EXISTS (SELECT 1 FROM users a WHERE a.id = ${actorId} AND a.suspended_at IS NOT NULL AND (a.suspended_until IS NULL OR a.suspended_until > ${now}))
          ${aboutArticle}${aboutComment}
        ON CONFLICT DO NOTHING`,
  );
}

const p = sql.placeholder;

/**
 * The one-recipient case (a favorite, a follow, a comment, as written out from
 * the queue) as one prepared `INSERT … SELECT`, the same rules as
 * `notify`'s: building and preparing that one on every request cost more than
 * running it, and a separate check then insert cost a second round trip
 * (docs/decisions/0032, bench/README.md).
 */
const single = preparedFor((db) => {
  const { users, notifications } = db.t;
  const article = sql`cast(${p('article')} as integer)`;
  const comment = sql`cast(${p('comment')} as integer)`;
  // Every column, in the table's order (Drizzle's rule for an insert from a select).
  const event = db
    .select({
      id: nextId(db, 'notifications').as('id'),
      recipientId: users.id,
      kind: sql`cast(${p('kind')} as text)`.as('kind'),
      actorId: sql`cast(${p('actor')} as integer)`.as('actor_id'),
      articleId: article.as('article_id'),
      commentId: comment.as('comment_id'),
      createdAt: sql`cast(${p('now')} as bigint)`.as('created_at'),
      readAt: sql`cast(NULL as bigint)`.as('read_at'),
      remoteActorId: sql`cast(NULL as integer)`.as('remote_actor_id'),
      remoteCommentId: sql`cast(NULL as integer)`.as('remote_comment_id'),
    })
    .from(users)
    .where(
      and(
        eq(users.id, p('recipient')),
        ne(users.id, p('actor')),
        sql`NOT EXISTS (SELECT 1 FROM user_controls c WHERE c.owner_id = ${users.id} AND c.target_id = ${p('actor')})`,
        sql`NOT EXISTS (SELECT 1 FROM users a WHERE a.id = ${p('actor')} AND a.suspended_at IS NOT NULL AND (a.suspended_until IS NULL OR a.suspended_until > ${p('now')}))`,
        sql`(${article} IS NULL OR (NOT EXISTS (SELECT 1 FROM article_mutes m WHERE m.user_id = ${users.id} AND m.article_id = ${article})
            AND NOT EXISTS (SELECT 1 FROM articles h WHERE h.id = ${article} AND h.hidden_at IS NOT NULL)))`,
        sql`(${comment} IS NULL OR NOT EXISTS (SELECT 1 FROM comments h WHERE h.id = ${comment} AND h.hidden_at IS NOT NULL))`,
      ),
    );
  return {
    insert: db.insert(notifications).select(event).onConflictDoNothing().returning({ id: notifications.id }).prepare(),
    // A favorite or follow undone: its notification, found by the unique index.
    withdraw: db
      .delete(notifications)
      .where(
        and(
          eq(notifications.recipientId, p('recipient')),
          eq(notifications.kind, p('kind')),
          eq(notifications.actorId, p('actor')),
          sql`coalesce(${notifications.articleId}, 0) = ${p('article')}`,
          sql`coalesce(${notifications.commentId}, 0) = 0`,
        ),
      )
      .prepare(),
  };
});

async function notifyOne(tx: Db, event: NotificationEvent, recipientId: number, now: number): Promise<number> {
  const args = { recipient: recipientId, actor: event.actorId, article: event.articleId ?? null, comment: event.commentId ?? null, kind: event.kind, now };
  return (await single(tx).insert.execute(args)).length;
}

/** Takes back the notification of one favorite or follow (`articleId` absent for a follow). */
export async function withdrawOne(tx: Db, event: { kind: 'favorite' | 'follow'; actorId: number; articleId?: number }, recipientId: number): Promise<void> {
  if (!writing) return;
  await single(tx).withdraw.execute({ recipient: recipientId, kind: event.kind, actor: event.actorId, article: event.articleId ?? 0 });
}

/** Which notifications to take back: any combination of these, all of which must match. */
export interface Withdrawal {
  recipientId?: number;
  kind?: NotificationKind;
  actorId?: number;
  articleId?: number;
  commentId?: number;
}

/**
 * Removes notifications that would now mislead (docs/decisions/0032): a
 * favorite or follow undone, an actor suspended or blocked, an article
 * hidden. A deleted comment or article takes its own with it (cascades).
 */
export async function withdrawNotifications(tx: Db, which: Withdrawal): Promise<void> {
  const { notifications: n } = tx.t;
  const conditions = [
    which.recipientId === undefined ? undefined : eq(n.recipientId, which.recipientId),
    which.kind === undefined ? undefined : eq(n.kind, which.kind),
    which.actorId === undefined ? undefined : eq(n.actorId, which.actorId),
    which.articleId === undefined ? undefined : eq(n.articleId, which.articleId),
    which.commentId === undefined ? undefined : eq(n.commentId, which.commentId),
  ].filter((c) => c !== undefined);
  if (conditions.length === 0) throw new Error('a withdrawal names what it withdraws');
  await tx.delete(n).where(and(...conditions));
}
