import type { Actor } from '@fedify/vocab';

/**
 * What settings show of a follower, from the actor Fedify fetched when they
 * followed: their handle, @preferredUsername@host of their id (as Mastodon
 * shows it), and their profile page (their `url`, else their id).
 */
export function followerProfile(actor: Actor): { handle: string | null; url: string | null } {
  const name = actor.preferredUsername?.toString();
  const handle = actor.id && name && /^[^\s@]+$/.test(name) ? `@${name}@${actor.id.host}` : null;
  const url = actor.url instanceof URL ? actor.url : (actor.url?.href ?? null);
  return { handle, url: url && /^https?:$/.test(url.protocol) ? url.href : null };
}
