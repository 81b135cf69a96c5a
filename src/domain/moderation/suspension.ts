import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { lockRows } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import { endAllSignIns } from '../accounts/sessions-and-tokens.js';
import { findUserById, type User } from '../accounts/users.js';
import type { Clock, Writer } from '../clock.js';
import { InvalidError, NotFoundError, SuspendedError } from '../errors.js';
import { parseInput } from '../validation.js';
import { actorOf, logAction, moderationNote, NOTE_MAX, type TargetType } from './moderation-log.js';
import { resolveReports } from './moderation-queue.js';
import { authorize, type Acting } from './permissions.js';
import { withdrawNotifications } from '../notifications/notify.js';
import { enqueueSuspensionChange } from '../federation/article-changes.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Ten years: past that, "until lifted" says it better. */
const MAX_DAYS = 3650;

export interface Suspension {
  /** When it ends by itself; null: until lifted. */
  until: number | null;
  reason: string;
}

/** The user's suspension in force at `now`, or null (never suspended, lifted, or run out). */
export function suspensionOf(user: Pick<User, 'suspendedAt' | 'suspendedUntil' | 'suspensionReason'>, now: number): Suspension | null {
  if (user.suspendedAt === null) return null;
  if (user.suspendedUntil !== null && user.suspendedUntil <= now) return null;
  return { until: user.suspendedUntil, reason: user.suspensionReason ?? '' };
}

/**
 * The one check before every write of one's own (articles, comments,
 * favorites, follows, reports): SuspendedError while the account is
 * suspended. Its end is read against the clock, so it lapses by itself.
 */
export async function assertMayWrite({ db, now }: { db: Db; now: Clock }, userId: number): Promise<void> {
  const user = await findUserById(db, userId);
  const suspension = user && suspensionOf(user, now());
  if (suspension) throw new SuspendedError(suspension.until, suspension.reason);
}

const suspensionInput = z.object(
  {
    days: z
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1')
      .max(MAX_DAYS, `must be at most ${MAX_DAYS}; leave it out for "until lifted"`)
      .nullish(),
    reason: z.string({ error: 'must be a string' }).trim().max(NOTE_MAX, `is too long (maximum is ${NOTE_MAX} characters)`).optional(),
  },
  { error: 'must be an object' },
);

/** The user named `username`, locked until the transaction ends (NotFoundError: "profile"). */
export async function lockedUser(tx: Db, username: string) {
  const { users } = tx.t;
  await lockRows(tx, sql`SELECT 1 FROM users WHERE lower(username) = lower(${username})`);
  const [user] = await tx
    .select({ id: users.id, username: users.username, role: users.role })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  if (!user) throw new NotFoundError('profile');
  return user;
}

/**
 * Suspends `username` for `days` days, or until lifted when `days` is left
 * out, in one transaction: the account's columns, the end of every session
 * and token it has, and the log entry. Only members are suspended: a
 * moderator's or admin's role is revoked first (so no suspended account holds
 * one). Suspending again replaces the term and reason.
 */
export async function suspendUser(
  { db, now }: Writer,
  by: Acting,
  username: string,
  input: unknown,
  /** Reports about something of theirs (an article, a comment) that this suspension settles too. */
  alsoResolves?: { type: TargetType; id: number },
): Promise<Suspension> {
  authorize(by, 'suspend-user');
  const { days, reason = '' } = parseInput(suspensionInput, input ?? {});
  return write(db, async (tx) => {
    const user = await lockedUser(tx, username);
    if (user.id === by.id) throw new InvalidError({ user: ['cannot be yourself'] });
    if (user.role !== 'member') throw new InvalidError({ user: [`is ${user.role === 'admin' ? 'an admin' : 'a moderator'}: revoke the role first`] });
    const at = now();
    const until = days ? at + days * DAY_MS : null;
    const { users } = tx.t;
    await tx.update(users).set({ suspendedAt: at, suspendedUntil: until, suspensionReason: reason }).where(eq(users.id, user.id));
    // What a suspended account did no longer reaches anyone (docs/decisions/0032).
    await withdrawNotifications(tx, { actorId: user.id });
    await endAllSignIns(tx, user.id);
    // Their articles leave the fediverse, and come back when the term ends.
    await enqueueSuspensionChange(tx, user.id, 'delete', at, until);
    const term = days ? `${days} ${days === 1 ? 'day' : 'days'}` : 'until lifted';
    await logAction(tx, { actor: actorOf(by), action: 'suspend', target: { type: 'user', id: user.id, label: user.username }, note: reason ? `${term}: ${reason}` : term }, at);
    await resolveReports(tx, { type: 'user', id: user.id }, 'resolved', at);
    if (alsoResolves) await resolveReports(tx, alsoResolves, 'resolved', at);
    return { until, reason };
  });
}

/** Lifts `username`'s suspension now, with an optional note; one that is not suspended changes nothing. */
export async function unsuspendUser({ db, now }: Writer, by: Acting, username: string, input?: unknown): Promise<void> {
  authorize(by, 'suspend-user');
  const note = moderationNote(input);
  await write(db, async (tx) => {
    const user = await lockedUser(tx, username);
    const { users } = tx.t;
    const [row] = await tx.select({ suspendedAt: users.suspendedAt, suspendedUntil: users.suspendedUntil, suspensionReason: users.suspensionReason }).from(users).where(eq(users.id, user.id));
    const at = now();
    if (!row || !suspensionOf(row, at)) return;
    await tx.update(users).set({ suspendedAt: null, suspendedUntil: null, suspensionReason: null }).where(eq(users.id, user.id));
    await enqueueSuspensionChange(tx, user.id, 'create', at);
    await logAction(tx, { actor: actorOf(by), action: 'unsuspend', target: { type: 'user', id: user.id, label: user.username }, note }, at);
  });
}
