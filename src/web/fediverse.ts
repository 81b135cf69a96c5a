import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { blockDomain, listDomainBlocks, unblockDomain } from '../domain/federation/domain-blocks.js';
import { ownFollowers, removeOwnFollower } from '../domain/federation/own-followers.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { bodyField, text, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';

/**
 * The fediverse in settings and moderation (docs/decisions/0051, 0052): an
 * author's fediverse followers, each removable, and the moderators' list of
 * blocked domains. Both work with FEDERATION=off: the settings page says so
 * and lists nothing; blocks are kept for when it is on again.
 */
export async function fediversePages(app: FastifyInstance, { services, config }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };
  const federating = config.federation !== null && config.publicUrl !== null;

  app.get('/settings/fediverse', { config: signedIn }, async (request, reply) => {
    const user = request.user!;
    const followers = federating ? await ownFollowers(services.db, user.id) : [];
    const handle = federating ? `@${user.username}@${new URL(config.publicUrl!).host}` : null;
    return reply.render('fediverse-followers', { title: 'Fediverse followers', federating, handle, followers });
  });

  app.post('/settings/fediverse/followers/remove', { config: signedIn }, async (request, reply) => {
    const user = request.user!;
    const removed = await removeOwnFollower(services.db, user.id, text(bodyField(request, 'actor')));
    // Their server hears of it (a Reject of their Follow), through the federation's queue.
    await services.followerRemoved?.(user.username, removed).catch((error: unknown) => {
      request.log.warn({ err: error, follower: removed.actorId }, 'the removal of a follower could not be sent to their server');
    });
    return reply.redirect('/settings/fediverse', 303);
  });

  const renderBlocks = async (request: FastifyRequest, reply: FastifyReply, form?: { errors: string[]; domain: string; note: string }) =>
    reply.render('domain-blocks', {
      title: 'Blocked domains',
      blocks: await listDomainBlocks(services.db, request.user!),
      errors: form?.errors,
      values: { domain: form?.domain ?? '', note: form?.note ?? '' },
      federating,
    });

  app.get('/moderation/domains', { config: signedIn }, (request, reply) => renderBlocks(request, reply));

  for (const [action, act] of [
    ['block', blockDomain],
    ['unblock', unblockDomain],
  ] as const) {
    app.post(`/moderation/domains/${action}`, { config: signedIn }, async (request, reply) => {
      const input = { domain: text(bodyField(request, 'domain')), note: text(bodyField(request, 'note')) };
      try {
        await act(services, request.user!, input);
      } catch (error) {
        const errors = formMessages(error);
        if (!errors) throw error;
        return renderBlocks(request, formFailureStatus(reply, error), { errors, ...input });
      }
      return reply.redirect('/moderation/domains', 303);
    });
  }
}
