import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listArticles } from '../domain/publishing/articles.js';
import { getProfile } from '../domain/publishing/profiles.js';
import { controlsOn } from '../domain/personal-controls/blocks-and-mutes.js';
import { profileMeta } from './page-meta.js';
import { findUserById } from '../domain/accounts/users.js';
import { isModerator, may } from '../domain/moderation/permissions.js';
import { suspensionOf } from '../domain/moderation/suspension.js';
import type { WebOptions } from './index.js';
import { PAGE_SIZE, pageNumber, paginate } from './pagination.js';
import { safePath } from './safe-redirect.js';

type ProfileRequest = FastifyRequest<{ Params: { username: string }; Querystring: { page?: string } }>;

/** A user's page: their articles, or the ones they favorited. */
export async function profilePages(app: FastifyInstance, { services, address, config }: WebOptions) {
  const { db } = services;
  // The fediverse handle, `@username@host` (host of PUBLIC_URL, with its port if any), while federation is on.
  const handleHost = config.federation && config.publicUrl ? new URL(config.publicUrl).host : undefined;

  function handler(tab: 'articles' | 'favorites') {
    return async (request: ProfileRequest, reply: FastifyReply) => {
      const profile = await getProfile(db, request.params.username, request.user?.id);
      const page = pageNumber(request.query.page);
      const window = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
      const filter = tab === 'articles' ? { author: profile.username } : { favoritedBy: profile.username };
      const result = await listArticles(db, { ...filter, ...window }, request.user?.id);
      const base = `/profile/${encodeURIComponent(profile.username)}`;
      const isSelf = request.user?.id === profile.id;
      // Moderators get the suspension forms here; admins also the account's deletion.
      const moderator = isModerator(request.user) && request.user?.id !== profile.id;
      const target = moderator ? await findUserById(db, profile.id) : undefined;
      return reply.render('profile', {
        title: tab === 'articles' ? profile.username : `Articles favorited by ${profile.username}`,
        meta: profileMeta(address, profile, tab, page),
        profile,
        handle: handleHost && `@${profile.username}@${handleHost}`,
        tab,
        isSelf,
        // Block and Mute, for a signed-in reader on someone else's page: never on the pages kept for signed-out readers.
        controls: request.user && !isSelf ? await controlsOn(db, request.user.id, profile.id) : undefined,
        articles: result.articles,
        pagination: paginate(result.articlesCount, page),
        pageBase: tab === 'articles' ? base : `${base}/favorites`,
        pageQuery: {},
        profileBase: base,
        returnTo: safePath(request.url),
        moderator,
        admin: moderator && may(request.user, 'delete-account'),
        targetRole: target?.role,
        targetSuspension: target ? suspensionOf(target, services.now()) : null,
      });
    };
  }

  app.get('/profile/:username', { config: { publicCache: true } }, handler('articles'));
  app.get('/profile/:username/favorites', { config: { publicCache: true } }, handler('favorites'));
}
