import './node20.js';
import type { Federation } from '@fedify/fedify';
import { Delete, PUBLIC_COLLECTION, Tombstone, Update, type Create } from '@fedify/vocab';
import { federatedAmong, type FederateArticleChange } from '../domain/federation/article-changes.js';
import { articleToFederate } from '../domain/federation/publication-delivery.js';
import { hasRemoteFollowers } from '../domain/federation/remote-followers.js';
import type { Db } from '../db/database.js';
import { articleObjectUri } from './paths.js';
import { articleObject, createOf } from './publication.js';

// The fediverse told of a change to articles it may have: run by the
// federate-article-change job (src/domain/federation/article-changes.ts). The
// state is read now, not when the job was written: a Delete is sent only for
// an article the fediverse may no longer have, a Create or Update only for
// one it may, so a hiding undone before its job ran sends nothing stale.
// Like the first Create, each is one queued fan-out, one delivery per server.

export async function federateArticleChange(federation: Federation<void>, db: Db, origin: string, change: FederateArticleChange, now: number): Promise<void> {
  // Nobody to tell any more (unfollowed, dropped, or the account deleted since, its followers with it).
  if (!(await hasRemoteFollowers(db, change.authorId))) return;
  const ctx = federation.createContext(new URL(origin));
  const actor = ctx.getActorUri(change.username);
  const audience = { to: PUBLIC_COLLECTION, ccs: [ctx.getFollowersUri(change.username)] };
  const send = (activity: Create | Update | Delete) =>
    ctx.sendActivity({ identifier: change.username }, 'followers', activity, { preferSharedInbox: true, fanout: 'force' });
  const federated = await federatedAmong(db, change.articleIds, now);
  for (const articleId of change.articleIds) {
    const id = articleObjectUri(origin, articleId);
    if (change.kind === 'delete') {
      if (federated.has(articleId)) continue;
      // The row may be gone: the Tombstone needs only the id.
      await send(new Delete({ id: new URL(`${id.href}#delete/${now}`), actor, object: new Tombstone({ id }), ...audience }));
      continue;
    }
    if (!federated.has(articleId)) continue;
    const found = await articleToFederate(db, articleId);
    if (!found) continue;
    const object = articleObject(origin, articleId, found.article);
    // Ids that differ per event: a receiver drops a repeated activity id, and this one is news.
    if (change.kind === 'update') await send(new Update({ id: new URL(`${id.href}#update/${found.article.updatedAt}`), actor, object, ...audience, updated: object.updated }));
    else await send(createOf(ctx, change.username, object, new URL(`${id.href}#create/${now}`)));
  }
}
