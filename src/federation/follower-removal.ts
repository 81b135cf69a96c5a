import type { Federation } from '@fedify/fedify';
import { Follow, Reject } from '@fedify/vocab';
import type { RemovedFollower } from '../domain/federation/own-followers.js';

/**
 * Tells a follower's server that the author removed them: a Reject of their
 * Follow, which Mastodon takes as the end of an accepted follow. Queued like
 * every delivery (Fedify's retries on our queue), signed by the author.
 */
export async function rejectRemovedFollower(federation: Federation<void>, origin: string, username: string, removed: RemovedFollower): Promise<void> {
  const ctx = federation.createContext(new URL(origin));
  const author = ctx.getActorUri(username);
  const follower = new URL(removed.actorId);
  const follow = new Follow({ ...(removed.followId && { id: new URL(removed.followId) }), actor: follower, object: author });
  await ctx.sendActivity(
    { identifier: username },
    { id: follower, inboxId: new URL(removed.inbox), endpoints: removed.sharedInbox ? { sharedInbox: new URL(removed.sharedInbox) } : null },
    new Reject({ id: new URL(`#reject/${encodeURIComponent(removed.followId ?? removed.actorId)}`, author), actor: author, object: follow }),
  );
}
