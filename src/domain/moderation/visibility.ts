import { and, eq, isNull, ne, type SQL } from 'drizzle-orm';
import type { Db, Tables } from '../../db/database.js';
import { findUserById } from '../accounts/users.js';
import { isModerator, type Acting } from './permissions.js';

/**
 * Who sees hidden content and unpublished articles: the one rule, for every
 * list and every read on both faces (search, feeds, the sitemap included).
 *
 * - Lists, counts and tag counts show only what everyone sees: `articleShown`,
 *   `commentShown` and `tagLinkShown` are their SQL conditions. An article is
 *   shown when it is published (not a draft, not scheduled) and not hidden.
 *   The exceptions are an author's own lists read by that author: their
 *   published articles hidden ones included (`articlePublished`), and their
 *   drafts (`articleUnpublished`).
 * - One article or comment is shown to everyone while it is not hidden, and
 *   once hidden only to its author and to moderators and admins (`maySee`,
 *   `maySeeById`). A draft or scheduled article is shown to its author alone,
 *   not to moderators either. To everyone else it does not exist: a 404.
 */
export interface Hidden {
  at: number;
  /** The moderator's note, shown to the author; may be empty. */
  reason: string;
}

/** A draft, or a draft scheduled to go public at `publishAt` (UTC epoch ms). */
export interface Draft {
  publishAt: number | null;
}

/** The article is published: neither a draft nor scheduled. */
export const articlePublished = ({ articles }: Pick<Tables, 'articles'>): SQL => eq(articles.status, 'published');

/** The article is a draft or scheduled: its author's alone. */
export const articleUnpublished = ({ articles }: Pick<Tables, 'articles'>): SQL => ne(articles.status, 'published');

/** The article is shown to everyone (published and not hidden). */
export const articleShown = (t: Pick<Tables, 'articles'>): SQL => and(isNull(t.articles.hiddenAt), articlePublished(t))!;

/** The comment is shown to everyone (not hidden). */
export const commentShown = ({ comments }: Pick<Tables, 'comments'>): SQL => isNull(comments.hiddenAt);

/**
 * The link's article is shown to everyone: article_tags.article_hidden_at is kept by triggers
 * (migrations sqlite/0017 and 0020, postgres/0013 and 0016), null while its article is published and not hidden.
 */
export const tagLinkShown = ({ articleTags }: Pick<Tables, 'articleTags'>): SQL => isNull(articleTags.articleHiddenAt);

/** A row's hidden columns as the domain shows them. */
export const hiddenOf = (row: { hiddenAt: number | null; hiddenReason: string | null }): Hidden | null =>
  row.hiddenAt === null ? null : { at: row.hiddenAt, reason: row.hiddenReason ?? '' };

/** A row's publication columns as the domain shows them: null once published. */
export const draftOf = (row: { status: string; publishAt: number | null }): Draft | null =>
  row.status === 'published' ? null : { publishAt: row.status === 'scheduled' ? row.publishAt : null };

interface Visible {
  authorId: number;
  hidden: Hidden | null;
  /** Articles only: set while a draft or scheduled. */
  draft?: Draft | null;
}

/** Whether `viewer` sees an item by `authorId` that may be hidden or a draft. */
export function maySee(viewer: Acting | null | undefined, item: Visible): boolean {
  if (item.draft) return !!viewer && viewer.id === item.authorId;
  if (item.hidden === null) return true;
  return !!viewer && (viewer.id === item.authorId || isModerator(viewer));
}

/** `maySee` for a viewer known by id (the user is looked up only when the item is hidden and not theirs). */
export async function maySeeById(db: Db, viewerId: number | undefined, item: Visible): Promise<boolean> {
  if (item.draft) return viewerId === item.authorId;
  if (item.hidden === null) return true;
  if (viewerId === undefined) return false;
  if (viewerId === item.authorId) return true;
  return maySee(await findUserById(db, viewerId), item);
}
