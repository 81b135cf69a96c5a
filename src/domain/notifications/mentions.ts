/** The most people one comment notifies by name: more is a mailing list, not a mention. */
export const MAX_MENTIONS = 10;

// A username (src/domain/validation.ts) after an @ that does not follow a word character, as in an address.
const MENTION = /(?<![\w@.-])@([A-Za-z0-9_-]{1,32})(?![A-Za-z0-9_-])/g;

/** The distinct usernames a comment mentions, lower-cased, in order, at most MAX_MENTIONS. */
export function mentionedUsernames(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    names.add(match[1]!.toLowerCase());
    if (names.size === MAX_MENTIONS) break;
  }
  return [...names];
}

export type CommentPiece = { text: string } | { mention: string };

/**
 * A comment's text cut into plain text and mentions, for the page to link
 * each mention to its profile; the stored text stays as written.
 */
export function commentPieces(body: string): CommentPiece[] {
  const pieces: CommentPiece[] = [];
  let at = 0;
  for (const match of body.matchAll(MENTION)) {
    if (match.index > at) pieces.push({ text: body.slice(at, match.index) });
    pieces.push({ mention: match[1]! });
    at = match.index + match[0].length;
  }
  if (at < body.length) pieces.push({ text: body.slice(at) });
  return pieces;
}
