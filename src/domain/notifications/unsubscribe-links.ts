import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import { NotFoundError } from '../errors.js';
import { deliverySettings, setDelivery } from './delivery-settings.js';
import { KIND_LABELS, isKind, NOTIFICATION_KINDS, type Cadence, type NotificationKind } from './kinds.js';

/**
 * What one unsubscribe link stops: one kind's mail (an instant mail names
 * its kind), or a whole digest (every kind mailed daily, or weekly).
 */
export type MailTopic = NotificationKind | Cadence;

export const isTopic = (value: unknown): value is MailTopic => isKind(value) || value === 'daily' || value === 'weekly';

/** How a confirmation page names a topic. */
export function topicLabel(topic: MailTopic): string {
  if (topic === 'daily' || topic === 'weekly') return `the ${topic} digest`;
  return KIND_LABELS[topic].toLowerCase();
}

/**
 * A link's signature: HMAC-SHA256 over the user and topic, under a key of
 * its own derived from the server's secret (docs/decisions/0033). It is the
 * link's only authority: the POST a mail client sends carries no session and
 * no CSRF token.
 */
function signature(secret: string, userId: number, topic: MailTopic): string {
  const key = createHmac('sha256', secret).update('conduit unsubscribe links').digest();
  return createHmac('sha256', key).update(`${userId}:${topic}`).digest('base64url');
}

export function unsubscribePath(secret: string, userId: number, topic: MailTopic): string {
  return `/unsubscribe/${userId}/${topic}/${signature(secret, userId, topic)}`;
}

/** Whether `sig` is this user's and topic's signature (compared in constant time). */
export function validUnsubscribe(secret: string, userId: number, topic: MailTopic, sig: string): boolean {
  const expected = Buffer.from(signature(secret, userId, topic));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Turns the topic's mail off for the user: one kind, or every kind the
 * digest carries. Doing it twice is the same as once; a deleted account is
 * a 404.
 */
export async function unsubscribe(db: Db, userId: number, topic: MailTopic): Promise<void> {
  const settings = await deliverySettings(db, userId);
  await write(db, async (tx) => {
    const { users } = tx.t;
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
    if (!user) throw new NotFoundError('user');
    const kinds = isKind(topic) ? [topic] : NOTIFICATION_KINDS.filter((kind) => settings[kind] === topic);
    for (const kind of kinds) await setDelivery(tx, userId, kind, 'off');
  });
}
