import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import { enqueue } from '../../jobs/queue.js';
import type { Clock } from '../clock.js';
import { notify } from './notify.js';

/** The job that tells an author's followers of a new article. */
export const PUBLICATION_NOTICES_JOB = 'publication-notices';

export interface PublicationNotices {
  articleId: number;
  authorId: number;
}

/**
 * The one thing a request does when an article goes live: enqueue the job
 * that notifies the author's followers, inside the caller's write (so it
 * exists exactly when the article does). However many followers there are,
 * the request writes one row; the key makes a second call for the same
 * article add nothing.
 */
export async function enqueuePublicationNotices(tx: Db, notice: PublicationNotices, now: number): Promise<void> {
  await enqueue(tx, { name: PUBLICATION_NOTICES_JOB, key: `${PUBLICATION_NOTICES_JOB}:${notice.articleId}`, payload: notice }, now);
}

/** Followers notified per write: short transactions, so requests are not kept waiting behind the fan-out. */
export const FAN_OUT_BATCH = 250;

/**
 * The job's work: the followers, a batch per write. Safe to run
 * again after a crash (a notification already written adds nothing), and it
 * stops between batches when told. Nothing is sent for an article that is
 * gone or hidden, or whose author is suspended (notify checks each write).
 */
export async function fanOutPublicationNotices(db: Db, notice: PublicationNotices, now: Clock, signal?: AbortSignal): Promise<number> {
  const { follows, articles } = db.t;
  const [article] = await db.select({ authorId: articles.authorId }).from(articles).where(eq(articles.id, notice.articleId)).limit(1);
  if (!article || article.authorId !== notice.authorId) return 0;
  // Every follower's id at once (10 000 are 80 KB): one read of the followee index, where paging in
  // follower order would sort them all again for every batch.
  const followers = (await db.select({ id: follows.followerId }).from(follows).where(eq(follows.followeeId, notice.authorId))).map((row) => row.id);
  let notified = 0;
  for (let at = 0; at < followers.length; at += FAN_OUT_BATCH) {
    signal?.throwIfAborted();
    const ids = followers.slice(at, at + FAN_OUT_BATCH);
    notified += await write(db, (tx) => notify(tx, { kind: 'publication', actorId: notice.authorId, articleId: notice.articleId }, ids, now()));
    // Requests that arrived during the batch go first (on SQLite a batch runs synchronously).
    await new Promise((resolve) => setImmediate(resolve));
  }
  return notified;
}

/** Used by tests and the bench: whether the article's fan-out job has finished. */
export async function publicationNoticesDone(db: Db, articleId: number): Promise<boolean> {
  const { jobs } = db.t;
  const [job] = await db
    .select({ state: jobs.state })
    .from(jobs)
    .where(eq(jobs.key, `${PUBLICATION_NOTICES_JOB}:${articleId}`))
    .limit(1);
  return job?.state === 'done';
}
