import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { preparedFor } from '../../db/prepared.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';
import { NotFoundError } from '../errors.js';
import { tagIdOf } from './article-lists.js';

/**
 * Tags a reader follows: articles with them join the reader's feed
 * (./article-lists.ts), beside those by the authors they follow. Following is
 * private: nobody else sees which tags a reader follows. The set the feed
 * uses is kept with the reader's other marks (./viewer-marks.ts). Writes move
 * `follows:<reader>` (triggers, migrations sqlite/0020 and postgres/0016).
 */

const statements = preparedFor((db) => {
  const { tagFollows, tags } = db.t;
  const viewer = sql.placeholder('viewer');
  return {
    names: db
      .select({ name: tags.name })
      .from(tagFollows)
      .innerJoin(tags, eq(tags.id, tagFollows.tagId))
      .where(eq(tagFollows.userId, viewer))
      .orderBy(asc(tags.name))
      .prepare(),
    follows: db
      .select({ tagId: tagFollows.tagId })
      .from(tagFollows)
      .where(and(eq(tagFollows.userId, viewer), eq(tagFollows.tagId, sql.placeholder('tag'))))
      .prepare(),
  };
});

/** The names of the tags `viewerId` follows, by name (the settings page). */
export async function followedTagNames(db: Db, viewerId: number): Promise<string[]> {
  return (await statements(db).names.execute({ viewer: viewerId })).map((r) => r.name);
}

/** Whether `viewerId` follows the tag named `tag` (false for a tag nobody uses). */
export async function followsTag(db: Db, viewerId: number | undefined, tag: string): Promise<boolean> {
  if (viewerId === undefined) return false;
  const tagId = await tagIdOf(db, tag);
  if (tagId === undefined) return false;
  return (await statements(db).follows.execute({ viewer: viewerId, tag: tagId })).length > 0;
}

/** Follows a tag (once, however often asked); NotFoundError('tag') for a name that is no tag. */
export async function followTag({ db, now }: Writer, viewerId: number, tag: string): Promise<void> {
  const tagId = await tagIdOf(db, tag);
  if (tagId === undefined) throw new NotFoundError('tag');
  const { tagFollows } = db.t;
  await write(db, (tx) => tx.insert(tagFollows).values({ userId: viewerId, tagId, createdAt: now() }).onConflictDoNothing());
}

/** Stops following a tag; nothing happens when it was not followed. */
export async function unfollowTag({ db }: Writer, viewerId: number, tag: string): Promise<void> {
  const tagId = await tagIdOf(db, tag);
  if (tagId === undefined) return;
  const { tagFollows } = db.t;
  await write(db, (tx) => tx.delete(tagFollows).where(and(eq(tagFollows.userId, viewerId), eq(tagFollows.tagId, tagId))));
}
