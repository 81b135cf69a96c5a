import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the sink received it: the envelope-independent parts a test reads. */
export interface SinkMessage {
  /** The addresses of the To: header. */
  to: string[];
  subject: string;
  text: string;
  /** '' when the message has no HTML part. */
  html: string;
  /** Each header's value as sent (unfolded), by lower-case name: the first of a repeated one. */
  headers: Record<string, string>;
}

export interface SmtpSink {
  /** For SMTP_URL: smtp://127.0.0.1:PORT. */
  url: string;
  /** Every message so far, in the order they were accepted. */
  messages: SinkMessage[];
  /** The first matching message not already handed out by next(), waiting up to `timeoutMs` for it. */
  next(predicate: (message: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  close(): Promise<void>;
}

const addresses = (to: AddressObject | AddressObject[] | undefined) =>
  [to ?? []].flat().flatMap((group) => group.value.map((a) => a.address ?? '').filter(Boolean));

/**
 * A real SMTP server on 127.0.0.1 and a free port, for the app's nodemailer
 * transport to talk to: any sender, no login, plain text (no STARTTLS
 * offered, so the client does not try to upgrade). Each message is parsed
 * before the server answers 250, so once the client's send resolves, the
 * message is already in `messages`.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const handedOut = new Set<SinkMessage>();
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Clients the tests leave open must not hold up close().
    closeTimeout: 100,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          for (const { key, line } of parsed.headerLines) headers[key] ??= line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
          messages.push({ to: addresses(parsed.to), subject: parsed.subject ?? '', text: parsed.text ?? '', html: parsed.html || '', headers });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;

  function take(predicate: (message: SinkMessage) => boolean): SinkMessage | undefined {
    const found = messages.find((m) => !handedOut.has(m) && predicate(m));
    if (found) handedOut.add(found);
    return found;
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    next(predicate, timeoutMs = 5_000) {
      const found = take(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const wake = () => {
          const match = take(predicate);
          if (!match) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(match);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          const arrived = messages.map((m) => `  to ${m.to.join(', ')}: ${m.subject}`).join('\n') || '  (nothing)';
          reject(new Error(`no matching mail within ${timeoutMs} ms; arrived:\n${arrived}`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
