import type { FastifyRequest } from 'fastify';
import { needsPassword, type Reauthentication } from '../domain/accounts/reauthentication.js';
import { hasTwoFactor } from '../domain/accounts/two-factor-verification.js';
import type { Services } from '../services.js';
import { bodyField, text } from './guards.js';

/** This browser's side of a re-authentication: when it signed in, from where, and the form's code if any. */
export function reauthOf(request: FastifyRequest): Omit<Reauthentication, 'currentPassword'> {
  return { signedInAt: request.session.signedInAt ?? null, address: request.ip, code: text(bodyField(request, 'code')) };
}

/** What a form with a sensitive change should ask for now: the password after 10 minutes, and a code with 2FA on. */
export async function reauthFields(request: FastifyRequest, services: Services, force = false): Promise<{ askPassword: boolean; askCode: boolean }> {
  const askPassword = force || needsPassword(request.session.signedInAt ?? null, services.now());
  return { askPassword, askCode: askPassword && request.user !== null && (await hasTwoFactor(services.db, request.user.id)) };
}
