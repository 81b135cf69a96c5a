import { desc, eq, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/connection.js';
import { articleTags, tags } from '../db/schema.js';
import { preparedFor } from '../db/prepared.js';
import { read } from './cache/reads.js';
import { scope } from './cache/scopes.js';
import { versionBoard } from './cache/versions.js';

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
export function setArticleTags(tx: Db, articleId: number, createdAt: number, names: string[]): void {
  tx.delete(articleTags).where(eq(articleTags.articleId, articleId)).run();
  if (names.length === 0) return;
  const now = Date.now();
  tx.insert(tags)
    .values(names.map((name) => ({ name, createdAt: now })))
    .onConflictDoNothing()
    .run();
  const ids = tx.select({ id: tags.id }).from(tags).where(inArray(tags.name, names)).all();
  tx.insert(articleTags)
    .values(ids.map(({ id }) => ({ articleId, tagId: id, articleCreatedAt: createdAt })))
    .run();
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
const tagLists = preparedFor((db) => {
  const board = versionBoard(db);
  return {
    all: board.derive(scope.tagNames, [scope.tags], () => queryAllTags(db), sameList),
    popular: board.derive(scope.popularTags, [scope.tags], () => queryPopularTags(db), sameList),
  };
});

/** Every tag in use, sorted by name (the API's GET /tags). */
export function allTags(db: Db): string[] {
  read([scope.tagNames]);
  return tagLists(db).all();
}

/** The sidebar's tags: most used first, then newest, at most 100. */
export function popularTags(db: Db): string[] {
  read([scope.popularTags]);
  return tagLists(db).popular();
}

function queryAllTags(db: Db): string[] {
  return db
    .select({ name: tags.name })
    .from(tags)
    .where(gt(tags.uses, 0))
    .orderBy(tags.name)
    .all()
    .map((r) => r.name);
}

function queryPopularTags(db: Db): string[] {
  return db
    .select({ name: tags.name })
    .from(tags)
    .where(gt(tags.uses, 0))
    .orderBy(desc(tags.uses), desc(tags.createdAt), desc(tags.id))
    .limit(SIDEBAR_TAGS)
    .all()
    .map((r) => r.name);
}
