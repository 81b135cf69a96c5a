import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isTopic, topicLabel, unsubscribe, validUnsubscribe } from '../domain/notifications/unsubscribe-links.js';
import { renderNotFound } from './errors.js';
import type { WebOptions } from './index.js';

type LinkRequest = FastifyRequest<{ Params: { user: string; topic: string; sig: string } }>;

/**
 * The unsubscribe link of every notification mail (RFC 8058). It works
 * without signing in: GET asks to confirm with a button, POST turns that
 * mail off. The POST carries no CSRF token (a mail client's one-click POST
 * cannot), so the link's signature is its authority, and the route says so
 * in its config (`signedLink`).
 */
export async function unsubscribePages(app: FastifyInstance, { services, config }: WebOptions) {
  const secret = config.sessionSecrets[0] ?? '';
  // Mail clients send `List-Unsubscribe=One-Click` as either form encoding; the body says nothing the link does not.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, done) => done(null, {}));

  function checked(request: LinkRequest, reply: FastifyReply) {
    const { user, topic, sig } = request.params;
    const userId = Number(user);
    if (!/^\d+$/.test(user) || !Number.isSafeInteger(userId) || !isTopic(topic) || !validUnsubscribe(secret, userId, topic, sig)) {
      renderNotFound(reply, 'link');
      return undefined;
    }
    return { userId, topic, action: `/unsubscribe/${userId}/${topic}/${sig}` };
  }

  const signedLink = { signedLink: true };

  app.get('/unsubscribe/:user/:topic/:sig', { config: signedLink }, async (request: LinkRequest, reply) => {
    const link = checked(request, reply);
    if (!link) return reply;
    return reply.render('unsubscribe', { title: 'Unsubscribe', label: topicLabel(link.topic), action: link.action, done: false });
  });

  app.post('/unsubscribe/:user/:topic/:sig', { config: signedLink }, async (request: LinkRequest, reply) => {
    const link = checked(request, reply);
    if (!link) return reply;
    await unsubscribe(services.db, link.userId, link.topic);
    return reply.render('unsubscribe', { title: 'Unsubscribed', label: topicLabel(link.topic), action: link.action, done: true });
  });
}
