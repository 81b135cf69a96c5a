import { and, eq, isNull, sql } from 'drizzle-orm';
import { amongIds, idList, rows } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';
import { NotFoundError } from '../errors.js';
import type { NotificationKind } from './kinds.js';
import { notificationsQueued, writeQueuedNotifications } from './notification-queue.js';
import { actorColumns, notifiedActor, type NotifiedActor } from './notified-actor.js';

/** Groups per page of /notifications. */
export const GROUPS_PER_PAGE = 20;

/**
 * Similar notifications shown as one line: the same kind about the same
 * article (favorites, comments, new articles) or all follows, read or unread
 * apart; a mention stays alone, since each is a different comment.
 */
export interface NotificationGroup {
  /** The newest notification of the group: what "mark read" names. */
  id: number;
  kind: NotificationKind;
  unread: boolean;
  /** How many: "Ana and 3 others" when 4. */
  count: number;
  /** The newest actor: a user of ours or a fediverse account. */
  actor: NotifiedActor;
  article: { slug: string; title: string } | null;
  commentId: number | null;
  latestAt: number;
}

export interface InboxPage {
  groups: NotificationGroup[];
  /** Whether an older page follows. */
  more: boolean;
}

// One group per kind and article (per comment, ours or a fediverse reply, for mentions), read apart from unread.
const groupKey = sql`kind, coalesce(article_id, 0), CASE WHEN kind = 'mention' THEN comment_id ELSE 0 END,
  CASE WHEN kind = 'mention' THEN remote_comment_id ELSE 0 END, CASE WHEN read_at IS NULL THEN 1 ELSE 0 END`;

interface GroupRow {
  last_id: number | string;
  n: number | string;
  latest: number | string;
  unread: number | string;
}


/**
 * The user's notifications, newest group first, `page` from 1: two statements
 * whatever the page holds. Whatever still waits in the queue is written out
 * first (one cheap read when nothing does), so the page never lags behind a
 * favorite or comment just made, even where no listener runs.
 */
export async function inboxPage({ db, now }: Writer, userId: number, page: number): Promise<InboxPage> {
  if (await notificationsQueued(db)) await writeQueuedNotifications(db, now);
  const groups = await rows<GroupRow>(
    db,
    sql`SELECT max(id) AS last_id, count(*) AS n, max(created_at) AS latest, max(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END) AS unread
        FROM notifications WHERE recipient_id = ${userId}
        GROUP BY ${groupKey}
        ORDER BY latest DESC, last_id DESC
        LIMIT ${GROUPS_PER_PAGE + 1} OFFSET ${(page - 1) * GROUPS_PER_PAGE}`,
  );
  const more = groups.length > GROUPS_PER_PAGE;
  const shown = groups.slice(0, GROUPS_PER_PAGE);
  if (shown.length === 0) return { groups: [], more };
  const { notifications: n, users, remoteActors, articles } = db.t;
  const details = await db
    .select({ id: n.id, kind: n.kind, comment_id: n.commentId, slug: articles.slug, title: articles.title, ...actorColumns(db) })
    .from(n)
    .leftJoin(users, eq(users.id, n.actorId))
    .leftJoin(remoteActors, eq(remoteActors.id, n.remoteActorId))
    .leftJoin(articles, eq(articles.id, n.articleId))
    .where(amongIds(db, n.id, idList(db, shown.map((g) => Number(g.last_id)))));
  const byId = new Map(details.map((d) => [d.id, d]));
  return {
    more,
    groups: shown.flatMap((g) => {
      const d = byId.get(Number(g.last_id));
      if (!d) return [];
      return [
        {
          id: d.id,
          kind: d.kind,
          unread: Number(g.unread) === 1,
          count: Number(g.n),
          actor: notifiedActor(d),
          article: d.slug !== null && d.title !== null ? { slug: d.slug, title: d.title } : null,
          commentId: d.comment_id,
          latestAt: Number(g.latest),
        },
      ];
    }),
  };
}

/** Marks read the group whose newest notification is `id` (404 unless it is the user's). */
export async function markGroupRead({ db, now }: Writer, userId: number, id: number): Promise<void> {
  await write(db, async (tx) => {
    const { notifications: n } = tx.t;
    const [one] = await tx
      .select({ kind: n.kind, articleId: n.articleId, commentId: n.commentId, remoteCommentId: n.remoteCommentId })
      .from(n)
      .where(and(eq(n.id, id), eq(n.recipientId, userId)))
      .limit(1);
    if (!one) throw new NotFoundError('notification');
    await tx
      .update(n)
      .set({ readAt: now() })
      .where(
        and(
          eq(n.recipientId, userId),
          isNull(n.readAt),
          eq(n.kind, one.kind),
          one.articleId === null ? isNull(n.articleId) : eq(n.articleId, one.articleId),
          one.kind === 'mention' && one.commentId !== null ? eq(n.commentId, one.commentId) : undefined,
          one.kind === 'mention' && one.remoteCommentId !== null ? eq(n.remoteCommentId, one.remoteCommentId) : undefined,
        ),
      );
  });
}

/** Marks every unread notification of the user read. */
export async function markAllRead({ db, now }: Writer, userId: number): Promise<void> {
  await write(db, async (tx) => {
    const { notifications: n } = tx.t;
    await tx
      .update(n)
      .set({ readAt: now() })
      .where(and(eq(n.recipientId, userId), isNull(n.readAt)));
  });
}
