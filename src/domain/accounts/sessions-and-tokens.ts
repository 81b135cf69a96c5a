import { createHash } from 'node:crypto';
import { and, desc, eq, gt, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { rowsChanged } from '../../db/sql.js';
import { write, writeTransaction } from '../../db/write-transaction.js';
import { NotFoundError } from '../errors.js';
import { reauthenticate, type Reauthentication } from './reauthentication.js';
import type { SignInDeps } from './password-sign-in.js';
import type { User } from './users.js';

/**
 * Everywhere a user is signed in: browser sessions and API tokens. Each is
 * named on the page by a handle, a digest of its secret, so the page never
 * shows a usable session id or token (not even to its owner).
 */
/** What survives a password change: the session or token that made it. */
export interface KeepCredential {
  sessionId?: string;
  tokenHash?: string;
}

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
async function liveSignIns(deps: SignInDepsWithIdle, userId: number) {
  const { apiTokens, sessions } = deps.db.t;
  const now = deps.now();
  const idleSince = now - deps.idleMs;
  const browsers = await deps.db
    .select({
      sid: sessions.sid,
      signedInAt: sessions.signedInAt,
      lastUsedAt: sessions.lastUsedAt,
      userAgent: sessions.userAgent,
      address: sessions.address,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now), gt(sessions.lastUsedAt, idleSince)))
    .orderBy(desc(sessions.lastUsedAt), desc(sessions.signedInAt));
  const tokens = await deps.db
    .select({ tokenHash: apiTokens.tokenHash, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), gt(apiTokens.expiresAt, now), gt(apiTokens.lastUsedAt, idleSince)))
    .orderBy(desc(apiTokens.lastUsedAt), desc(apiTokens.createdAt));
  return { browsers, tokens };
}

/** The user's live sessions and tokens, most recently used first, the asking one marked `current`. */
export async function listSignIns(deps: SignInDepsWithIdle, userId: number, current: KeepCredential): Promise<SignIns> {
  const { browsers, tokens } = await liveSignIns(deps, userId);
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
  const { browsers, tokens } = await liveSignIns(deps, user.id);
  const { keep } = context;
  // Looked up among this user's own rows only: nobody can end another user's sessions.
  const browser = browsers.find((b) => handleOf(b.sid) === handle && b.sid !== keep.sessionId);
  const token = tokens.find((t) => handleOf(t.tokenHash) === handle && t.tokenHash !== keep.tokenHash);
  if (!browser && !token) throw new NotFoundError('session');
  await reauthenticate(deps, user, context.reauth, 'to end other sessions');
  await write(deps.db, async (tx) => {
    const { apiTokens, sessions } = tx.t;
    if (browser) await tx.delete(sessions).where(and(eq(sessions.userId, user.id), eq(sessions.sid, browser.sid)));
    if (token) await tx.delete(apiTokens).where(and(eq(apiTokens.userId, user.id), eq(apiTokens.tokenHash, token.tokenHash)));
  });
}

/** Ends every session and token of the user but the one asking, after re-authentication. Returns how many ended. */
export async function endOtherSignIns(deps: SignInDepsWithIdle, user: User, context: EndContext): Promise<number> {
  await reauthenticate(deps, user, context.reauth, 'to end other sessions');
  return endAllSignIns(deps.db, user.id, context.keep);
}

/**
 * Ends every session and token of a user except `keep`: after a password
 * change or reset, or when asked. Given a transaction's handle it joins that
 * transaction, so it commits with the change that calls for it.
 */
export const endAllSignIns = writeTransaction(async (tx, userId: number, keep: KeepCredential = {}): Promise<number> => {
  const { apiTokens, sessions } = tx.t;
  const browsers = rowsChanged(
    await tx.delete(sessions).where(and(eq(sessions.userId, userId), keep.sessionId ? ne(sessions.sid, keep.sessionId) : undefined)),
  );
  const tokens = rowsChanged(
    await tx.delete(apiTokens).where(and(eq(apiTokens.userId, userId), keep.tokenHash ? ne(apiTokens.tokenHash, keep.tokenHash) : undefined)),
  );
  return browsers + tokens;
});

/** Deletes sessions and tokens past their lifetime or idle too long. Run on a schedule. */
export function purgeEndedSignIns(db: Db, now: number, idleMs: number): Promise<{ sessions: number; tokens: number }> {
  const idleSince = now - idleMs;
  return write(db, async (tx) => {
    const { apiTokens, sessions } = tx.t;
    return {
      sessions: rowsChanged(await tx.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastUsedAt, idleSince)))),
      tokens: rowsChanged(await tx.delete(apiTokens).where(or(lt(apiTokens.expiresAt, now), lt(apiTokens.lastUsedAt, idleSince)))),
    };
  });
}
