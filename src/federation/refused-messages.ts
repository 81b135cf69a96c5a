import { validatePublicUrl } from '@fedify/fedify';
import type { Db } from '../db/database.js';
import { isUrlBlocked } from '../domain/federation/domain-blocks.js';

// The federation queue runs this before each message (docs/decisions/0052,
// 0053): a delivery queued before its domain was blocked is dropped, as is
// an inbox activity from such a domain still waiting; in production a
// delivery to a private or loopback address is never made, whatever address
// a remote actor document named as its inbox.

/** Only what this check reads of Fedify's outbox and inbox messages. */
interface QueuedMessage {
  type?: unknown;
  inbox?: unknown;
  activity?: { actor?: unknown };
}

const actorOf = (activity: QueuedMessage['activity']): string | undefined => {
  const actor = activity?.actor;
  if (typeof actor === 'string') return actor;
  if (actor && typeof actor === 'object' && 'id' in actor && typeof actor.id === 'string') return actor.id;
  return undefined;
};

export function refusedMessage(db: Db, allowPrivateAddress: boolean): (message: unknown) => Promise<boolean> {
  return async (message) => {
    const m = (message ?? {}) as QueuedMessage;
    if (m.type === 'outbox' && typeof m.inbox === 'string') {
      if (await isUrlBlocked(db, m.inbox)) return true;
      if (!allowPrivateAddress) return validatePublicUrl(m.inbox).then(() => false, () => true);
      return false;
    }
    if (m.type === 'inbox') {
      const actor = actorOf(m.activity);
      return actor !== undefined && (await isUrlBlocked(db, actor));
    }
    return false;
  };
}
