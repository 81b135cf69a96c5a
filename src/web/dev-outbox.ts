import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { renderNotFound } from './errors.js';

type NameRequest = FastifyRequest<{ Params: { name: string } }>;

// Only names the outbox itself writes: no path can leave the folder.
const MESSAGE_NAME = /^[\w-]+\.eml$/;

/** The first value of a header in a raw message (our own, ASCII subjects and addresses). */
const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw.split(/\r?\n\r?\n/, 1)[0] ?? '')?.[1] ?? '';

/**
 * /dev/outbox: the mail development wrote to data/outbox/ instead of sending,
 * newest first; each message opens as plain text, links and all. Registered
 * only outside production.
 */
export async function devOutboxPages(app: FastifyInstance, { dir }: { dir: string }) {
  app.get('/dev/outbox', async (_request, reply) => {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => MESSAGE_NAME.test(n)).sort().reverse();
    const messages = await Promise.all(
      names.map(async (name) => {
        const raw = await readFile(join(dir, name), 'utf8');
        return { name, to: header(raw, 'To'), subject: header(raw, 'Subject'), date: header(raw, 'Date') };
      }),
    );
    return reply.render('dev-outbox', { title: 'Outbox', messages, dir });
  });

  app.get('/dev/outbox/:name', async (request: NameRequest, reply) => {
    const { name } = request.params;
    if (!MESSAGE_NAME.test(name)) return renderNotFound(reply, 'message');
    const raw = await readFile(join(dir, name), 'utf8').catch(() => null);
    if (raw === null) return renderNotFound(reply, 'message');
    return reply.type('text/plain; charset=utf-8').send(raw);
  });
}
