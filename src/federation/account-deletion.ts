import './node20.js';
import { importJwk, type Federation, type SenderKeyPair } from '@fedify/fedify';
import { Delete, PUBLIC_COLLECTION } from '@fedify/vocab';
import type { FederateAccountDeletion } from '../domain/federation/account-deletion-delivery.js';

// Run by the federate-account-deletion job: the account and its keys are
// gone, so the Delete is signed with the keys the job carries, under the key
// ids the actor listed them with (Fedify names the first `#main-key`, the
// others `#key-N`). Mastodon verifies it with the key it already holds for
// the account, and removes the account and its posts.

export async function federateAccountDeletion(federation: Federation<void>, origin: string, deletion: FederateAccountDeletion): Promise<void> {
  const ctx = federation.createContext(new URL(origin));
  const actor = ctx.getActorUri(deletion.username);
  const keys: SenderKeyPair[] = await Promise.all(
    deletion.keys.map(async (pair, i) => ({
      keyId: new URL(i === 0 ? '#main-key' : `#key-${i + 1}`, actor),
      privateKey: await importJwk(JSON.parse(pair.privateKey) as JsonWebKey, 'private'),
    })),
  );
  const recipients = deletion.followers.map((f) => ({
    id: new URL(f.actorId),
    inboxId: new URL(f.inbox),
    endpoints: f.sharedInbox ? { sharedInbox: new URL(f.sharedInbox) } : null,
  }));
  const activity = new Delete({ id: new URL(`${actor.href}#delete`), actor, object: actor, to: PUBLIC_COLLECTION });
  await ctx.sendActivity(keys, recipients, activity, { preferSharedInbox: true });
}
