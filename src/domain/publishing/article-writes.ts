import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import type { Writer } from '../clock.js';
import { preparedFor } from '../../db/prepared.js';
import { isUniqueViolation, lockRows } from '../../db/sql.js';
import { write, writeTransaction } from '../../db/write-transaction.js';
import { articleQueries } from './article-queries.js';
import { articleUpdateSchema, newArticleSchema } from './article-schemas.js';
import { articleRef, getArticle, type Article } from './article-summaries.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { assertAuthor, isAuthor } from './ownership.js';
import { slugify, withSuffix } from './slugs.js';
import { setArticleTags } from './tags.js';
import { parseInput } from '../validation.js';
import { refuseOverPostingLimit, type Poster } from '../anti-abuse/posting-limits.js';
import { assertMayWrite } from '../moderation/suspension.js';
import { applyPublication, resolvePublication, type Publication, type PublishIntent } from './scheduled-publishing.js';
import { goLive } from './go-live.js';
import { queueNotification } from '../notifications/notification-queue.js';
import { enqueueArticleChange } from '../federation/article-changes.js';

const p = sql.placeholder;

/** The statements of the frequent writes, prepared once (building and preparing cost more than running them). */
const statements = preparedFor((db) => {
  const { articles, favorites } = db.t;
  return {
    slugTaken: db
      .select({ id: articles.id })
      .from(articles)
      .where(and(eq(articles.slug, p('slug')), ne(articles.id, p('exceptId'))))
      .prepare(),
    // Inserts nothing (and returns no row) when the slug is taken.
    insert: db
      .insert(articles)
      .values({
        slug: p('slug'),
        title: p('title'),
        description: p('description'),
        body: p('body'),
        authorId: p('authorId'),
        createdAt: p('now'),
        updatedAt: p('now'),
        // Every article starts unpublished; going live is one function's work (./go-live.ts).
        status: 'draft',
      })
      .onConflictDoNothing({ target: articles.slug })
      .returning({ id: articles.id })
      .prepare(),
    addFavorite: db
      .insert(favorites)
      .values({ userId: p('userId'), articleId: p('articleId'), createdAt: p('now') })
      .onConflictDoNothing()
      .returning({ articleId: favorites.articleId })
      .prepare(),
    removeFavorite: db
      .delete(favorites)
      .where(and(eq(favorites.userId, p('userId')), eq(favorites.articleId, p('articleId'))))
      .returning({ articleId: favorites.articleId })
      .prepare(),
  };
});

interface ArticleRecord {
  id: number;
  authorId: number;
  status: string;
}

/** The article at `slug` as the database has it now (writes never act on a cached copy). */
async function findBySlug(db: Db, slug: string): Promise<ArticleRecord> {
  const [row] = await articleQueries(db).ownerBySlug.execute({ key: slug });
  if (!row) throw new NotFoundError('article');
  return row;
}

/** 404 when there is no such article (someone else's draft is none), 403 when it is someone else's. */
async function findOwned(db: Db, slug: string, viewerId: number): Promise<ArticleRecord> {
  const row = await findBySlug(db, slug);
  if (row.status !== 'published' && row.authorId !== viewerId) throw new NotFoundError('article');
  assertAuthor(viewerId, row.authorId, 'article');
  return row;
}

/** The viewer's own article, to edit: 404 when there is none, 403 when it is someone else's. */
export async function ownArticle(db: Db, slug: string, viewerId: number): Promise<Article> {
  await findOwned(db, slug, viewerId);
  return getArticle(db, slug, viewerId);
}

/** Whether the viewer wrote the article at `slug` (so may edit and delete it). */
export async function isArticleAuthor(db: Db, slug: string, viewerId: number | undefined): Promise<boolean> {
  return viewerId !== undefined && isAuthor(viewerId, (await articleRef(db, slug, viewerId)).authorId);
}

/** Slugs that would collide with a route: `GET /api/articles/feed` is the feed, never an article. */
const RESERVED_SLUGS = new Set(['feed']);

/** How many random suffixes are tried after the plain slug; six hex digits make running out all but impossible. */
const SUFFIXED_SLUG_TRIES = 8;

/** The slugs to try for `title`, in order: its own, then with random suffixes; never one a route uses. */
function* slugCandidates(title: string): Generator<string> {
  const base = slugify(title);
  if (!RESERVED_SLUGS.has(base)) yield base;
  for (let i = 0; i < SUFFIXED_SLUG_TRIES; i++) yield withSuffix(base);
}

const noFreeSlug = () => new ConflictError({ title: ['gives an address that is taken; please try again'] });

/** A slug for `title` that no other article has (and no route uses), as of this transaction. */
async function uniqueSlug(tx: Db, title: string, exceptId: number): Promise<string> {
  for (const slug of slugCandidates(title)) {
    const [taken] = await statements(tx).slugTaken.execute({ slug, exceptId });
    if (!taken) return slug;
  }
  throw noFreeSlug();
}

type NewArticle = ReturnType<typeof newArticleSchema.parse>;

const insertArticle = writeTransaction(async (tx, poster: Poster, authorId: number, data: NewArticle, publication: Publication, now: number): Promise<string> => {
  await refuseOverPostingLimit(tx, poster, authorId, 'articles', now);
  // Inserted without a check first: on PostgreSQL another writer can take a
  // slug between a check and the insert, and the unique violation would abort
  // this whole transaction. A taken slug inserts nothing (waiting for the other
  // writer to commit or not), and the next candidate is tried.
  for (const slug of slugCandidates(data.title)) {
    const [row] = await statements(tx).insert.execute({ slug, title: data.title, description: data.description, body: data.body, authorId, now });
    if (!row) continue;
    await setArticleTags(tx, row.id, now, data.tagList ?? [], now);
    await applyPublication(tx, row.id, publication, now);
    return slug;
  }
  throw noFreeSlug();
});

/**
 * 403 for a suspended account, 422 for bad input (a scheduled time too),
 * 429 past the hour's limit for the author's account age (docs/decisions/0026).
 * Published at once unless asked otherwise (the API always publishes at once).
 */
export async function createArticle(poster: Poster, authorId: number, input: unknown, intent: PublishIntent = { kind: 'publish' }): Promise<Article> {
  const { db } = poster;
  await assertMayWrite(poster, authorId);
  const data = parseInput(newArticleSchema, input);
  const publication = await resolvePublication(db, authorId, intent, poster.now);
  const slug = await insertArticle(db, poster, authorId, data, publication, poster.now());
  return getArticle(db, slug, authorId);
}

type ArticleUpdate = ReturnType<typeof articleUpdateSchema.parse>;

const editArticle = writeTransaction(async (tx, viewerId: number, slug: string, data: ArticleUpdate, publication: Publication | undefined, now: number): Promise<string> => {
  const { articles } = tx.t;
  // Edits of one article take turns: one that waited reads what the other wrote (its new slug,
  // title) rather than writing back what it saw before.
  await lockRows(tx, sql`SELECT 1 FROM articles WHERE slug = ${slug}`);
  const article = await findOwned(tx, slug, viewerId);
  const [current] = await tx
    .select({ title: articles.title, createdAt: articles.createdAt, updatedAt: articles.updatedAt })
    .from(articles)
    .where(eq(articles.id, article.id))
    .limit(1);
  // A title that slugifies the same keeps the article's address.
  const finalSlug =
    data.title !== undefined && slugify(data.title) !== slugify(current!.title) ? await uniqueSlug(tx, data.title, article.id) : slug;
  const updated = await tx
    .update(articles)
    .set({
      ...(finalSlug !== slug && { slug: finalSlug }),
      ...(data.title !== undefined && { title: data.title }),
      ...(data.description !== undefined && { description: data.description }),
      ...(data.body !== undefined && { body: data.body }),
      updatedAt: Math.max(now, current!.updatedAt + 1), // every edit moves it
    })
    .where(and(eq(articles.id, article.id), eq(articles.authorId, viewerId)))
    .returning({ id: articles.id });
  // Deleted by a concurrent request since it was read (PostgreSQL): nothing to tag.
  if (updated.length === 0) throw new NotFoundError('article');
  if (data.tagList !== undefined) await setArticleTags(tx, article.id, current!.createdAt, data.tagList, now);
  if (publication) await applyPublication(tx, article.id, publication, now);
  // Published before this edit: its fediverse copies are updated (a draft going live is goLive's Create).
  if (article.status === 'published') await enqueueArticleChange(tx, { kind: 'update', authorId: viewerId, articleIds: [article.id] }, now);
  return finalSlug;
});

/** How many times an edit that lost a race for a unique value is run again. */
const EDIT_ATTEMPTS = 3;

/**
 * Runs the edit, again from the start if it broke a unique constraint. On
 * PostgreSQL another writer can take the new slug between `uniqueSlug`'s
 * check and the update (or link the same tag to the article, in a concurrent
 * edit of its tags). The violation aborts the transaction, so it cannot be
 * caught and retried inside it (an UPDATE has no ON CONFLICT); run again, the
 * edit sees the slug taken and picks another. Inside a caller's transaction
 * there is nothing to run again, and past a few attempts something else is
 * wrong: either way a Conflict, never a 500. On SQLite writes never overlap,
 * so it does not happen there.
 */
async function editRetryingRaces({ db, now }: Writer, viewerId: number, slug: string, data: ArticleUpdate, publication?: Publication): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await editArticle(db, viewerId, slug, data, publication, now());
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (db.inTransaction || attempt >= EDIT_ATTEMPTS) throw new ConflictError({ article: ['was changed at the same time by another request; please try again'] });
    }
  }
}

/**
 * Only the author may edit. A new title gives a new slug; no title keeps it.
 * Without an intent (the API) a draft stays a draft and a published article
 * stays published; the editor's intent moves a draft (never back from published).
 */
export async function updateArticle(writer: Writer, viewerId: number, slug: string, input: unknown, intent?: PublishIntent): Promise<Article> {
  await assertMayWrite(writer, viewerId);
  const data = parseInput(articleUpdateSchema, input);
  const publication = intent && (await resolvePublication(writer.db, viewerId, intent, writer.now));
  const newSlug = await editRetryingRaces(writer, viewerId, slug, data, publication);
  return getArticle(writer.db, newSlug, viewerId);
}

/** Only the author may delete; comments, tag links and favorites go with it (foreign-key cascades). */
export async function deleteArticle({ db, now }: Writer, viewerId: number, slug: string): Promise<void> {
  await assertMayWrite({ db, now }, viewerId);
  await write(db, async (tx) => {
    const { articles } = tx.t;
    const article = await findOwned(tx, slug, viewerId);
    // The job carries the id: the Delete needs nothing of the row, which is gone when it runs.
    if (article.status === 'published') await enqueueArticleChange(tx, { kind: 'delete', authorId: viewerId, articleIds: [article.id] }, now());
    await tx.delete(articles).where(and(eq(articles.id, article.id), eq(articles.authorId, viewerId)));
  });
}

/**
 * Adds or removes one favorite, once however often it is asked. The article's
 * count follows the rows (the database's triggers keep favorites_count), so a
 * repeat or a concurrent twin that changes no row changes no count.
 */
const setFavorite = writeTransaction(async (tx, userId: number, slug: string, on: boolean, now: number): Promise<void> => {
  const q = statements(tx);
  const { id: articleId, authorId } = await findBySlug(tx, slug);
  const event = { actorId: userId, recipientId: authorId, articleId };
  // Only a change notifies, or takes its notification back: a repeat changes nothing.
  if (on) {
    if ((await q.addFavorite.execute({ userId, articleId, now })).length > 0) await queueNotification(tx, { event: 'favorite', ...event }, now);
  } else if ((await q.removeFavorite.execute({ userId, articleId })).length > 0) {
    await queueNotification(tx, { event: 'unfavorite', ...event }, now);
  }
});

export async function favoriteArticle({ db, now }: Writer, viewerId: number, slug: string): Promise<Article> {
  await assertMayWrite({ db, now }, viewerId);
  // A hidden article is not there for whoever may not see it: nothing to favorite.
  await articleRef(db, slug, viewerId);
  await setFavorite(db, viewerId, slug, true, now());
  return getArticle(db, slug, viewerId);
}

export async function unfavoriteArticle({ db, now }: Writer, viewerId: number, slug: string): Promise<Article> {
  await assertMayWrite({ db, now }, viewerId);
  await setFavorite(db, viewerId, slug, false, now());
  return getArticle(db, slug, viewerId);
}

/** Puts one of the viewer's drafts or scheduled articles live now: 404 when there is none, 403 when not theirs. */
export async function publishDraft({ db, now }: Writer, viewerId: number, slug: string): Promise<Article> {
  await assertMayWrite({ db, now }, viewerId);
  await write(db, async (tx) => goLive(tx, (await findOwned(tx, slug, viewerId)).id, now()));
  return getArticle(db, slug, viewerId);
}

/** The article's id for a slug (404 if none), read from the database: for writing comments. */
export async function articleIdForSlug(db: Db, slug: string): Promise<number> {
  return (await findBySlug(db, slug)).id;
}
