import { isNull, type SQL } from 'drizzle-orm';
import type { Db, Tables } from '../../db/database.js';
import { findUserById } from '../accounts/users.js';
import { isModerator, type Acting } from './permissions.js';

/**
 * Who sees hidden content: the one rule, for every list and every read on
 * both faces (and for features to come: search, feeds).
 *
 * - Lists, counts and tag counts show only what everyone sees: `articleShown`,
 *   `commentShown` and `tagLinkShown` are their SQL conditions. The one
 *   exception is an author's own list of their articles, read by that author.
 * - One article or comment is shown to everyone while it is not hidden, and
 *   once hidden only to its author and to moderators and admins (`maySee`,
 *   `maySeeById`). To everyone else it does not exist: a 404.
 */
export interface Hidden {
  at: number;
  /** The moderator's note, shown to the author; may be empty. */
  reason: string;
}

/** The article is shown to everyone (not hidden). */
export const articleShown = ({ articles }: Pick<Tables, 'articles'>): SQL => isNull(articles.hiddenAt);

/** The comment is shown to everyone (not hidden). */
export const commentShown = ({ comments }: Pick<Tables, 'comments'>): SQL => isNull(comments.hiddenAt);

/** The link's article is shown to everyone (article_tags keeps a copy of its article's hidden_at). */
export const tagLinkShown = ({ articleTags }: Pick<Tables, 'articleTags'>): SQL => isNull(articleTags.articleHiddenAt);

/** A row's hidden columns as the domain shows them. */
export const hiddenOf = (row: { hiddenAt: number | null; hiddenReason: string | null }): Hidden | null =>
  row.hiddenAt === null ? null : { at: row.hiddenAt, reason: row.hiddenReason ?? '' };

/** Whether `viewer` sees an item by `authorId` that may be hidden. */
export function maySee(viewer: Acting | null | undefined, item: { authorId: number; hidden: Hidden | null }): boolean {
  if (item.hidden === null) return true;
  return !!viewer && (viewer.id === item.authorId || isModerator(viewer));
}

/** `maySee` for a viewer known by id (the user is looked up only when the item is hidden). */
export async function maySeeById(db: Db, viewerId: number | undefined, item: { authorId: number; hidden: Hidden | null }): Promise<boolean> {
  if (item.hidden === null) return true;
  if (viewerId === undefined) return false;
  if (viewerId === item.authorId) return true;
  return maySee(await findUserById(db, viewerId), item);
}
