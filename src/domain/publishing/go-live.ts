import { and, eq, ne, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { enqueuePublicationNotices } from '../notifications/publication-notices.js';
import { enqueueFederatedPublication } from '../federation/publication-delivery.js';

/**
 * The one place an article becomes public, however it gets there: published
 * at once from the editor or the API (created as a draft and put live in the
 * same transaction), a draft published by its author, or a scheduled article
 * put live by the job runner (./scheduled-publishing.ts). Whatever must
 * happen when an article becomes public belongs here, inside the caller's
 * transaction (enqueue a job for anything slow, so it happens exactly when
 * this commits): telling followers, federating it, and the like.
 *
 * It moves the article from draft or scheduled to published and dates it
 * now: the time it went public is its `created_at`, shown and used for the
 * order of every list (its tag links carry a copy of it). The database's
 * triggers then let it into every list, tag page and count, and retire the
 * caches that showed it missing (migrations sqlite/0020, postgres/0016).
 *
 * Happens once: an article already published, or (with `scheduledFor`) no
 * longer scheduled for that time, is left as it is, and false is returned.
 * On PostgreSQL a second transaction doing the same waits for the first and
 * then finds nothing to update.
 */
export async function goLive(tx: Db, articleId: number, now: number, scheduledFor?: number): Promise<boolean> {
  const { articles, articleTags } = tx.t;
  const still: SQL =
    scheduledFor === undefined
      ? ne(articles.status, 'published')
      : and(eq(articles.status, 'scheduled'), eq(articles.publishAt, scheduledFor))!;
  const [row] = await tx
    .update(articles)
    .set({ status: 'published', publishAt: null, createdAt: now, updatedAt: now })
    .where(and(eq(articles.id, articleId), still))
    .returning({ authorId: articles.authorId });
  if (!row) return false;
  await tx.update(articleTags).set({ articleCreatedAt: now }).where(eq(articleTags.articleId, articleId));
  // The author's followers hear of it from a job: one row here, however many there are.
  await enqueuePublicationNotices(tx, { articleId, authorId: row.authorId }, now);
  // And the author's fediverse followers, when there are any.
  await enqueueFederatedPublication(tx, { id: articleId, authorId: row.authorId }, now);
  return true;
}
