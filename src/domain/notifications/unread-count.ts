import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { memoFor } from '../../cache/memo.js';
import { scope } from '../../cache/scopes.js';
import { rows } from '../../db/sql.js';

/** Past this the navbar says "99+": counting further would read more rows for nothing a reader needs. */
export const UNREAD_SHOWN_MAX = 99;

/**
 * Unread counts by user, kept per process until that user's notifications
 * change (inbox:<user>, stamped by triggers): a signed-in page asks the memo,
 * and reads the database only after a change (docs/decisions/0032).
 */
const unreadCounts = memoFor<number>({ name: 'unread-notifications', maxBytes: 512 * 1024, weigh: () => 120 });

/** How many of the user's notifications are unread, up to UNREAD_SHOWN_MAX + 1 (shown as "99+"). */
export async function unreadCount(db: Db, userId: number): Promise<number> {
  return unreadCounts(db).get(String(userId), async () => {
    // At most 100 index entries of the partial unread index, however many there are.
    const [row] = await rows<{ n: number | string }>(
      db,
      sql`SELECT count(*) AS n FROM (SELECT 1 FROM notifications WHERE recipient_id = ${userId} AND read_at IS NULL LIMIT ${UNREAD_SHOWN_MAX + 1}) AS unread`,
    );
    return { value: Number(row?.n ?? 0), deps: [scope.inbox(userId)] };
  });
}
