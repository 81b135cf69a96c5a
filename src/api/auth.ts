import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { resolveToken } from '../domain/accounts/api-tokens.js';
import { findUserById, type User } from '../domain/accounts/users.js';
import type { Services } from '../services.js';
import { UnauthorizedError } from './errors.js';

/** Who a token says the caller is. Only the Authorization header sets it: cookies never authenticate API calls. */
export interface ApiAuth {
  user: User;
  token: string;
  /** Kept so a password change can revoke every token but this one. */
  tokenHash: string;
  /** When the token was issued: starts its re-authentication window. */
  signedInAt: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiAuth: ApiAuth | null;
  }
}

export interface AuthHooks {
  /** 401 unless a live token comes with the request. Runs on onRequest, before the body is read or anything is looked up. */
  required: onRequestHookHandler;
  /** Anonymous without a header; a header that is present must hold a live token (else 401). */
  optional: onRequestHookHandler;
}

const SCHEME = /^(?:Token|Bearer) +(\S+) *$/i;

/** The token in `Authorization: Token <t>` (or `Bearer <t>`); null when there is no header at all. */
export function tokenFrom(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') return null;
  const match = SCHEME.exec(header);
  if (!match?.[1]) throw new UnauthorizedError('is invalid');
  return match[1];
}

export function authHooks({ db, now, idleMs }: Services): AuthHooks {
  const authenticate = async (request: FastifyRequest, token: string) => {
    const resolved = await resolveToken(db, token, now(), idleMs);
    const user = resolved && (await findUserById(db, resolved.userId));
    if (!resolved || !user) throw new UnauthorizedError('is invalid');
    request.apiAuth = { user, token, tokenHash: resolved.tokenHash, signedInAt: resolved.createdAt };
  };
  return {
    async required(request) {
      const token = tokenFrom(request);
      if (token === null) throw new UnauthorizedError('is missing');
      await authenticate(request, token);
    },
    async optional(request) {
      const token = tokenFrom(request);
      if (token !== null) await authenticate(request, token);
    },
  };
}

/** The caller of a route guarded by `required`. */
export function signedIn(request: FastifyRequest): ApiAuth {
  if (!request.apiAuth) throw new UnauthorizedError('is missing');
  return request.apiAuth;
}

/** The caller's id on optional-auth routes, for `following` and `favorited`. */
export const viewerId = (request: FastifyRequest): number | undefined => request.apiAuth?.user.id;
