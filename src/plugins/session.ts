import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/connection.js';
import { SqliteSessionStore } from './session-store.js';

declare module 'fastify' {
  interface Session {
    userId?: number;
    /** Where to go after signing in: a same-site path, checked when stored. */
    returnTo?: string;
    _csrf?: string;
  }
}

const LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 60 * 60 * 1000;

export interface SessionOptions {
  db: Db;
  secrets: string[];
  secure: boolean | 'auto';
}

/**
 * Cookie sessions stored in SQLite. Anonymous readers get no session row
 * (saveUninitialized: false), and an unchanged session is not re-written
 * on every response (rolling: false).
 */
export const sessionPlugin = fp(
  async (app: FastifyInstance, opts: SessionOptions) => {
    const store = new SqliteSessionStore(opts.db, LIFETIME_MS);
    await app.register(fastifyCookie);
    await app.register(fastifySession, {
      secret: opts.secrets,
      cookieName: 'conduit_session',
      store,
      saveUninitialized: false,
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, path: '/', maxAge: LIFETIME_MS },
    });
    store.purgeExpired();
    const timer = setInterval(() => store.purgeExpired(), PURGE_EVERY_MS).unref();
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'session' },
);
