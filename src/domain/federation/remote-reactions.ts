import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import { read } from '../../cache/read-tracking.js';
import { scope } from '../../cache/scopes.js';
import type { Writer } from '../clock.js';
import { articleShown } from '../moderation/visibility.js';

// Favorites (Like) and boosts (Announce) of our articles from the fediverse:
// one per account, article and kind, whatever the account sends twice.
// Their rows move the article's scope (migrations sqlite/0028, postgres/0023),
// so the counts on a kept article page are never stale.

export type RemoteReactionKind = 'like' | 'announce';

export interface RemoteReactionCounts {
  favorites: number;
  boosts: number;
}

/** Whether article `id` may be reacted to or replied to from outside: published and not hidden. */
export async function articleOpenToFediverse(db: Db, id: number): Promise<{ id: number; authorId: number } | undefined> {
  const { articles } = db.t;
  const [row] = await db
    .select({ id: articles.id, authorId: articles.authorId })
    .from(articles)
    .where(and(eq(articles.id, id), articleShown(db.t)))
    .limit(1);
  return row;
}

/** Stores a reaction; a second of the same kind by the same account adds nothing (it keeps the newer activity id, which an Undo names). */
export async function addRemoteReaction({ db, now }: Writer, reaction: { articleId: number; actorId: number; kind: RemoteReactionKind; activityId: string | null }): Promise<void> {
  await write(db, async (tx) => {
    const { remoteReactions: r } = tx.t;
    // Not an upsert: on SQLite its conflict policy would override the INSERT OR REPLACE of the
    // cache-stamp trigger its update fires (migration 0028).
    const added = await tx.insert(r).values({ ...reaction, createdAt: now() }).onConflictDoNothing().returning({ kind: r.kind });
    if (added.length > 0) return;
    await tx
      .update(r)
      .set({ activityId: reaction.activityId })
      .where(and(eq(r.articleId, reaction.articleId), eq(r.actorId, reaction.actorId), eq(r.kind, reaction.kind)));
  });
}

/** Takes back the account's reaction of that kind to that article. */
export async function removeRemoteReaction(db: Db, reaction: { articleId: number; actorId: number; kind: RemoteReactionKind }): Promise<void> {
  await write(db, async (tx) => {
    const { remoteReactions: r } = tx.t;
    await tx.delete(r).where(and(eq(r.articleId, reaction.articleId), eq(r.actorId, reaction.actorId), eq(r.kind, reaction.kind)));
  });
}

/** Takes back the account's reaction named by its activity id (an Undo that names only the id); true when there was one. */
export async function removeRemoteReactionByActivity(db: Db, actorId: number, activityId: string): Promise<void> {
  await write(db, async (tx) => {
    const { remoteReactions: r } = tx.t;
    await tx.delete(r).where(and(eq(r.actorId, actorId), eq(r.activityId, activityId)));
  });
}

/** The article's fediverse favorites and boosts, as its page shows them. */
export async function remoteReactionCounts(db: Db, articleId: number): Promise<RemoteReactionCounts> {
  read([scope.article(articleId)]);
  const { remoteReactions: r } = db.t;
  const rows = await db.select({ kind: r.kind, n: count() }).from(r).where(eq(r.articleId, articleId)).groupBy(r.kind);
  const of = (kind: RemoteReactionKind) => rows.find((row) => row.kind === kind)?.n ?? 0;
  return { favorites: of('like'), boosts: of('announce') };
}
