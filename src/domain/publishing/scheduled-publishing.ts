import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import { enqueue } from '../../jobs/queue.js';
import { findUserById } from '../accounts/users.js';
import { zonedToUtc } from '../accounts/time-zones.js';
import { InvalidError } from '../errors.js';
import type { Clock, Writer } from '../clock.js';
import { goLive } from './go-live.js';

/** The job kind that puts a scheduled article live (declared in src/jobs/catalog.ts). */
export const PUBLISH_SCHEDULED = 'publish-scheduled';

export interface PublishScheduledPayload {
  article: number;
  at: number;
}

/** What the editor asks for: publish now, keep as a draft, or schedule at a time typed in the author's zone. */
export type PublishIntent = { kind: 'publish' } | { kind: 'draft' } | { kind: 'schedule'; localTime: string };

/** An intent with its time checked and in UTC. */
export type Publication = { kind: 'publish' } | { kind: 'draft' } | { kind: 'schedule'; at: number };

/**
 * Checks a scheduled time: typed as a wall-clock time in the author's zone
 * (settings; UTC until chosen), it must parse and be in the future.
 * InvalidError (field `publishAt`) otherwise, before anything is written.
 */
export async function resolvePublication(db: Db, authorId: number, intent: PublishIntent, now: Clock): Promise<Publication> {
  if (intent.kind !== 'schedule') return intent;
  const zone = (await findUserById(db, authorId))?.timeZone ?? 'UTC';
  if (intent.localTime.trim() === '') throw new InvalidError({ publishAt: ["can't be blank when scheduling"] });
  const at = zonedToUtc(intent.localTime, zone);
  if (at === undefined) throw new InvalidError({ publishAt: [`is not a date and time (like 2026-12-24T18:30, in ${zone})`] });
  if (at <= now()) throw new InvalidError({ publishAt: [`must be in the future (it is read in ${zone})`] });
  return { kind: 'schedule', at };
}

/**
 * Sets where an unpublished article stands, inside the caller's transaction:
 * a draft, scheduled (with the job that will put it live, keyed by article
 * and time, so scheduling the same again adds nothing), or live now. A
 * published article stays published: there is no way back to a draft.
 */
export async function applyPublication(tx: Db, articleId: number, publication: Publication, now: number): Promise<void> {
  const { articles } = tx.t;
  if (publication.kind === 'publish') {
    await goLive(tx, articleId, now);
    return;
  }
  const unpublished = and(eq(articles.id, articleId), ne(articles.status, 'published'));
  if (publication.kind === 'draft') {
    await tx.update(articles).set({ status: 'draft', publishAt: null }).where(unpublished);
    return;
  }
  const [row] = await tx.update(articles).set({ status: 'scheduled', publishAt: publication.at }).where(unpublished).returning({ id: articles.id });
  if (!row) return;
  const payload: PublishScheduledPayload = { article: articleId, at: publication.at };
  await enqueue(tx, { name: PUBLISH_SCHEDULED, key: `${PUBLISH_SCHEDULED}:${articleId}:${publication.at}`, payload, runAt: publication.at }, now);
}

/**
 * The job's handler: puts the article live if it is still scheduled for
 * this time. Run twice (a worker killed after the commit), rescheduled,
 * turned back into a draft, published by hand or deleted since: nothing
 * more happens. So a publication happens once, whatever the number of runners.
 */
export async function publishScheduled(writer: Writer, payload: PublishScheduledPayload): Promise<boolean> {
  return write(writer.db, (tx) => goLive(tx, payload.article, writer.now(), payload.at));
}
