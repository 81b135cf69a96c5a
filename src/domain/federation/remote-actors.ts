import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';

// The fediverse accounts we hear from (a reply, a favorite, a boost): kept
// so a reply can show its author, refreshed each time they act. What they
// say of themselves is untrusted: bounded here, shown escaped, and an avatar
// or profile only when it is an http(s) URL.

export interface RemoteActorFields {
  /** The actor's id, as the signature that brought it names it. */
  uri: string;
  /** preferredUsername, for the @name@host handle. */
  username: string | null;
  name: string | null;
  avatarUrl: string | null;
  profileUrl: string | null;
}

export interface RemoteActor {
  id: number;
  uri: string;
  handle: string;
  name: string | null;
  avatarUrl: string | null;
  profileUrl: string | null;
  host: string;
}

export const MAX_NAME = 100;
const MAX_USERNAME = 100;
const MAX_URL = 2048;

/** `value` when it is an http(s) URL of sane length, else null. */
export function webUrl(value: string | null | undefined): string | null {
  if (!value || value.length > MAX_URL || !URL.canParse(value)) return null;
  const url = new URL(value);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
}

/** Control characters and runs of space folded, cut to `max` characters (by code point). */
function plainLine(value: string | null | undefined, max: number): string | null {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const folded = (value ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (folded === '') return null;
  return [...folded].slice(0, max).join('');
}

/** The handle people read, @name@host; from the actor's id when it gives no username. */
function handleOf(uri: URL, username: string | null): string {
  const name = plainLine(username, MAX_USERNAME)?.replace(/[@\s]/g, '') || uri.pathname.split('/').filter(Boolean).pop() || 'unknown';
  return `@${name}@${uri.host}`;
}

/** Stores the actor, or refreshes what it says of itself; returns its row. */
export async function rememberRemoteActor({ db, now }: Writer, fields: RemoteActorFields): Promise<RemoteActor> {
  const uri = new URL(fields.uri);
  const values = {
    uri: uri.href,
    handle: handleOf(uri, fields.username),
    name: plainLine(fields.name, MAX_NAME),
    avatarUrl: webUrl(fields.avatarUrl),
    profileUrl: webUrl(fields.profileUrl),
    host: uri.host,
  };
  return write(db, async (tx) => {
    const { remoteActors } = tx.t;
    // A look-up then an insert or update, not an upsert: on SQLite an upsert's conflict policy
    // overrides the INSERT OR REPLACE of the cache-stamp trigger an update fires (migration 0028).
    const [known] = await tx.select({ id: remoteActors.id }).from(remoteActors).where(eq(remoteActors.uri, values.uri)).limit(1);
    const [row] = known
      ? await tx.update(remoteActors).set({ ...values, fetchedAt: now() }).where(eq(remoteActors.id, known.id)).returning()
      : await tx.insert(remoteActors).values({ ...values, fetchedAt: now() }).returning();
    return row!;
  });
}

export async function findRemoteActor(db: Db, uri: string): Promise<RemoteActor | undefined> {
  const { remoteActors } = db.t;
  const [row] = await db.select().from(remoteActors).where(eq(remoteActors.uri, uri)).limit(1);
  return row;
}

/**
 * The actor deleted itself: its follows of our authors, its favorites and
 * boosts, its replies and the approvals it had all go (the last three by
 * cascade, whose triggers retire the pages that showed them).
 */
export async function forgetRemoteActor(db: Db, uri: string): Promise<void> {
  await write(db, async (tx) => {
    const { remoteActors, remoteFollowers } = tx.t;
    await tx.delete(remoteFollowers).where(eq(remoteFollowers.actorId, uri));
    await tx.delete(remoteActors).where(eq(remoteActors.uri, uri));
  });
}
