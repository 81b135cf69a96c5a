import type { Db } from '../db/database.js';
import { hitCounter, readCounter } from '../db/counters.js';
import { isUrlBlocked } from '../domain/federation/domain-blocks.js';

// Before Fedify reads an inbox post (docs/decisions/0052, 0054): a post from a
// blocked domain, by the host of its signing key or of its actor, gets 403;
// a server past its posts for the minute gets 429 with Retry-After. Either way
// Fedify never sees it, so nothing is verified, fetched or stored.

const MINUTE_MS = 60_000;

export interface InboxGateOptions {
  db: Db;
  now: () => number;
  /** Posts one server may have taken a minute (FEDERATION_INBOX_RATE_LIMIT). */
  perMinute: number;
}

/** The signing key's id, from a draft-cavage `Signature` or an RFC 9421 `Signature-Input` header. */
export function signatureKeyId(headers: Headers): string | undefined {
  for (const name of ['signature', 'signature-input']) {
    const match = /keyid="([^"]+)"/i.exec(headers.get(name) ?? '');
    if (match && URL.canParse(match[1]!)) return match[1];
  }
  return undefined;
}

/** The activity's actor id, when the body is JSON that names one. */
function actorIdOf(body: Uint8Array | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const activity = JSON.parse(Buffer.from(body).toString('utf8')) as { actor?: unknown };
    const actor = Array.isArray(activity.actor) ? activity.actor[0] : activity.actor;
    const id = typeof actor === 'string' ? actor : actor && typeof actor === 'object' && 'id' in actor ? actor.id : undefined;
    return typeof id === 'string' && URL.canParse(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Wraps the hand-over of an inbox post to Fedify. The count is of posts
 * Fedify took (an answer under 400): posts with a forged key id are refused
 * by their signature and so cannot spend another server's allowance.
 */
export function inboxGate({ db, now, perMinute }: InboxGateOptions) {
  return async (request: Request, body: Uint8Array | undefined, handOver: () => Promise<Response>): Promise<Response> => {
    const keyId = signatureKeyId(request.headers);
    const actorId = actorIdOf(body);
    for (const url of [keyId, actorId]) {
      if (url && (await isUrlBlocked(db, url))) return new Response(null, { status: 403 });
    }
    const server = keyId ?? actorId;
    if (!server) return handOver(); // unsigned: Fedify answers 401
    const key = `federation-inbox:${new URL(server).host}`;
    const counted = await readCounter(db, key, now());
    if (counted && counted.count >= perMinute) {
      const seconds = Math.max(1, Math.ceil((counted.resetAt - now()) / 1000));
      return new Response(null, { status: 429, headers: { 'retry-after': String(seconds) } });
    }
    const response = await handOver();
    if (response.status < 400) await hitCounter(db, key, MINUTE_MS, now());
    return response;
  };
}

export type InboxGate = ReturnType<typeof inboxGate>;
