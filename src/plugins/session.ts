import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SIGN_IN_LIFETIME_MS } from '../domain/accounts/credential-lifetimes.js';
import type { Services } from '../services.js';
import { DatabaseSessionStore } from './session-store.js';

declare module 'fastify' {
  interface Session {
    userId?: number;
    /** When the user signed in on this session (epoch ms): starts the re-authentication window. */
    signedInAt?: number;
    /** The browser and address that signed in, for the sessions page. */
    userAgent?: string;
    address?: string;
    /** A sign-in waiting for its second factor: the password was right at `at`. */
    pendingSignIn?: { userId: number; at: number };
    /** A two-factor key being set up, shown to the user until they confirm it with a code. */
    twoFactorSetup?: { secret: string; at: number };
    /** Where to go after signing in: a same-site path, checked when stored. */
    returnTo?: string;
    _csrf?: string;
  }
}

/** The cookie's name over http (development); over https it is `__Host-` + this. */
export const SESSION_COOKIE = 'conduit_session';
const HOST_COOKIE = `__Host-${SESSION_COOKIE}`;

export interface SessionOptions {
  services: Services;
  secrets: string[];
  secure: boolean | 'auto';
}

/**
 * Cookie sessions stored in the database. Anonymous readers get no session
 * row (saveUninitialized: false), and an unchanged session is not re-written
 * on every response (rolling: false).
 */
export const sessionPlugin = fp(
  async (app: FastifyInstance, opts: SessionOptions) => {
    const { services } = opts;
    const store = new DatabaseSessionStore(services.db, { now: services.now, idleMs: services.idleMs, lifetimeMs: SIGN_IN_LIFETIME_MS });
    await app.register(fastifyCookie);
    if (opts.secure !== false) hostPrefixOverHttps(app);
    await app.register(fastifySession, {
      secret: opts.secrets,
      cookieName: SESSION_COOKIE,
      store,
      saveUninitialized: false,
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, path: '/', maxAge: SIGN_IN_LIFETIME_MS },
    });
    if (opts.secure !== false) app.addHook('onSend', renameSetCookie);
    // Ended sessions, tokens and reset links are deleted hourly by a job (src/jobs/catalog.ts).
  },
  { name: 'session' },
);

/**
 * Whenever the cookie is Secure (every https request) it is named
 * `__Host-…`, which browsers accept only from this exact host, over https,
 * for path / (ASVS V3.3.1): a neighbouring subdomain or a plain-http page
 * cannot plant or overwrite it. @fastify/session knows one name, so the
 * name is translated on the way in, here, and on the way out, below.
 */
function hostPrefixOverHttps(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.protocol === 'https') {
      const cookies = request.cookies;
      // A plain-named cookie over https is not ours to trust.
      if (cookies[HOST_COOKIE] !== undefined) cookies[SESSION_COOKIE] = cookies[HOST_COOKIE];
      else delete cookies[SESSION_COOKIE];
    }
    done();
  });
}

function renameSetCookie(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) {
  if (request.protocol === 'https') {
    const header = reply.getHeader('set-cookie');
    const rename = (cookie: string) => (cookie.startsWith(`${SESSION_COOKIE}=`) ? `__Host-${cookie}` : cookie);
    // Removed first: Fastify appends Set-Cookie values rather than replacing them.
    if (typeof header === 'string') reply.removeHeader('set-cookie').header('set-cookie', rename(header));
    else if (Array.isArray(header)) reply.removeHeader('set-cookie').header('set-cookie', header.map(rename));
  }
  done(null, payload);
}
