import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import { InvalidError } from '../errors.js';
import { DEFAULT_DELIVERY, isDelivery, NOTIFICATION_KINDS, type Delivery, type NotificationKind } from './kinds.js';

export type DeliverySettings = Record<NotificationKind, Delivery>;

/** How the user wants each kind mailed: their choice, else the default. */
export async function deliverySettings(db: Db, userId: number): Promise<DeliverySettings> {
  const { notificationSettings: s } = db.t;
  const chosen = await db.select({ kind: s.kind, delivery: s.delivery }).from(s).where(eq(s.userId, userId));
  const settings = { ...DEFAULT_DELIVERY };
  for (const { kind, delivery } of chosen) if (kind in settings) settings[kind as NotificationKind] = delivery;
  return settings;
}

/** Saves every kind's choice from the settings form (a field per kind); an unknown value is a 422. */
export async function saveDeliverySettings(db: Db, userId: number, input: Record<string, unknown>): Promise<DeliverySettings> {
  const settings = {} as DeliverySettings;
  const errors: Record<string, string[]> = {};
  for (const kind of NOTIFICATION_KINDS) {
    const value = input[kind];
    if (isDelivery(value)) settings[kind] = value;
    else errors[kind] = ['must be off, instant, daily or weekly'];
  }
  if (Object.keys(errors).length > 0) throw new InvalidError(errors);
  await write(db, async (tx) => {
    for (const kind of NOTIFICATION_KINDS) await setDelivery(tx, userId, kind, settings[kind]);
  });
  return settings;
}

/** Sets one kind's delivery (inside a write: pass its handle). */
export async function setDelivery(tx: Db, userId: number, kind: NotificationKind, delivery: Delivery): Promise<void> {
  const { notificationSettings: s } = tx.t;
  await tx.insert(s).values({ userId, kind, delivery }).onConflictDoUpdate({ target: [s.userId, s.kind], set: { delivery } });
}
