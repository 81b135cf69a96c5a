import type { SessionStore } from '@fastify/session';
import { eq, lt, sql } from 'drizzle-orm';
import { preparedFor } from '../db/prepared.js';
import type { Db } from '../db/connection.js';
import { sessions } from '../db/schema.js';

type Callback = (err?: unknown) => void;
type SessionCallback = (err: unknown, session?: Fastify.Session | null) => void;

// Fastify.Session is the session data shape declared in plugins/session.ts.
import type * as Fastify from 'fastify';

// Runs on every request that carries a session cookie.
const sessionById = preparedFor((db) =>
  db
    .select({ data: sessions.data, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.sid, sql.placeholder('sid')))
    .prepare(),
);

/**
 * @fastify/session store on our own SQLite table: sessions survive restarts,
 * and the user_id column lets us end all of one user's sessions in one DELETE.
 */
export class SqliteSessionStore implements SessionStore {
  constructor(
    private readonly db: Db,
    private readonly defaultLifetimeMs: number,
  ) {}

  get(sid: string, callback: SessionCallback): void {
    try {
      const row = sessionById(this.db).get({ sid });
      if (!row || row.expiresAt <= Date.now()) return callback(null, null);
      callback(null, JSON.parse(row.data) as Fastify.Session);
    } catch (error) {
      callback(error);
    }
  }

  set(sid: string, session: Fastify.Session, callback: Callback): void {
    try {
      const expires = session.cookie?.expires;
      const expiresAt = expires ? new Date(expires).getTime() : Date.now() + this.defaultLifetimeMs;
      const values = { data: JSON.stringify(session), userId: session.userId ?? null, expiresAt };
      this.db
        .insert(sessions)
        .values({ sid, ...values })
        .onConflictDoUpdate({ target: sessions.sid, set: values })
        .run();
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

  purgeExpired(now = Date.now()): number {
    return this.db.delete(sessions).where(lt(sessions.expiresAt, now)).run().changes;
  }
}
