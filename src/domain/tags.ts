import { desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/connection.js';
import { articleTags, tags } from '../db/schema.js';
import { memoFor } from './cache/memo.js';
import { scope } from './cache/scopes.js';

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

/** Tag lists, kept until any article's tags change. */
const tagLists = memoFor<string[]>({ maxBytes: 1024 * 1024, weigh: (names) => names.reduce((bytes, n) => bytes + 40 + 2 * n.length, 50) });

/** Every tag in use, sorted by name (the API's GET /tags). */
export function allTags(db: Db): string[] {
  return tagLists(db).get('all', () => ({ value: queryAllTags(db), deps: [scope.tags] }));
}

function queryAllTags(db: Db): string[] {
  return db
    .selectDistinct({ name: tags.name })
    .from(tags)
    .innerJoin(articleTags, eq(articleTags.tagId, tags.id))
    .orderBy(tags.name)
    .all()
    .map((r) => r.name);
}

/** The sidebar's tags: most used first, then newest, at most `limit`. */
export function popularTags(db: Db, limit = 100): string[] {
  return tagLists(db).get(`popular:${limit}`, () => ({ value: queryPopularTags(db, limit), deps: [scope.tags] }));
}

function queryPopularTags(db: Db, limit: number): string[] {
  const uses = sql<number>`count(*)`;
  return db
    .select({ name: tags.name, uses })
    .from(tags)
    .innerJoin(articleTags, eq(articleTags.tagId, tags.id))
    .groupBy(tags.id)
    .orderBy(desc(uses), desc(tags.createdAt), desc(tags.id))
    .limit(limit)
    .all()
    .map((r) => r.name);
}
