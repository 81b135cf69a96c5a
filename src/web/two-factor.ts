import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import {
  disableTwoFactor,
  enableTwoFactor,
  newTwoFactorSecret,
  otpauthUri,
  regenerateRecoveryCodes,
  twoFactorStatus,
} from '../domain/accounts/two-factor-enrolment.js';
import { passwordRouteLimit } from '../plugins/rate-limit-store.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { bodyField, text, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { reauthFields, reauthOf } from './reauth.js';

/** A key shown but not confirmed is replaced after this long. */
const SETUP_MS = 30 * 60 * 1000;

/** Two-factor authentication (TOTP) at /settings/security: set up, recovery codes, turn off. */
export async function twoFactorPages(app: FastifyInstance, { services, config }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };
  const rateLimit = passwordRouteLimit(config.authRateLimit);

  /** The key being set up: kept in the session until confirmed, so reloading shows the same QR code. */
  function setupSecret(request: FastifyRequest): string {
    const setup = request.session.twoFactorSetup;
    if (setup && services.now() - setup.at < SETUP_MS) return setup.secret;
    const secret = newTwoFactorSecret();
    request.session.twoFactorSetup = { secret, at: services.now() };
    return secret;
  }

  async function renderSecurity(request: FastifyRequest, reply: FastifyReply, errors?: string[], askPassword = false) {
    const user = request.user!;
    const status = await twoFactorStatus(services.db, user.id);
    let setup: { secret: string; qrSvg: string } | undefined;
    if (!status.enabled) {
      const secret = setupSecret(request);
      // An SVG drawn here, inline: no image service sees the key, and nothing in it runs or needs a style.
      const qrSvg = await QRCode.toString(otpauthUri(secret, user.username), { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
      setup = { secret: secret.replace(/(.{4})/g, '$1 ').trim(), qrSvg };
    }
    return reply.render('security', {
      title: 'Two-factor authentication',
      status,
      setup,
      ...(await reauthFields(request, services, askPassword)),
      errors,
    });
  }

  const renderCodes = (reply: FastifyReply, codes: string[], fresh: boolean) =>
    reply.render('recovery-codes', { title: 'Your recovery codes', codes, fresh });

  /** Re-renders the page with the failure's messages, or rethrows what is not a form failure. */
  function failed(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    const errors = formMessages(error);
    if (!errors) throw error;
    return renderSecurity(request, formFailureStatus(reply, error), errors, true);
  }

  app.get('/settings/security', { config: signedIn }, async (request, reply) => renderSecurity(request, reply));

  app.post('/settings/security/enable', { config: { ...signedIn, rateLimit } }, async (request, reply) => {
    const setup = request.session.twoFactorSetup;
    if (!setup) return reply.redirect('/settings/security', 303);
    try {
      const reauth = { ...reauthOf(request), currentPassword: text(bodyField(request, 'currentPassword')) };
      const codes = await enableTwoFactor(services, request.user!, setup.secret, text(bodyField(request, 'code')), reauth);
      request.session.twoFactorSetup = undefined;
      return renderCodes(reply, codes, true);
    } catch (error) {
      return failed(request, reply, error);
    }
  });

  app.post('/settings/security/recovery-codes', { config: { ...signedIn, rateLimit } }, async (request, reply) => {
    try {
      const reauth = { ...reauthOf(request), currentPassword: text(bodyField(request, 'currentPassword')) };
      return renderCodes(reply, await regenerateRecoveryCodes(services, request.user!, reauth), false);
    } catch (error) {
      return failed(request, reply, error);
    }
  });

  app.post('/settings/security/disable', { config: { ...signedIn, rateLimit } }, async (request, reply) => {
    try {
      const input = { password: text(bodyField(request, 'currentPassword')), code: text(bodyField(request, 'code')) };
      await disableTwoFactor(services, request.user!, input, request.ip);
      return reply.redirect('/settings/security', 303);
    } catch (error) {
      return failed(request, reply, error);
    }
  });
}
