// Where the federation's documents live (Fedify's URI templates). The actor is
// the profile page itself, so a Mastodon user who opens it sees the page.
export const paths = {
  actor: '/profile/{identifier}',
  inbox: '/profile/{identifier}/inbox',
  outbox: '/profile/{identifier}/outbox',
  followers: '/profile/{identifier}/followers',
  sharedInbox: '/inbox',
  nodeInfo: '/nodeinfo/2.1',
  /** An article's ActivityPub id: by its number, so a new title (a new slug) keeps it. */
  article: '/ap/articles/{id}',
} as const;

/** The ActivityPub id of article `id` (its `url` is the page, which moves with the slug). */
export function articleObjectUri(origin: string, id: number): URL {
  return new URL(`${origin}/ap/articles/${id}`);
}

/** The article an id of ours names (a reply's inReplyTo, a Like's object), or null for anything else. */
export function articleIdFromObjectUri(origin: string, uri: URL | string): number | null {
  const url = typeof uri === 'string' ? (URL.canParse(uri) ? new URL(uri) : null) : uri;
  if (!url || url.origin !== new URL(origin).origin) return null;
  const match = /^\/ap\/articles\/([1-9][0-9]{0,15})$/.exec(url.pathname);
  return match ? Number(match[1]) : null;
}

/** The username whose actor id (the profile page) `uri` is, on our own origin; null for anything else. */
export function usernameFromActorUri(origin: string, uri: URL): string | null {
  if (uri.origin !== new URL(origin).origin || uri.search !== '' || uri.hash !== '') return null;
  const match = /^\/profile\/([^/]+)$/.exec(uri.pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

/**
 * The paths Fedify may answer, to hand over only those (src/federation/fastify-bridge.ts):
 * WebFinger and NodeInfo, the shared inbox, an article's object, and an author's inbox, outbox and followers.
 */
export const FEDIFY_PATH = /^\/(?:\.well-known\/(?:webfinger|nodeinfo)|nodeinfo\/2\.1|inbox|ap\/articles\/[^/?]+|profile\/[^/?]+\/(?:inbox|outbox|followers))(?:[?]|$)/;
/** The profile page: Fedify answers it for ActivityPub clients only. */
export const PROFILE_PATH = /^\/profile\/[^/?]+(?:[?]|$)/;
