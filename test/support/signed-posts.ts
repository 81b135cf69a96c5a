// Inbox posts signed as a remote server signs them (draft-cavage HTTP
// Signatures, rsa-sha256, with a Digest header: Fedify's signRequest), by an
// actor whose key a test holds: a user of another instance, or a key served
// from a test's own HTTP server.
import { sql } from 'drizzle-orm';
import '../../src/federation/node20.js';
import { importJwk, signRequest } from '@fedify/fedify';
import { queryOne } from './app.js';
import type { FederatingInstance } from './federation.js';

/** `username`'s RSA private key, as their instance keeps it (made by asking for their actor first). */
export async function storedRsaKey(t: FederatingInstance, username: string): Promise<CryptoKey> {
  await fetch(`${t.origin}/profile/${username}`, { headers: { accept: 'application/activity+json' } });
  const kept = await queryOne<{ private_key: string }>(
    t.database,
    sql`SELECT private_key FROM actor_keys WHERE kind = 'rsa' AND user_id = (SELECT id FROM users WHERE username = ${username})`,
  );
  return importJwk(JSON.parse(kept.private_key) as JsonWebKey, 'private');
}

/** A POST of `activity` to `inbox`, signed with `key` under `keyId`. */
export async function signedPost(inbox: string, activity: unknown, key: CryptoKey, keyId: string): Promise<Request> {
  const request = new Request(inbox, {
    method: 'POST',
    headers: { 'content-type': 'application/activity+json', accept: 'application/activity+json' },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  return signRequest(request, key, new URL(keyId));
}
