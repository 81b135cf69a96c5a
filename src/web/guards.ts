import type { FastifyReply, FastifyRequest } from 'fastify';
import { refererPath, safePath } from './safe-redirect.js';

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges PageAccess into route config
  interface FastifyContextConfig extends PageAccess {}
}

/** Per-route page access, set in route `config`. */
export interface PageAccess {
  /** Only for signed-in users: others go to /login and come back after. */
  signedIn?: boolean;
  /** Only for signed-out users (sign in, sign up): others go home. */
  signedOut?: boolean;
  /**
   * A POST authorised by a signature in its own URL, not by a session: it
   * takes no CSRF token (a mail client's one-click unsubscribe cannot send one).
   */
  signedLink?: boolean;
}

/** Sends a signed-out visitor to exactly /login, remembering (server-side) where to return. */
export function sendToLogin(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const returnTo =
    request.method === 'GET'
      ? safePath(request.url)
      : safePath(bodyField(request, 'returnTo'), refererPath(request.headers.referer, request.headers.host));
  request.session.returnTo = returnTo;
  return reply.redirect('/login', 303);
}

/** Where a POST form goes back to: its `returnTo` field if same-site, else the Referer, else `fallback`. */
export function backTo(request: FastifyRequest, fallback: string): string {
  return safePath(bodyField(request, 'returnTo'), refererPath(request.headers.referer, request.headers.host, fallback));
}

export function bodyField(request: FastifyRequest, name: string): unknown {
  const body = request.body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

/** A form field as text: anything else (absent, repeated, a number) reads as "". */
export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
