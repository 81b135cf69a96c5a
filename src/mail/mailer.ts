import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Mail, Mailer } from '../domain/mail.js';
import { noMailer } from '../domain/mail.js';
import type { RenderedMail } from './templates.js';

export type MailDelivery = { kind: 'smtp'; url: string } | { kind: 'outbox'; dir: string } | { kind: 'none' };

export interface MailerOptions {
  delivery: MailDelivery;
  from: string;
  render: (mail: Mail) => RenderedMail;
  /** Where a mail that could not be handed over is reported: Fastify's logger, or a command's. */
  log: { error(fields: object, message: string): void };
}

/**
 * Mail through nodemailer: to an SMTP server (SMTP_URL), or in development
 * without one, into an outbox folder as .eml files (listed at /dev/outbox).
 */
export function createMailer({ delivery, from, render, log }: MailerOptions): Mailer {
  if (delivery.kind === 'none') return noMailer;
  const transport: Transporter =
    delivery.kind === 'smtp'
      ? nodemailer.createTransport(delivery.url)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const inFlight = new Set<Promise<void>>();

  async function deliver(mail: Mail): Promise<void> {
    const message = render(mail);
    // RFC 8058: a mail client may offer "unsubscribe" and POST `List-Unsubscribe=One-Click` to the link itself.
    const headers = mail.unsubscribeUrl
      ? { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : undefined;
    const info = await transport.sendMail({ from, to: mail.to, ...message, ...(mail.subject && { subject: mail.subject }), ...(headers && { headers }) });
    if (delivery.kind === 'outbox') {
      mkdirSync(delivery.dir, { recursive: true });
      // Sortable by time; the template names what it is; the random part keeps two in one millisecond apart.
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.template}-${randomBytes(3).toString('hex')}.eml`;
      writeFileSync(join(delivery.dir, name), info.message as Buffer);
    }
  }

  return {
    canSend: true,
    send(mail) {
      // Rendering and handing over start after the request has answered: a real account costs it no extra time.
      const sending = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => deliver(mail))
        // The address is personal data: the log names the template only.
        .catch((err: unknown) => log.error({ err, template: mail.template }, 'mail not sent'))
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    },
    async settled() {
      await Promise.all(inFlight);
    },
  };
}
