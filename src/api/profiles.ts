import type { FastifyInstance } from 'fastify';
import { followUser, getProfile, unfollowUser } from '../domain/publishing/profiles.js';
import { signedIn, viewerId } from './auth.js';
import type { ApiContext } from './index.js';
import { presentProfile } from './presenters.js';

type ByUsername = { Params: { username: string } };

export async function profileRoutes(app: FastifyInstance, { services, auth }: ApiContext) {
  const { db } = services;
  app.get<ByUsername>('/profiles/:username', { onRequest: auth.optional, config: { publicCache: true } }, async (request) =>
    presentProfile(await getProfile(db, request.params.username, viewerId(request))),
  );

  app.post<ByUsername>('/profiles/:username/follow', { onRequest: auth.required }, async (request) =>
    presentProfile(await followUser(services, signedIn(request).user.id, request.params.username)),
  );

  app.delete<ByUsername>('/profiles/:username/follow', { onRequest: auth.required }, async (request) =>
    presentProfile(await unfollowUser(services, signedIn(request).user.id, request.params.username)),
  );
}
