import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';

// Each author's key pairs as an actor: made once, kept, and only ever read
// for that author (keys are user data). The keys themselves are made by the
// federation layer; here they are JWK text.

export type ActorKeyKind = 'rsa' | 'ed25519';

export interface StoredKeyPair {
  kind: ActorKeyKind;
  publicKey: string;
  privateKey: string;
}

/** The author's key pairs, RSA first (the one older servers read), or none yet. */
export async function actorKeyPairs(db: Db, userId: number): Promise<StoredKeyPair[]> {
  const { actorKeys } = db.t;
  return db
    .select({ kind: actorKeys.kind, publicKey: actorKeys.publicKey, privateKey: actorKeys.privateKey })
    .from(actorKeys)
    .where(eq(actorKeys.userId, userId))
    .orderBy(desc(actorKeys.kind));
}

/**
 * Keeps freshly made pairs for an author who has none of that kind, and
 * returns what is kept: when two processes make keys at once, the first
 * stored wins and both answer with it.
 */
export async function keepActorKeyPairs({ db, now }: Writer, userId: number, made: StoredKeyPair[]): Promise<StoredKeyPair[]> {
  await write(db, async (tx) => {
    const { actorKeys } = tx.t;
    for (const pair of made) {
      await tx
        .insert(actorKeys)
        .values({ userId, ...pair, createdAt: now() })
        .onConflictDoNothing();
    }
  });
  return actorKeyPairs(db, userId);
}
