import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { preparedFor } from '../../db/prepared.js';
import { BlockedError } from '../errors.js';

const blockRow = preparedFor((db) => {
  const { userControls } = db.t;
  return db
    .select({ owner: userControls.ownerId })
    .from(userControls)
    .where(and(eq(userControls.ownerId, sql.placeholder('owner')), eq(userControls.kind, 'block'), eq(userControls.targetId, sql.placeholder('target'))))
    .prepare();
});

/**
 * Refuses, with BlockedError, what `ownerId`'s block of `actorId` forbids:
 * `refused` names it for both faces. Read inside the write it guards, as
 * the database has it now, never from a cache.
 */
export async function refuseIfBlocked(tx: Db, ownerId: number, actorId: number, refused: Record<string, string[]>): Promise<void> {
  if ((await blockRow(tx).execute({ owner: ownerId, target: actorId })).length > 0) throw new BlockedError(refused);
}
