import type { FastifyInstance, FastifyRequest } from 'fastify';
import { favoriteArticle, unfavoriteArticle } from '../domain/publishing/articles.js';
import { followUser, unfollowUser } from '../domain/publishing/profiles.js';
import { followTag, unfollowTag } from '../domain/publishing/followed-tags.js';
import { backTo, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';

type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;
type UserRequest = FastifyRequest<{ Params: { username: string } }>;
type TagRequest = FastifyRequest<{ Params: { tag: string } }>;

/** Favorite and follow buttons (authors and tags): small POST forms that go back to the page they came from. */
export async function actionRoutes(app: FastifyInstance, { services }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };

  app.post('/article/:slug/favorite', { config: signedIn }, async (request: SlugRequest, reply) => {
    await favoriteArticle(services, request.user!.id, request.params.slug);
    return reply.redirect(backTo(request, `/article/${encodeURIComponent(request.params.slug)}`), 303);
  });

  app.post('/article/:slug/unfavorite', { config: signedIn }, async (request: SlugRequest, reply) => {
    await unfavoriteArticle(services, request.user!.id, request.params.slug);
    return reply.redirect(backTo(request, `/article/${encodeURIComponent(request.params.slug)}`), 303);
  });

  app.post('/profile/:username/follow', { config: signedIn }, async (request: UserRequest, reply) => {
    if (request.params.username.toLowerCase() === request.user!.username.toLowerCase()) {
      return reply.code(422).render('errors/error', { title: 'Not possible', status: 422, message: "You can't follow yourself." });
    }
    await followUser(services, request.user!.id, request.params.username);
    return reply.redirect(backTo(request, `/profile/${encodeURIComponent(request.params.username)}`), 303);
  });

  app.post('/profile/:username/unfollow', { config: signedIn }, async (request: UserRequest, reply) => {
    await unfollowUser(services, request.user!.id, request.params.username);
    return reply.redirect(backTo(request, `/profile/${encodeURIComponent(request.params.username)}`), 303);
  });

  app.post('/tag/:tag/follow', { config: signedIn }, async (request: TagRequest, reply) => {
    await followTag(services, request.user!.id, request.params.tag);
    return reply.redirect(backTo(request, `/tag/${encodeURIComponent(request.params.tag)}`), 303);
  });

  app.post('/tag/:tag/unfollow', { config: signedIn }, async (request: TagRequest, reply) => {
    await unfollowTag(services, request.user!.id, request.params.tag);
    return reply.redirect(backTo(request, `/tag/${encodeURIComponent(request.params.tag)}`), 303);
  });
}
