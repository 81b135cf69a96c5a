import type { Config } from '../config.js';
import type { Mailer } from '../domain/mail.js';
import { createMailer, type MailerOptions } from './mailer.js';
import { mailRenderer } from './templates.js';

/** The mailer the config describes: the server's, and `npm run jobs -- run-due`'s, so both send the same mail. */
export function siteMailer(config: Pick<Config, 'mail' | 'mailFrom' | 'publicUrl'>, log: MailerOptions['log']): Mailer {
  return createMailer({ delivery: config.mail, from: config.mailFrom, render: mailRenderer(config.publicUrl), log });
}
