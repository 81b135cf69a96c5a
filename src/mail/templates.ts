import { resolve } from 'node:path';
import { Eta } from 'eta';
import type { Mail, MailTemplate } from '../domain/mail.js';
import { SITE_NAME } from '../domain/accounts/password-rules.js';

const emailsDir = resolve(import.meta.dirname, '../../views/emails');

const subjects: Record<MailTemplate, string> = {
  'password-reset': `Reset your ${SITE_NAME} password`,
  'password-changed': `Your ${SITE_NAME} password was changed`,
  'email-changed': `The email of your ${SITE_NAME} account was changed`,
  'two-factor-enabled': `Two-factor authentication is on for your ${SITE_NAME} account`,
  'two-factor-disabled': `Two-factor authentication is off for your ${SITE_NAME} account`,
  notifications: `New on ${SITE_NAME}`,
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Every message has a plain-text and an HTML part, from views/emails/<template>.text.eta and .html.eta. */
export function mailRenderer(siteUrl: string | null) {
  // Text parts are not HTML: only the HTML templates escape. Their line breaks are kept as written.
  const text = new Eta({ views: emailsDir, autoEscape: false, autoTrim: false, cache: true });
  const html = new Eta({ views: emailsDir, autoEscape: true, cache: true });
  return (mail: Mail): RenderedMail => {
    const data = { ...mail.data, siteName: SITE_NAME, siteUrl, unsubscribeUrl: mail.unsubscribeUrl };
    return {
      subject: subjects[mail.template],
      text: text.render(`./${mail.template}.text.eta`, data),
      html: html.render(`./${mail.template}.html.eta`, data),
    };
  };
}
