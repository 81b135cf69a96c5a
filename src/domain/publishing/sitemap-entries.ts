import { and, asc, count, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { greatest } from '../../db/sql.js';
import { preparedFor } from '../../db/prepared.js';
import { articleShown } from '../moderation/visibility.js';

/** The pages a sitemap lists, by kind. */
export type SitemapKind = 'articles' | 'profiles' | 'tags';
export const SITEMAP_KINDS: readonly SitemapKind[] = ['articles', 'profiles', 'tags'];

/** One page to list: its name (slug, username or tag) and when what it shows last changed. */
export interface SitemapEntry {
  id: number;
  name: string;
  lastmod: number;
}

const after = sql.placeholder('after');
const limit = sql.placeholder('limit');
const offset = sql.placeholder('offset');

/**
 * Keyset batches in id order (each an index range, however deep), so a
 * sitemap of any size is written a batch at a time and never held whole.
 * Tags in use only: an unused tag's page is empty.
 */
const statements = preparedFor((db) => {
  const { articles, articleTags, tags, users } = db.t;
  // A profile lists the author's articles: it changes with their account and with each new article.
  const newestByAuthor = sql`(select max(${articles.createdAt}) from ${articles} where ${articles.authorId} = ${users.id})`;
  const newestTagged = sql<number>`(select max(${articleTags.articleCreatedAt}) from ${articleTags} where ${articleTags.tagId} = ${tags.id})`.mapWith(Number);
  const inUse = gt(tags.uses, 0);
  return {
    articles: {
      batch: db
        .select({ id: articles.id, name: articles.slug, lastmod: articles.updatedAt })
        .from(articles)
        // Hidden articles are not listed (../moderation/visibility.ts); parts are still cut by id, so one may hold a few fewer.
        .where(and(gt(articles.id, after), articleShown(db.t)))
        .orderBy(asc(articles.id))
        .limit(limit)
        .prepare(),
      idAt: db.select({ id: articles.id }).from(articles).orderBy(asc(articles.id)).limit(1).offset(offset).prepare(),
      count: db.select({ n: count() }).from(articles).prepare(),
    },
    profiles: {
      batch: db
        .select({ id: users.id, name: users.username, lastmod: greatest(db, users.updatedAt, sql`coalesce(${newestByAuthor}, 0)`).mapWith(Number) })
        .from(users)
        .where(gt(users.id, after))
        .orderBy(asc(users.id))
        .limit(limit)
        .prepare(),
      idAt: db.select({ id: users.id }).from(users).orderBy(asc(users.id)).limit(1).offset(offset).prepare(),
      count: db.select({ n: count() }).from(users).prepare(),
    },
    tags: {
      batch: db
        .select({ id: tags.id, name: tags.name, lastmod: sql<number>`coalesce(${newestTagged}, ${tags.createdAt})`.mapWith(Number) })
        .from(tags)
        .where(sql`${inUse} and ${gt(tags.id, after)}`)
        .orderBy(asc(tags.id))
        .limit(limit)
        .prepare(),
      idAt: db.select({ id: tags.id }).from(tags).where(inUse).orderBy(asc(tags.id)).limit(1).offset(offset).prepare(),
      count: db.select({ n: count() }).from(tags).where(inUse).prepare(),
    },
  };
});

/** How many pages of each kind there are to list. */
export async function sitemapCounts(db: Db): Promise<Record<SitemapKind, number>> {
  const q = statements(db);
  const n = async (kind: SitemapKind) => Number((await q[kind].count.execute())[0]?.n ?? 0);
  return { articles: await n('articles'), profiles: await n('profiles'), tags: await n('tags') };
}

/**
 * The entries of one kind from the `skip`-th on (in id order), at most `take`
 * of them, a batch at a time. Batches are read one after another, not in one
 * snapshot: a page written meanwhile may or may not be listed, as on the next fetch.
 */
export async function* sitemapEntries(db: Db, kind: SitemapKind, skip: number, take: number, batchSize = 1000): AsyncGenerator<SitemapEntry[]> {
  const q = statements(db)[kind];
  let afterId = 0;
  if (skip > 0) {
    const start = (await q.idAt.execute({ offset: skip - 1 }))[0];
    if (!start) return;
    afterId = start.id;
  }
  let left = take;
  while (left > 0) {
    const batch = await q.batch.execute({ after: afterId, limit: Math.min(batchSize, left) });
    if (batch.length === 0) return;
    yield batch;
    left -= batch.length;
    afterId = batch[batch.length - 1]!.id;
  }
}
