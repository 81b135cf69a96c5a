import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { enqueue } from '../../jobs/queue.js';
import { actorKeyPairs, type StoredKeyPair } from './actor-keys.js';
import { remoteFollowersOf, type RemoteFollower } from './remote-followers.js';

// A deleted account, as the fediverse hears it: one Delete of the actor,
// signed with the account's own key, sent to each server that follows it, so
// Mastodon removes the account and what it shows of its articles
// (docs/decisions/0059). The account's keys and followers are deleted with
// it, so the job carries both: it is written inside the deletion's
// transaction, before the rows go.

/** The job that tells a deleted author's fediverse followers. */
export const FEDERATE_ACCOUNT_DELETION_JOB = 'federate-account-deletion';

export interface FederateAccountDeletion {
  username: string;
  /** The account's key pairs, RSA first (as its actor listed them): the Delete is signed as every earlier activity was. */
  keys: StoredKeyPair[];
  followers: RemoteFollower[];
}

/** Told by the job (set by src/federation/setup.ts when federation is on); a rejection is a failed attempt, retried. */
export type AccountDeleted = (deletion: FederateAccountDeletion) => Promise<void>;

/**
 * Writes the job in the deletion's transaction when the account has
 * fediverse followers (and so keys). Nothing at all otherwise.
 */
export async function enqueueAccountDeletion(tx: Db, userId: number, now: number): Promise<void> {
  const followers = await remoteFollowersOf(tx, userId);
  if (followers.length === 0) return;
  const keys = await actorKeyPairs(tx, userId);
  const { users } = tx.t;
  const [user] = await tx.select({ username: users.username }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user || keys.length === 0) return;
  const payload: FederateAccountDeletion = { username: user.username, keys, followers };
  await enqueue(tx, { name: FEDERATE_ACCOUNT_DELETION_JOB, payload }, now);
}
