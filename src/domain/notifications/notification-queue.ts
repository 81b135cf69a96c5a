import { asc, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/database.js';
import { preparedFor } from '../../db/prepared.js';
import { aloneInTransaction, amongIds, idList } from '../../db/sql.js';
import { afterCommit, write } from '../../db/write-transaction.js';
import { notifyOfComment } from './comment-notices.js';
import { notificationWritesOn, notify, withdrawOne } from './notify.js';

// A favorite, follow or comment does not write its notification: it appends
// one narrow row to notification_queue, and a server's notification writer
// (src/jobs/notification-writer.ts) writes the notifications a batch at a
// time, applying the rules then (docs/decisions/0063). A favorite with its
// notification written in the request cost 20 to 40 % more than one without
// (bench/README.md): the notification's row, five index entries and the
// inbox's stamp all went to the WAL in the request's commit.

export type QueuedEvent = 'follow' | 'unfollow' | 'favorite' | 'unfavorite' | 'comment';

export interface QueuedNotification {
  event: QueuedEvent;
  /** Who did it. */
  actorId: number;
  /** Whom it is for: the followed user, or the author of the article favorited or commented on. */
  recipientId: number;
  articleId?: number;
  commentId?: number;
}

const p = sql.placeholder;
const statements = preparedFor((db) => {
  const { notificationQueue: q, comments } = db.t;
  return {
    append: db
      .insert(q)
      .values({ event: p('event'), actorId: p('actor'), recipientId: p('recipient'), articleId: p('article'), commentId: p('comment'), queuedAt: p('now') })
      .prepare(),
    // Prepared too: building and preparing these for every batch and comment cost as much as writing the notification.
    batch: db.select().from(q).orderBy(asc(q.id)).limit(QUEUE_BATCH).prepare(),
    commentBody: db.select({ body: comments.body }).from(comments).where(eq(comments.id, p('id'))).limit(1).prepare(),
  };
});

/**
 * Inside the caller's write: one row, so the notification exists exactly
 * when the favorite, follow or comment does. Once the write commits, this
 * process's listener (if one listens) is told.
 */
export async function queueNotification(tx: Db, item: QueuedNotification, now: number): Promise<void> {
  if (!notificationWritesOn()) return;
  // Nobody hears of their own favorite or follow; a comment of one's own may still mention others.
  if (item.actorId === item.recipientId && item.event !== 'comment') return;
  const { event, actorId: actor, recipientId: recipient } = item;
  await statements(tx).append.execute({ event, actor, recipient, article: item.articleId ?? null, comment: item.commentId ?? null, now });
  afterCommit(tx, () => listeners.get(tx.database)?.());
}

/** The listener of each open database in this process (src/jobs/notification-writer.ts); one at most. */
const listeners = new WeakMap<Database, () => void>();

/** Calls `listener` after each write in this process that queued notifications; returns how to stop. */
export function listenForQueuedNotifications(db: Db, listener: () => void): () => void {
  if (listeners.has(db.database)) throw new Error('notifications already have a listener on this database');
  listeners.set(db.database, listener);
  return () => void listeners.delete(db.database);
}

/**
 * Writing out runs, always, in the app. bench/notifications-http.ts holds it
 * (`--queue-only`, by preloading bench/notifications-held.mjs into a server)
 * to time the requests alone, which then only queue. Nothing else calls it,
 * and no setting reaches it.
 */
let held = false;
export function holdWritingOut(on: boolean): void {
  held = on;
}

/**
 * Rows written per transaction. On SQLite a batch runs synchronously and every request waits behind it:
 * a row costs 40 to 100 µs there under load, so 25 keep the wait near 2 ms. At 200, a gathering of 75
 * held the process 4 to 13 ms and made the favorite's p99 two to three times the one without
 * notifications (bench/README.md, "2026-12-07 (4)").
 */
export const QUEUE_BATCH = 25;

/** The advisory lock's key on PostgreSQL: one writer of queued notifications at a time, across every process. */
const WRITING_LOCK = 7_301_205_116;

type Row = Db['t']['notificationQueue']['$inferSelect'];

/**
 * Writes out every notification queued when it starts, oldest first, a batch per
 * transaction: each batch's notifications and the removal of its rows
 * commit together, so each is written exactly once whoever runs this, and a
 * process killed midway leaves its batch queued. The rules (blocks, mutes,
 * suspensions, hidden articles and comments) apply as of now; an undone
 * favorite or follow takes back what was written. Returns how many rows were
 * handled, or stops at 0 as soon as another process is doing it.
 */
export async function writeQueuedNotifications(db: Db, now: () => number, signal?: AbortSignal): Promise<number> {
  let handled = 0;
  if (held) return handled;
  for (;;) {
    signal?.throwIfAborted();
    const batch = await write(db, async (tx) => {
      // Another process at it: it writes these rows, and nobody waits for its lock.
      if (!(await aloneInTransaction(tx, WRITING_LOCK))) return 0;
      const { notificationQueue: q } = tx.t;
      const rows = await statements(tx).batch.execute();
      if (rows.length === 0) return 0;
      const at = now();
      for (const row of rows) await writeOne(tx, row, at);
      // By id, not "up to the last": on PostgreSQL a smaller id may commit after this read.
      await tx.delete(q).where(amongIds(tx, q.id, idList(tx, rows.map((row) => row.id))));
      return rows.length;
    });
    handled += batch;
    // Less than a full batch: the queue was empty as this one read it. What requests queued since waits
    // for the writer's next gathering (their listener rang it): going on at once would write them a
    // few at a time, a transaction each, nearly one per request (bench/README.md, "2026-12-07 (4)").
    if (batch < QUEUE_BATCH) return handled;
    // Requests that arrived meanwhile go first (on SQLite a batch runs synchronously).
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** When the oldest row still waiting was queued (ids follow time), or undefined: for the metrics' queue age. */
export async function oldestQueuedAt(db: Db): Promise<number | undefined> {
  const { notificationQueue: q } = db.t;
  const [row] = await db.select({ queuedAt: q.queuedAt }).from(q).orderBy(asc(q.id)).limit(1);
  return row?.queuedAt;
}

/** Whether anything waits (a cheap read, so a listener or page can skip the write when nothing does). */
export async function notificationsQueued(db: Db): Promise<boolean> {
  const { notificationQueue: q } = db.t;
  return (await db.select({ id: q.id }).from(q).limit(1)).length > 0;
}

async function writeOne(tx: Db, row: Row, now: number): Promise<void> {
  const { actorId, recipientId } = row;
  const articleId = row.articleId ?? undefined;
  switch (row.event) {
    case 'favorite':
    case 'follow':
      await notify(tx, { kind: row.event, actorId, articleId }, [recipientId], now);
      return;
    case 'unfavorite':
      return withdrawOne(tx, { kind: 'favorite', actorId, articleId }, recipientId);
    case 'unfollow':
      return withdrawOne(tx, { kind: 'follow', actorId }, recipientId);
    case 'comment': {
      // The row would have gone with its comment (the cascade); its mentions are read from the body now.
      const [comment] = row.commentId === null ? [] : await statements(tx).commentBody.execute({ id: row.commentId });
      if (!comment || articleId === undefined) return;
      await notifyOfComment(tx, { articleId, articleAuthorId: recipientId, commentId: row.commentId!, commenterId: actorId, body: comment.body }, now);
      return;
    }
  }
}
