import type { FastifyRequest } from 'fastify';
import { needsPassword, type Reauthentication } from '../domain/reauthentication.js';
import type { Services } from '../services.js';

/** This browser's side of a re-authentication: when it signed in, and from where. */
export function reauthOf(request: FastifyRequest): Omit<Reauthentication, 'currentPassword'> {
  return { signedInAt: request.session.signedInAt ?? null, address: request.ip };
}

/** Whether a form should ask for the current password: this session signed in over 10 minutes ago. */
export function asksForPassword(request: FastifyRequest, services: Services): boolean {
  return needsPassword(request.session.signedInAt ?? null, services.now());
}
