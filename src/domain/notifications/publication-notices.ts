import { and, asc, eq, gt } from 'drizzle-orm';
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
export const FAN_OUT_BATCH = 500;

/**
 * The job's work: the followers in id order, a batch per write. Safe to run
 * again after a crash (a notification already written adds nothing), and it
 * stops between batches when told. Nothing is sent for an article that is
 * gone or hidden, or whose author is suspended (notify checks each write).
 */
export async function fanOutPublicationNotices(db: Db, notice: PublicationNotices, now: Clock, signal?: AbortSignal): Promise<number> {
  const { follows, articles } = db.t;
  const [article] = await db.select({ authorId: articles.authorId }).from(articles).where(eq(articles.id, notice.articleId)).limit(1);
  if (!article || article.authorId !== notice.authorId) return 0;
  let after = 0;
  let notified = 0;
  for (;;) {
    signal?.throwIfAborted();
    const batch = await db
      .select({ id: follows.followerId })
      .from(follows)
      .where(and(eq(follows.followeeId, notice.authorId), gt(follows.followerId, after)))
      .orderBy(asc(follows.followerId))
      .limit(FAN_OUT_BATCH);
    if (batch.length === 0) return notified;
    const ids = batch.map((row) => row.id);
    notified += await write(db, (tx) => notify(tx, { kind: 'publication', actorId: notice.authorId, articleId: notice.articleId }, ids, now()));
    after = ids[ids.length - 1]!;
    if (batch.length < FAN_OUT_BATCH) return notified;
  }
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
