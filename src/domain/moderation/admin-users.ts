import { count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import { endAllSignIns } from '../accounts/sessions-and-tokens.js';
import type { Writer } from '../clock.js';
import { NotFoundError } from '../errors.js';
import { actorOf, logAction, moderationNote } from './moderation-log.js';
import { authorize, type Acting } from './permissions.js';
import type { Role } from './roles.js';
import { suspensionOf, type Suspension } from './suspension.js';

/** One row of the admin's list of users. */
export interface UserRow {
  username: string;
  email: string;
  role: Role;
  suspension: Suspension | null;
  createdAt: number;
  articles: number;
  comments: number;
}

/** Users, newest first, with their role, state, age and counts: for admins. */
export async function listUsers(db: Db, viewer: Acting, window: { limit: number; offset: number }, now: number): Promise<{ users: UserRow[]; total: number }> {
  authorize(viewer, 'list-users');
  const { users } = db.t;
  // Counted per row of one page (at most `limit` users), by the author indexes. Spelled out: Drizzle
  // writes a column inside a sql`` subquery without its table, which would name the inner table's.
  const rows = await db
    .select({
      username: users.username,
      email: users.email,
      role: users.role,
      suspendedAt: users.suspendedAt,
      suspendedUntil: users.suspendedUntil,
      suspensionReason: users.suspensionReason,
      createdAt: users.createdAt,
      articles: sql<number>`(SELECT count(*) FROM articles WHERE articles.author_id = users.id)`,
      comments: sql<number>`(SELECT count(*) FROM comments WHERE comments.author_id = users.id)`,
    })
    .from(users)
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(window.limit)
    .offset(window.offset);
  const [total] = await db.select({ n: count() }).from(users);
  return {
    users: rows.map((r) => ({
      username: r.username,
      email: r.email,
      role: r.role,
      suspension: suspensionOf(r, now),
      createdAt: r.createdAt,
      articles: Number(r.articles),
      comments: Number(r.comments),
    })),
    total: total?.n ?? 0,
  };
}

/** Where a user is signed in and has been: devices, addresses and times, never a session id or token. */
export interface SignInHistory {
  username: string;
  role: Role;
  suspension: Suspension | null;
  browsers: Array<{ signedInAt: number | null; lastUsedAt: number; userAgent: string | null; address: string | null; expiresAt: number }>;
  tokens: Array<{ createdAt: number; lastUsedAt: number; expiresAt: number }>;
}

async function userByName(db: Db, username: string) {
  const { users } = db.t;
  const [user] = await db
    .select({ id: users.id, username: users.username, role: users.role, suspendedAt: users.suspendedAt, suspendedUntil: users.suspendedUntil, suspensionReason: users.suspensionReason })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  if (!user) throw new NotFoundError('profile');
  return user;
}

/**
 * A user's sign-ins for an admin: each browser session (when and from where
 * it signed in, the device, when last used) and API token. Sessions are the
 * record: one ended or expired is gone (docs/decisions/0012).
 */
export async function signInHistory(db: Db, viewer: Acting, username: string, now: number): Promise<SignInHistory> {
  authorize(viewer, 'read-sign-ins');
  const user = await userByName(db, username);
  const { apiTokens, sessions } = db.t;
  const browsers = await db
    .select({ signedInAt: sessions.signedInAt, lastUsedAt: sessions.lastUsedAt, userAgent: sessions.userAgent, address: sessions.address, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.userId, user.id))
    .orderBy(desc(sessions.lastUsedAt));
  const tokens = await db
    .select({ createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, user.id))
    .orderBy(desc(apiTokens.lastUsedAt));
  return { username: user.username, role: user.role, suspension: suspensionOf(user, now), browsers, tokens };
}

/** Ends every session and token of a user, with a note, in one transaction with its log entry. Returns how many ended. */
export async function endUserSignIns({ db, now }: Writer, by: Acting, username: string, input?: unknown): Promise<number> {
  authorize(by, 'end-sign-ins');
  const note = moderationNote(input);
  return write(db, async (tx) => {
    const user = await userByName(tx, username);
    const ended = await endAllSignIns(tx, user.id);
    await logAction(tx, { actor: actorOf(by), action: 'end-sign-ins', target: { type: 'user', id: user.id, label: user.username }, note: note || `${ended} ended` }, now());
    return ended;
  });
}
