import type { FastifyInstance } from 'fastify';
import { blockUser, blocksAndMutes, muteUser, unblockUser, unmuteUser } from '../domain/personal-controls/blocks-and-mutes.js';
import type { Writer } from '../domain/clock.js';
import { signedIn } from './auth.js';
import type { ApiContext } from './index.js';
import { presentControlledProfile, presentControlList } from './presenters.js';

type ByUsername = { Params: { username: string } };
type Control = (writer: Writer, viewerId: number, username: string) => ReturnType<typeof blockUser>;

/**
 * Block and mute (docs/decisions/0025), beside follow: POST turns one on,
 * DELETE turns it off, both answering the profile with `blocking` and
 * `muting`. The caller's own lists are under /user.
 */
export async function personalControlRoutes(app: FastifyInstance, { services, auth }: ApiContext) {
  const routes: Array<[string, Control, Control]> = [
    ['block', blockUser, unblockUser],
    ['mute', muteUser, unmuteUser],
  ];
  for (const [name, on, off] of routes) {
    app.post<ByUsername>(`/profiles/:username/${name}`, { onRequest: auth.required }, async (request) =>
      presentControlledProfile(await on(services, signedIn(request).user.id, request.params.username)),
    );
    app.delete<ByUsername>(`/profiles/:username/${name}`, { onRequest: auth.required }, async (request) =>
      presentControlledProfile(await off(services, signedIn(request).user.id, request.params.username)),
    );
  }

  for (const [path, list] of [['/user/blocks', 'blocked'], ['/user/mutes', 'muted']] as const) {
    app.get(path, { onRequest: auth.required }, async (request) => presentControlList((await blocksAndMutes(services.db, signedIn(request).user.id))[list]));
  }
}
