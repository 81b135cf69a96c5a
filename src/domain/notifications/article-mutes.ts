import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';
import { withdrawNotifications } from './notify.js';

/** Whether the user muted the article's notifications (read from the database: the article page for its reader). */
export async function isArticleMuted(db: Db, userId: number, articleId: number): Promise<boolean> {
  const { articleMutes } = db.t;
  const [row] = await db
    .select({ userId: articleMutes.userId })
    .from(articleMutes)
    .where(and(eq(articleMutes.userId, userId), eq(articleMutes.articleId, articleId)))
    .limit(1);
  return row !== undefined;
}

/**
 * Mutes or unmutes one article's notifications for the user: muting also
 * clears the ones already there about it. Doing it twice is the same as once.
 */
export async function setArticleMuted({ db, now }: Writer, userId: number, articleId: number, muted: boolean): Promise<void> {
  await write(db, async (tx) => {
    const { articleMutes } = tx.t;
    if (!muted) {
      await tx.delete(articleMutes).where(and(eq(articleMutes.userId, userId), eq(articleMutes.articleId, articleId)));
      return;
    }
    await tx.insert(articleMutes).values({ userId, articleId, createdAt: now() }).onConflictDoNothing();
    await withdrawNotifications(tx, { recipientId: userId, articleId });
  });
}
