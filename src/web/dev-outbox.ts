import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AddressObject, ParsedMail } from 'mailparser';
import { renderNotFound } from './errors.js';

type NameRequest = FastifyRequest<{ Params: { name: string } }>;

// Only names the outbox itself writes: no path can leave the folder.
const MESSAGE_NAME = /^[\w-]+\.eml$/;

/** The headers a reader checks, in this order (List-Unsubscribe: RFC 8058 one-click). */
const SHOWN_HEADERS = ['from', 'to', 'subject', 'date', 'list-unsubscribe', 'list-unsubscribe-post'];

/**
 * A mail's HTML part as its own document: no script, nothing fetched but
 * images, links opening in a new tab (the frame is sandboxed, so a link
 * followed inside it would go nowhere), and only our outbox page may frame it.
 */
const HTML_PART_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox";

/** mailparser, loaded when the outbox is first read: a server that never opens it does not pay its start-up. */
const parse = async (raw: Buffer, options: Parameters<typeof import('mailparser').simpleParser>[1]) => (await import('mailparser')).simpleParser(raw, options);

const addresses = (value: AddressObject | AddressObject[] | undefined) => (Array.isArray(value) ? value.map((a) => a.text).join(', ') : (value?.text ?? ''));

function headerText(mail: ParsedMail, name: string): string {
  if (name === 'from' || name === 'to') return addresses(mail[name]);
  if (name === 'subject') return mail.subject ?? '';
  if (name === 'date') return mail.date?.toISOString() ?? '';
  // mailparser keeps other headers' raw lines too: List-Unsubscribe as sent, angle brackets included.
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  return line ? line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : '';
}

/**
 * /dev/outbox: the mail development wrote to data/outbox/ instead of sending,
 * newest first. Each message opens as a reader would see it: its headers,
 * its text part, and its HTML part in a sandboxed frame; the raw .eml is a
 * link away. MIME (quoted-printable, encoded words, multipart) is parsed by
 * mailparser, from the nodemailer project. Registered only outside production.
 */
export async function devOutboxPages(app: FastifyInstance, { dir }: { dir: string }) {
  async function parsed(request: NameRequest, reply: FastifyReply): Promise<{ name: string; raw: Buffer; mail: ParsedMail } | undefined> {
    const { name } = request.params;
    const raw = MESSAGE_NAME.test(name) ? await readFile(join(dir, name)).catch(() => null) : null;
    if (raw === null) {
      renderNotFound(reply, 'message');
      return undefined;
    }
    return { name, raw, mail: await parse(raw, { skipImageLinks: true, skipTextToHtml: true }) };
  }

  app.get('/dev/outbox', async (_request, reply) => {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => MESSAGE_NAME.test(n)).sort().reverse();
    const messages = await Promise.all(
      names.map(async (name) => {
        const mail = await parse(await readFile(join(dir, name)), { skipHtmlToText: true, skipImageLinks: true, skipTextToHtml: true });
        return { name, to: headerText(mail, 'to'), subject: mail.subject ?? '', date: headerText(mail, 'date') };
      }),
    );
    return reply.render('dev-outbox', { title: 'Outbox', messages, dir });
  });

  app.get('/dev/outbox/:name', async (request: NameRequest, reply) => {
    const message = await parsed(request, reply);
    if (!message) return reply;
    const { name, mail } = message;
    return reply.render('dev-outbox-message', {
      title: mail.subject || name,
      name,
      headers: SHOWN_HEADERS.map((h) => ({ name: h, value: headerText(mail, h) })).filter((h) => h.value !== ''),
      text: mail.text ?? '',
      hasHtml: typeof mail.html === 'string',
    });
  });

  app.get('/dev/outbox/:name/html', async (request: NameRequest, reply) => {
    const message = await parsed(request, reply);
    if (!message) return reply;
    if (typeof message.mail.html !== 'string') return renderNotFound(reply, 'HTML part');
    // Every link opens outside the frame.
    const html = `<base target="_blank">${message.mail.html}`;
    return reply.header('content-security-policy', HTML_PART_POLICY).header('x-frame-options', 'SAMEORIGIN').type('text/html; charset=utf-8').send(html);
  });

  app.get('/dev/outbox/:name/raw', async (request: NameRequest, reply) => {
    const message = await parsed(request, reply);
    if (!message) return reply;
    return reply.type('text/plain; charset=utf-8').header('content-disposition', `inline; filename="${message.name}"`).send(message.raw);
  });
}
