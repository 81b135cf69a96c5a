// Where the federation's documents live (Fedify's URI templates). The actor is
// the profile page itself, so a Mastodon user who opens it sees the page.
export const paths = {
  actor: '/profile/{identifier}',
  inbox: '/profile/{identifier}/inbox',
  outbox: '/profile/{identifier}/outbox',
  followers: '/profile/{identifier}/followers',
  sharedInbox: '/inbox',
  nodeInfo: '/nodeinfo/2.1',
} as const;

/**
 * The paths Fedify may answer, to hand over only those (src/federation/fastify-bridge.ts):
 * WebFinger and NodeInfo, the shared inbox, and an author's inbox, outbox and followers.
 */
export const FEDIFY_PATH = /^\/(?:\.well-known\/(?:webfinger|nodeinfo)|nodeinfo\/2\.1|inbox|profile\/[^/?]+\/(?:inbox|outbox|followers))(?:[?]|$)/;
/** The profile page: Fedify answers it for ActivityPub clients only. */
export const PROFILE_PATH = /^\/profile\/[^/?]+(?:[?]|$)/;
