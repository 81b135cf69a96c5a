import type { FastifyInstance, FastifyRequest } from 'fastify';
import { blockUser, blocksAndMutes, muteUser, unblockUser, unmuteUser } from '../domain/personal-controls/blocks-and-mutes.js';
import type { Writer } from '../domain/clock.js';
import { backTo, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';

type UserRequest = FastifyRequest<{ Params: { username: string } }>;
type Control = (writer: Writer, viewerId: number, username: string) => Promise<unknown>;

/**
 * Block and mute (docs/decisions/0025): buttons on a profile, small POST
 * forms that go back where they came from, and the settings page that lists
 * both and undoes them.
 */
export async function personalControlPages(app: FastifyInstance, { services }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };

  const controls: Record<string, Control> = { block: blockUser, unblock: unblockUser, mute: muteUser, unmute: unmuteUser };
  for (const [action, control] of Object.entries(controls)) {
    app.post(`/profile/:username/${action}`, { config: signedIn }, async (request: UserRequest, reply) => {
      await control(services, request.user!.id, request.params.username);
      return reply.redirect(backTo(request, `/profile/${encodeURIComponent(request.params.username)}`), 303);
    });
  }

  app.get('/settings/blocked', { config: signedIn }, async (request, reply) => {
    const { blocked, muted } = await blocksAndMutes(services.db, request.user!.id);
    return reply.render('blocked-and-muted', { title: 'Blocked and muted', blocked, muted, returnTo: '/settings/blocked' });
  });
}
