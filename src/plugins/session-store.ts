import type { SessionStore } from '@fastify/session';
import type * as Fastify from 'fastify';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { preparedFor } from '../db/prepared.js';
import { sessions } from '../db/schema.js';
import { LAST_USED_STEP_MS } from '../domain/sign-in-lifetimes.js';

type Callback = (err?: unknown) => void;
// Fastify.Session is the session data shape declared in plugins/session.ts.
type SessionCallback = (err: unknown, session?: Fastify.Session | null) => void;

// Runs on every request that carries a session cookie.
const sessionById = preparedFor((db) =>
  db
    .select({ data: sessions.data, expiresAt: sessions.expiresAt, lastUsedAt: sessions.lastUsedAt })
    .from(sessions)
    .where(eq(sessions.sid, sql.placeholder('sid')))
    .prepare(),
);

const touch = preparedFor((db) =>
  db
    .update(sessions)
    .set({ lastUsedAt: sql`${sql.placeholder('now')}` })
    .where(eq(sessions.sid, sql.placeholder('sid')))
    .prepare(),
);

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
 * sign-in columns feed the sessions page.
 */
export class SqliteSessionStore implements SessionStore {
  constructor(
    private readonly db: Db,
    private readonly lifetimes: SessionLifetimes,
  ) {}

  get(sid: string, callback: SessionCallback): void {
    try {
      const now = this.lifetimes.now();
      const row = sessionById(this.db).get({ sid });
      if (!row || row.expiresAt <= now || row.lastUsedAt <= now - this.lifetimes.idleMs) return callback(null, null);
      // "Last used" in hour steps: reading pages stays free of writes.
      if (now - row.lastUsedAt >= LAST_USED_STEP_MS) touch(this.db).run({ sid, now });
      callback(null, JSON.parse(row.data) as Fastify.Session);
    } catch (error) {
      callback(error);
    }
  }

  set(sid: string, session: Fastify.Session, callback: Callback): void {
    try {
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
      if (session.userId !== undefined && !justSignedIn) {
        this.db.update(sessions).set(values).where(eq(sessions.sid, sid)).run();
      } else {
        // The lifetime runs from the session's first save and is never extended (sign-in makes a new session).
        this.db
          .insert(sessions)
          .values({ sid, ...values, expiresAt: now + this.lifetimes.lifetimeMs })
          .onConflictDoUpdate({ target: sessions.sid, set: values })
          .run();
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  destroy(sid: string, callback: Callback): void {
    try {
      this.db.delete(sessions).where(eq(sessions.sid, sid)).run();
      callback();
    } catch (error) {
      callback(error);
    }
  }
}
