import { desc, eq, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { keptFor } from '../../db/prepared.js';
import { read } from '../../cache/read-tracking.js';
import { scope } from '../../cache/scopes.js';
import { versionBoard } from '../../cache/version-board.js';

const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 50;

/** A list of tags: trimmed, kept as written, blanks dropped, duplicates removed. */
export const tagListSchema = z
  .array(z.string({ error: 'must be a list of strings' }), { error: 'must be a list of strings' })
  .transform((list) => [...new Set(list.map((t) => t.trim()).filter(Boolean))])
  .pipe(
    z
      .array(
        z
          .string()
          .max(MAX_TAG_LENGTH, `are limited to ${MAX_TAG_LENGTH} characters each`)
          // "/tag/.." would resolve to another page in every browser.
          .refine((tag) => !/^\.+$/.test(tag), 'cannot be only dots'),
      )
      .max(MAX_TAGS, `are limited to ${MAX_TAGS} per article`),
  );

/** Replaces an article's tags (inside the caller's transaction); `createdAt` is the article's. */
export async function setArticleTags(tx: Db, articleId: number, createdAt: number, names: string[], now: number): Promise<void> {
  const { articleTags, tags } = tx.t;
  await tx.delete(articleTags).where(eq(articleTags.articleId, articleId));
  if (names.length === 0) return;
  // A tag another writer is adding at the same moment is theirs: this insert
  // waits for it and skips it, and the select below then finds it.
  await tx
    .insert(tags)
    .values(names.map((name) => ({ name, createdAt: now })))
    .onConflictDoNothing();
  const ids = await tx.select({ id: tags.id }).from(tags).where(inArray(tags.name, names));
  await tx.insert(articleTags).values(ids.map(({ id }) => ({ articleId, tagId: id, articleCreatedAt: createdAt })));
}

/** How many tags the sidebar shows at most. */
const SIDEBAR_TAGS = 100;

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((name, i) => name === b[i]);

/**
 * Both tag lists are read on most pages and change far less often than the
 * tags of some article do (a new article with a popular tag rarely reorders
 * anything), so each is a derived value: recomputed when any article's tags
 * move, and moving its own scope only when the list itself changed.
 */
const tagLists = keptFor((db) => {
  const board = versionBoard(db);
  return {
    all: board.derive(scope.tagNames, [scope.tags], () => queryAllTags(db), sameList),
    popular: board.derive(scope.popularTags, [scope.tags], () => queryPopularTags(db), sameList),
  };
});

/** Every tag in use, sorted by name (the API's GET /tags). */
export async function allTags(db: Db): Promise<string[]> {
  read([scope.tagNames]);
  return tagLists(db).all();
}

/** The sidebar's tags: most used first, then newest, at most 100. */
export async function popularTags(db: Db): Promise<string[]> {
  read([scope.popularTags]);
  return tagLists(db).popular();
}

async function queryAllTags(db: Db): Promise<string[]> {
  const { tags } = db.t;
  const rows = await db.select({ name: tags.name }).from(tags).where(gt(tags.uses, 0)).orderBy(tags.name);
  return rows.map((r) => r.name);
}

async function queryPopularTags(db: Db): Promise<string[]> {
  const { tags } = db.t;
  const rows = await db
    .select({ name: tags.name })
    .from(tags)
    .where(gt(tags.uses, 0))
    .orderBy(desc(tags.uses), desc(tags.createdAt), desc(tags.id))
    .limit(SIDEBAR_TAGS);
  return rows.map((r) => r.name);
}
