/** What the domain mails; the templates are views/emails/<template>.{text,html}.eta. */
export type MailTemplate =
  | 'password-reset'
  | 'password-changed'
  | 'email-changed'
  | 'two-factor-enabled'
  | 'two-factor-disabled'
  // Instant mail and digests alike: lines about notifications; a digest names itself in the subject.
  | 'notifications';

export interface Mail {
  to: string;
  template: MailTemplate;
  data: Record<string, unknown>;
  /** A mail someone can stop: the signed link that does, sent as RFC 8058 one-click unsubscribe. */
  unsubscribeUrl?: string;
  /** Replaces the template's fixed subject (a digest names its period). */
  subject?: string;
}

/**
 * Outgoing mail, as the domain sees it. Sending happens in the background:
 * a request never waits on an SMTP server, so answering "we sent a link"
 * takes as long whether or not there was anyone to send it to.
 */
export interface Mailer {
  /** Whether mail goes anywhere: an SMTP server, or in development the outbox. */
  readonly canSend: boolean;
  /** Queues a message; failures are logged, never thrown. */
  send(mail: Mail): void;
  /** Resolves once every queued message has been handed over (or failed). */
  settled(): Promise<void>;
}

/** A mailer that sends nothing: production without SMTP_URL. */
export const noMailer: Mailer = { canSend: false, send: () => {}, settled: async () => {} };
