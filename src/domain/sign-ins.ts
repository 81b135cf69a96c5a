import { createHash } from 'node:crypto';
import { and, desc, eq, gt, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { apiTokens, sessions } from '../db/schema.js';
import { NotFoundError } from './errors.js';
import { reauthenticate, type Reauthentication } from './reauthentication.js';
import type { SignInDeps } from './sign-in.js';
import type { KeepCredential, User } from './users.js';

/**
 * Everywhere a user is signed in: browser sessions and API tokens. Each is
 * named on the page by a handle, a digest of its secret, so the page never
 * shows a usable session id or token (not even to its owner).
 */
export interface SignedInBrowser {
  handle: string;
  signedInAt: number | null;
  lastUsedAt: number;
  userAgent: string | null;
  address: string | null;
  current: boolean;
}

export interface SignedInToken {
  handle: string;
  createdAt: number;
  lastUsedAt: number;
  current: boolean;
}

export interface SignIns {
  browsers: SignedInBrowser[];
  tokens: SignedInToken[];
}

export interface SignInDepsWithIdle extends SignInDeps {
  idleMs: number;
}

const handleOf = (secret: string) => createHash('sha256').update(`handle:${secret}`).digest('base64url').slice(0, 22);

/** The user's live sessions and tokens, secrets included: never leaves this file. */
function liveSignIns(deps: SignInDepsWithIdle, userId: number) {
  const now = deps.now();
  const idleSince = now - deps.idleMs;
  const browsers = deps.db
    .select({
      sid: sessions.sid,
      signedInAt: sessions.signedInAt,
      lastUsedAt: sessions.lastUsedAt,
      userAgent: sessions.userAgent,
      address: sessions.address,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now), gt(sessions.lastUsedAt, idleSince)))
    .orderBy(desc(sessions.lastUsedAt), desc(sessions.signedInAt))
    .all();
  const tokens = deps.db
    .select({ tokenHash: apiTokens.tokenHash, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), gt(apiTokens.expiresAt, now), gt(apiTokens.lastUsedAt, idleSince)))
    .orderBy(desc(apiTokens.lastUsedAt), desc(apiTokens.createdAt))
    .all();
  return { browsers, tokens };
}

/** The user's live sessions and tokens, most recently used first, the asking one marked `current`. */
export function listSignIns(deps: SignInDepsWithIdle, userId: number, current: KeepCredential): SignIns {
  const { browsers, tokens } = liveSignIns(deps, userId);
  return {
    browsers: browsers.map(({ sid, ...row }) => ({ ...row, handle: handleOf(sid), current: sid === current.sessionId })),
    tokens: tokens.map(({ tokenHash, ...row }) => ({ ...row, handle: handleOf(tokenHash), current: tokenHash === current.tokenHash })),
  };
}

export interface EndContext {
  /** The session or token asking: it is never ended here (signing out does that). */
  keep: KeepCredential;
  reauth: Reauthentication;
}

/** Ends one of the user's other sessions or tokens, after re-authentication. NotFoundError for any other handle. */
export async function endSignIn(deps: SignInDepsWithIdle, user: User, handle: string, context: EndContext): Promise<void> {
  const { browsers, tokens } = liveSignIns(deps, user.id);
  const { keep } = context;
  // Looked up among this user's own rows only: nobody can end another user's sessions.
  const browser = browsers.find((b) => handleOf(b.sid) === handle && b.sid !== keep.sessionId);
  const token = tokens.find((t) => handleOf(t.tokenHash) === handle && t.tokenHash !== keep.tokenHash);
  if (!browser && !token) throw new NotFoundError('session');
  await reauthenticate(deps, user, context.reauth, 'to end other sessions');
  if (browser) deps.db.delete(sessions).where(and(eq(sessions.userId, user.id), eq(sessions.sid, browser.sid))).run();
  if (token) deps.db.delete(apiTokens).where(and(eq(apiTokens.userId, user.id), eq(apiTokens.tokenHash, token.tokenHash))).run();
}

/** Ends every session and token of the user but the one asking, after re-authentication. Returns how many ended. */
export async function endOtherSignIns(deps: SignInDepsWithIdle, user: User, context: EndContext): Promise<number> {
  await reauthenticate(deps, user, context.reauth, 'to end other sessions');
  return deps.db.transaction((tx) => endAllSignIns(tx, user.id, context.keep));
}

/**
 * Ends every session and token of a user except `keep`: after a password
 * change or reset, or when asked. Takes a transaction, so it commits with the
 * change that calls for it.
 */
export function endAllSignIns(db: Pick<Db, 'delete'>, userId: number, keep: KeepCredential = {}): number {
  const browsers = db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keep.sessionId ? ne(sessions.sid, keep.sessionId) : undefined))
    .run().changes;
  const tokens = db
    .delete(apiTokens)
    .where(and(eq(apiTokens.userId, userId), keep.tokenHash ? ne(apiTokens.tokenHash, keep.tokenHash) : undefined))
    .run().changes;
  return browsers + tokens;
}

/** Deletes sessions and tokens past their lifetime or idle too long. Run on a schedule. */
export function purgeEndedSignIns(db: Db, now: number, idleMs: number): { sessions: number; tokens: number } {
  const idleSince = now - idleMs;
  return {
    sessions: db
      .delete(sessions)
      .where(or(lt(sessions.expiresAt, now), lt(sessions.lastUsedAt, idleSince)))
      .run().changes,
    tokens: db
      .delete(apiTokens)
      .where(or(lt(apiTokens.expiresAt, now), lt(apiTokens.lastUsedAt, idleSince)))
      .run().changes,
  };
}
