import './node20.js';
import type { Federation } from '@fedify/fedify';
import { Article as ArticleObject, type Create } from '@fedify/vocab';
import { findUserByUsername } from '../domain/accounts/users.js';
import { countFederatedArticlesOf, federatedAmong, federatedArticlesOf, type OutboxPosition } from '../domain/federation/article-changes.js';
import { articleToFederate } from '../domain/federation/publication-delivery.js';
import type { Services } from '../services.js';
import { paths } from './paths.js';
import { articleObject, createOf } from './publication.js';

// What the fediverse can fetch of an author's articles: each article at its
// id (/ap/articles/N), and the outbox, which pages through the author's
// articles as Create activities, newest first. Both list exactly what the
// deliveries send (src/domain/federation/article-changes.ts): published, not
// hidden, by an author not suspended; anything else is a 404.

/** Articles per page of an outbox. */
const OUTBOX_PAGE = 20;

/** A page's cursor is where the previous one ended: "<published ms>.<id>"; the first page's is empty. */
function positionOf(cursor: string): OutboxPosition | undefined | null {
  if (cursor === '') return undefined;
  const match = /^(\d{1,16})\.(\d{1,16})$/.exec(cursor);
  return match ? { createdAt: Number(match[1]), id: Number(match[2]) } : null;
}

export function serveArticleDocuments(federation: Federation<void>, services: Services, origin: string): void {
  const { db } = services;

  federation.setObjectDispatcher(ArticleObject, paths.article, async (_ctx, { id }) => {
    if (!/^[1-9][0-9]{0,15}$/.test(id)) return null;
    const articleId = Number(id);
    if (!(await federatedAmong(db, [articleId], services.now())).has(articleId)) return null;
    const found = await articleToFederate(db, articleId);
    return found ? articleObject(origin, articleId, found.article) : null;
  });

  const author = async (identifier: string) => {
    const user = await findUserByUsername(db, identifier);
    return user && user.username === identifier ? user : undefined;
  };

  federation
    .setOutboxDispatcher(paths.outbox, async (ctx, identifier, cursor) => {
      const user = await author(identifier);
      if (!user || cursor === null) return null;
      const after = positionOf(cursor);
      if (after === null) return null;
      const rows = await federatedArticlesOf(db, user.id, services.now(), OUTBOX_PAGE + 1, after);
      const page = rows.slice(0, OUTBOX_PAGE);
      const items: Create[] = [];
      for (const row of page) {
        const found = await articleToFederate(db, row.id);
        if (!found) continue;
        items.push(createOf(ctx, identifier, articleObject(origin, row.id, found.article)));
      }
      const last = page.at(-1);
      return { items, nextCursor: rows.length > OUTBOX_PAGE && last ? `${last.createdAt}.${last.id}` : null };
    })
    .setFirstCursor(async (_ctx, identifier) => ((await author(identifier)) ? '' : null))
    .setCounter(async (_ctx, identifier) => {
      const user = await author(identifier);
      return user ? countFederatedArticlesOf(db, user.id, services.now()) : null;
    });
}
