import { eq } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { twoFactor } from '../db/schema.js';

/** Whether the user has turned on two-factor authentication: sign-in then needs a code too. */
export function hasTwoFactor(db: Db, userId: number): boolean {
  return db.select({ userId: twoFactor.userId }).from(twoFactor).where(eq(twoFactor.userId, userId)).get() !== undefined;
}
