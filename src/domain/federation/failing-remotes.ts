import { eq, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { rowsChanged } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import type { Writer } from '../clock.js';

// Remote servers our deliveries keep failing to reach (docs/decisions/0045):
// since when, by host. A server that answers again is forgotten; one still
// failing past the window loses its followers here, and with them every
// further delivery to it.

/** Notes a failure to reach `host` now; returns since when it has been failing. */
export async function noteRemoteFailing({ db, now }: Writer, host: string): Promise<number> {
  const at = now();
  return write(db, async (tx) => {
    const { failingRemotes } = tx.t;
    const [row] = await tx
      .insert(failingRemotes)
      .values({ host, firstFailedAt: at, lastFailedAt: at })
      .onConflictDoUpdate({ target: failingRemotes.host, set: { lastFailedAt: at } })
      .returning({ firstFailedAt: failingRemotes.firstFailedAt });
    return row!.firstFailedAt;
  });
}

/** `host` was reached again: its failures are forgotten. */
export async function noteRemoteReached(db: Db, host: string): Promise<void> {
  await write(db, async (tx) => {
    const { failingRemotes } = tx.t;
    await tx.delete(failingRemotes).where(eq(failingRemotes.host, host));
  });
}

/** Whether `column` (a URL) is on `host`, over either scheme. substr, not LIKE: nothing needs escaping. */
const onHost = (column: SQLWrapper, host: string): SQL =>
  or(...['https', 'http'].map((scheme) => sql`substr(${column}, 1, ${`${scheme}://${host}/`.length}) = ${`${scheme}://${host}/`}`))!;

/**
 * Drops every follower, of any author, whose inbox or shared inbox is on
 * `host`, and forgets its failures: returns how many follows went.
 */
export async function dropFollowersOn(db: Db, host: string): Promise<number> {
  return write(db, async (tx) => {
    const { remoteFollowers, failingRemotes } = tx.t;
    const dropped = rowsChanged(await tx.delete(remoteFollowers).where(or(onHost(remoteFollowers.inbox, host), onHost(remoteFollowers.sharedInbox, host))));
    await tx.delete(failingRemotes).where(eq(failingRemotes.host, host));
    return dropped;
  });
}

/** Drops the followers reached at exactly `inbox` (their own inbox, or their server's shared one): it answered that it is gone. */
export async function dropFollowersAt(db: Db, inbox: string): Promise<number> {
  return write(db, async (tx) => {
    const { remoteFollowers } = tx.t;
    return rowsChanged(await tx.delete(remoteFollowers).where(or(eq(remoteFollowers.inbox, inbox), eq(remoteFollowers.sharedInbox, inbox))));
  });
}
