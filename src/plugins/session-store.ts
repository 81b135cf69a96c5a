import type { SessionStore } from '@fastify/session';
import type * as Fastify from 'fastify';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { preparedFor } from '../db/prepared.js';
import { write } from '../db/write-transaction.js';
import { LAST_USED_STEP_MS } from '../domain/accounts/credential-lifetimes.js';

type Callback = (err?: unknown) => void;
// Fastify.Session is the session data shape declared in ./session.ts.
type SessionCallback = (err: unknown, session?: Fastify.Session | null) => void;

// Runs on every request that carries a session cookie.
const sessionById = preparedFor((db) => {
  const { sessions } = db.t;
  return db
    .select({ data: sessions.data, expiresAt: sessions.expiresAt, lastUsedAt: sessions.lastUsedAt })
    .from(sessions)
    .where(eq(sessions.sid, sql.placeholder('sid')))
    .prepare();
});

const touch = preparedFor((db) => {
  const { sessions } = db.t;
  return db
    .update(sessions)
    .set({ lastUsedAt: sql`${sql.placeholder('now')}` })
    .where(eq(sessions.sid, sql.placeholder('sid')))
    .prepare();
});

/** How long after signing in a session may still be written as new. */
const JUST_SIGNED_IN_MS = 60 * 1000;

export interface SessionLifetimes {
  now: () => number;
  /** Unused this long, a session is over. */
  idleMs: number;
  /** The absolute lifetime, from the session's first save. */
  lifetimeMs: number;
}

/**
 * @fastify/session store on our own table: sessions survive restarts, the
 * user_id column ends all of a user's sessions in one DELETE, and the
 * sign-in columns feed the sessions page. @fastify/session calls it with
 * callbacks; each method runs the async work and hands its result or error on.
 */
export class DatabaseSessionStore implements SessionStore {
  constructor(
    private readonly db: Db,
    private readonly lifetimes: SessionLifetimes,
  ) {}

  get(sid: string, callback: SessionCallback): void {
    this.load(sid).then(
      (session) => callback(null, session),
      (error: unknown) => callback(error),
    );
  }

  set(sid: string, session: Fastify.Session, callback: Callback): void {
    this.save(sid, session).then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  destroy(sid: string, callback: Callback): void {
    this.remove(sid).then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  private async load(sid: string): Promise<Fastify.Session | null> {
    const now = this.lifetimes.now();
    const [row] = await sessionById(this.db).execute({ sid });
    if (!row || row.expiresAt <= now || row.lastUsedAt <= now - this.lifetimes.idleMs) return null;
    // "Last used" in hour steps: reading pages stays free of writes.
    if (now - row.lastUsedAt >= LAST_USED_STEP_MS) await write(this.db, (tx) => touch(tx).execute({ sid, now }));
    return JSON.parse(row.data) as Fastify.Session;
  }

  private async save(sid: string, session: Fastify.Session): Promise<void> {
    const now = this.lifetimes.now();
    const values = {
      data: JSON.stringify(session),
      userId: session.userId ?? null,
      lastUsedAt: now,
      signedInAt: session.signedInAt ?? null,
      userAgent: session.userAgent ?? null,
      address: session.address ?? null,
    };
    // A signed-in session whose row is gone was ended (signed out elsewhere, a password change): a request
    // still in flight must not bring it back. Only a sign-in, a moment ago, makes a signed-in row.
    const justSignedIn = session.signedInAt !== undefined && now - session.signedInAt < JUST_SIGNED_IN_MS;
    await write(this.db, async (tx) => {
      const { sessions } = tx.t;
      if (session.userId !== undefined && !justSignedIn) {
        await tx.update(sessions).set(values).where(eq(sessions.sid, sid));
      } else {
        // The lifetime runs from the session's first save and is never extended (sign-in makes a new session).
        await tx
          .insert(sessions)
          .values({ sid, ...values, expiresAt: now + this.lifetimes.lifetimeMs })
          .onConflictDoUpdate({ target: sessions.sid, set: values });
      }
    });
  }

  private async remove(sid: string): Promise<void> {
    await write(this.db, async (tx) => {
      const { sessions } = tx.t;
      await tx.delete(sessions).where(eq(sessions.sid, sid));
    });
  }
}
