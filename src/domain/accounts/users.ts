import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tables } from '../../db/database.js';
import type { Clock } from '../clock.js';
import { preparedFor } from '../../db/prepared.js';
import { isUniqueViolation } from '../../db/sql.js';
import { write } from '../../db/write-transaction.js';
import { ConflictError, InvalidError, type FieldErrors } from '../errors.js';
import { contextPasswordMessage } from './password-rules.js';
import type { PasswordHasher } from './password-hashing.js';
import { memoFor } from '../../cache/memo.js';
import { read } from '../../cache/read-tracking.js';
import { scope } from '../../cache/scopes.js';
import type { Role } from '../moderation/roles.js';
import { emailSchema, parseInput, passwordSchema, usernameSchema } from '../validation.js';

export interface User {
  id: number;
  username: string;
  email: string;
  bio: string | null;
  image: string | null;
  /** What the user may do beyond a member's part (src/domain/moderation/permissions.ts). */
  role: Role;
  /** Set while suspended, or after a suspension ran out (src/domain/moderation/suspension.ts decides). */
  suspendedAt: number | null;
  /** Null with `suspendedAt` set: until lifted. */
  suspendedUntil: number | null;
  suspensionReason: string | null;
  /** The IANA zone times are entered and shown in (./time-zones.ts). */
  timeZone: string;
}

/** The columns of a User, for every query that returns one: `userColumns(db.t)`. */
export const userColumns = ({ users }: Pick<Tables, 'users'>) => ({
  id: users.id,
  username: users.username,
  email: users.email,
  bio: users.bio,
  image: users.image,
  role: users.role,
  suspendedAt: users.suspendedAt,
  suspendedUntil: users.suspendedUntil,
  suspensionReason: users.suspensionReason,
  timeZone: users.timeZone,
});

export const registrationSchema = z.object({
  username: usernameSchema,
  email: emailSchema,
  password: passwordSchema,
});

export type Registration = z.input<typeof registrationSchema>;

export interface UserDeps {
  db: Db;
  passwords: PasswordHasher;
  now: Clock;
}

// Every profile page and every follow looks a user up by name.
const userByName = preparedFor((db) => {
  const { users } = db.t;
  return db
    .select(userColumns(db.t))
    .from(users)
    .where(sql`lower(${users.username}) = lower(${sql.placeholder('username')})`)
    .prepare();
});

// Runs on every signed-in request.
const userById = preparedFor((db) => {
  const { users } = db.t;
  return db
    .select(userColumns(db.t))
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare();
});

/** Users by id, for the lookup every signed-in request makes; kept until the user's row changes. */
const knownUsers = memoFor<User | null>({
  name: 'users',
  maxBytes: 2 * 1024 * 1024,
  weigh: (u) => 200 + 2 * ((u?.username.length ?? 0) + (u?.email.length ?? 0) + (u?.bio?.length ?? 0) + (u?.image?.length ?? 0) + (u?.suspensionReason?.length ?? 0)),
});

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const user = await knownUsers(db).get(String(id), async () => {
    const [found] = await userById(db).execute({ id });
    const user = found ?? null;
    // Nobody is kept as missing: a user created later with this id moves no user scope.
    return { value: user, deps: [scope.user(id)], keep: user !== null };
  });
  return user ?? undefined;
}

/** A user by name, case-insensitively. What was read is noted, found or not, for whole responses. */
export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
  const [user] = await userByName(db).execute({ username });
  read([user ? scope.user(user.id) : scope.usernames]);
  return user;
}

/** Whether the account changed (a new password, email or name) after `since`: a sign-in begun before must start again. */
export async function accountChangedSince(db: Db, userId: number, since: number): Promise<boolean> {
  const { users } = db.t;
  const [row] = await db.select({ updatedAt: users.updatedAt }).from(users).where(eq(users.id, userId)).limit(1);
  return !row || row.updatedAt > since;
}

export async function registerUser({ db, passwords, now: clock }: UserDeps, input: unknown): Promise<User> {
  const data = parseInput(registrationSchema, input);
  rejectWeakPassword(passwords, data.password, data);
  const wanted = { username: data.username, email: data.email };
  await assertAvailable(db, wanted);
  // Hash before writing: a write transaction must not wait on argon2 (on SQLite it holds the one writer).
  const passwordHash = await passwords.hash(data.password);
  const now = clock();
  let user: User | undefined;
  try {
    [user] = await write(db, async (tx) => {
      const { users } = tx.t;
      return tx
        .insert(users)
        .values({ username: data.username, email: data.email, passwordHash, createdAt: now, updatedAt: now })
        .returning(userColumns(tx.t));
    });
  } catch (error) {
    // Someone took the name between the check and the insert.
    if (isUniqueViolation(error)) await throwTaken(db, error, wanted);
    throw error;
  }
  if (!user) throw new Error('user insert returned no row');
  return user;
}

/** Too common, or guessable from who the user is. */
export function rejectWeakPassword(passwords: PasswordHasher, password: string, owner: { username: string; email: string }): void {
  const message = passwords.commonPasswordMessage(password) ?? contextPasswordMessage(password, owner);
  if (message) throw new InvalidError({ password: [message] });
}

interface Wanted {
  username?: string | undefined;
  email?: string | undefined;
}

const TAKEN = 'has already been taken';

/** Throws ConflictError naming each unique field that another user already has. */
export async function assertAvailable(db: Db, wanted: Wanted, exceptUserId?: number): Promise<void> {
  const { users } = db.t;
  const taken: FieldErrors = {};
  const others = exceptUserId === undefined ? undefined : ne(users.id, exceptUserId);
  if (wanted.username !== undefined) {
    const [row] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(sql`lower(${users.username}) = lower(${wanted.username})`, others))
      .limit(1);
    if (row) taken.username = [TAKEN];
  }
  if (wanted.email !== undefined) {
    const [row] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(sql`lower(${users.email}) = lower(${wanted.email})`, others))
      .limit(1);
    if (row) taken.email = [TAKEN];
  }
  if (Object.keys(taken).length > 0) throw new ConflictError(taken);
}

/**
 * After a write on users broke a unique index (another request took the name
 * or email after our check, as concurrent writers can on PostgreSQL): the
 * same ConflictError the check throws, never a 500. The check, run again,
 * names the fields; if it finds nothing (the other write is gone again), the
 * index named in the error does.
 */
export async function throwTaken(db: Db, error: unknown, wanted: Wanted, exceptUserId?: number): Promise<never> {
  await assertAvailable(db, wanted, exceptUserId);
  const field = violatedField(error);
  const fields = field ? [field] : (['username', 'email'] as const).filter((f) => wanted[f] !== undefined);
  throw new ConflictError(Object.fromEntries(fields.map((f) => [f, [TAKEN]])));
}

/** Which unique index of users an error names: PostgreSQL's `constraint`, or SQLite's message. */
function violatedField(error: unknown): 'username' | 'email' | undefined {
  const described: string[] = [];
  for (let e: unknown = error; e instanceof Object && described.length < 6; e = (e as { cause?: unknown }).cause) {
    const { constraint, message } = e as { constraint?: unknown; message?: unknown };
    described.push(String(constraint ?? ''), String(message ?? ''));
  }
  const text = described.join(' ');
  if (text.includes('users_username_lower_unique')) return 'username';
  if (text.includes('users_email_lower_unique')) return 'email';
  return undefined;
}
