import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getProfile } from '../domain/publishing/profiles.js';
import { newestArticles, type NumberedArticle } from '../domain/publishing/newest-articles.js';
import { atomFeed, ATOM_TYPE, feedUpdated, type FeedSubject } from './atom-feed.js';
import { paths, type PublicAddress } from './public-address.js';
import type { Services } from '../services.js';

/** Entries per feed: what readers poll for, not an archive. */
export const FEED_SIZE = 20;

/**
 * Atom feeds of the whole site, of each author and of each tag. They are
 * public responses like the pages (`publicCache`): kept until a write they
 * show moves, with an ETag and a Last-Modified for conditional GETs
 * (src/plugins/public-response-cache.ts). Registered only when PUBLIC_URL is
 * known, as every link in a feed is absolute.
 */
export async function feedRoutes(app: FastifyInstance, { services, address }: { services: Services; address: PublicAddress }) {
  const { db } = services;
  const publicCache = { publicCache: true };

  function send(reply: FastifyReply, subject: FeedSubject, articles: NumberedArticle[]) {
    // Seconds are all HTTP dates hold; If-Modified-Since is compared at that grain.
    return reply.type(ATOM_TYPE).header('last-modified', new Date(feedUpdated(articles)).toUTCString()).send(atomFeed(address, subject, articles));
  }

  app.get('/feed.atom', { config: publicCache }, async (_request, reply) =>
    send(
      reply,
      { title: 'Conduit', subtitle: 'The newest articles on Conduit', pagePath: '/', feedPath: paths.siteFeed },
      await newestArticles(db, {}, FEED_SIZE),
    ),
  );

  app.get('/profile/:username/feed.atom', { config: publicCache }, async (request: FastifyRequest<{ Params: { username: string } }>, reply) => {
    // Links name the author as they spell themselves, whatever case the URL used.
    const { username } = await getProfile(db, request.params.username);
    return send(
      reply,
      { title: `${username} — Conduit`, subtitle: `The newest articles by ${username}`, pagePath: paths.profile(username), feedPath: paths.authorFeed(username) },
      await newestArticles(db, { author: username }, FEED_SIZE),
    );
  });

  app.get('/tag/:tag/feed.atom', { config: publicCache }, async (request: FastifyRequest<{ Params: { tag: string } }>, reply) => {
    const { tag } = request.params;
    const articles = await newestArticles(db, { tag }, FEED_SIZE);
    return send(reply, { title: `#${tag} — Conduit`, subtitle: `The newest articles tagged ${tag}`, pagePath: paths.tag(tag), feedPath: paths.tagFeed(tag) }, articles);
  });
}
