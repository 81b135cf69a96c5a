import { ForbiddenError } from '../errors.js';

/**
 * The one rule for who may change an article or a comment: its author.
 * Writes enforce it; both faces ask it to decide which buttons to show.
 */
export function isAuthor(viewerId: number | undefined, authorId: number): boolean {
  return viewerId !== undefined && viewerId === authorId;
}

/** Throws ForbiddenError naming `resource` unless the viewer wrote it. */
export function assertAuthor(viewerId: number, authorId: number, resource: 'article' | 'comment'): void {
  if (!isAuthor(viewerId, authorId)) throw new ForbiddenError(resource);
}
