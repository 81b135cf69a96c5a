import type { FastifyInstance } from 'fastify';
import { actionRoutes } from './actions.js';
import { articlePages } from './article.js';
import { fediverseReplyPages } from './fediverse-replies.js';
import { editorPages } from './editor.js';
import { homePages } from './home.js';
import type { WebOptions } from './index.js';
import { profilePages } from './profile.js';
import { searchPages } from './search.js';

/** Home, articles, editor, profiles and search. */
export async function sitePages(app: FastifyInstance, opts: WebOptions) {
  await app.register(homePages, opts);
  await app.register(articlePages, opts);
  await app.register(fediverseReplyPages, opts);
  await app.register(editorPages, opts);
  await app.register(profilePages, opts);
  await app.register(searchPages, opts);
  await app.register(actionRoutes, opts);
}
