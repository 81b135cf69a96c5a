import './node20.js';
import type { Context, InboxListenerSetters } from '@fedify/fedify';
import { Announce, Create, Delete, Like, Mention, Note, Update, isActor, type Activity, type Actor, type Object as APObject } from '@fedify/vocab';
import { articleIdForSlug } from '../domain/publishing/article-writes.js';
import { findRemoteActor, forgetRemoteActor, rememberRemoteActor, type RemoteActor } from '../domain/federation/remote-actors.js';
import { addRemoteReaction, articleOpenToFediverse, removeRemoteReaction, removeRemoteReactionByActivity, type RemoteReactionKind } from '../domain/federation/remote-reactions.js';
import { deleteRemoteReply, editRemoteReply, receiveRemoteReply } from '../domain/federation/remote-comments.js';
import { NotFoundError } from '../domain/errors.js';
import { findUserByUsername } from '../domain/accounts/users.js';
import { MAX_MENTIONS } from '../domain/notifications/mentions.js';
import type { Services } from '../services.js';
import { articleIdFromObjectUri, usernameFromActorUri } from './paths.js';

// What the fediverse does to our articles and with its own accounts: favorites
// (Like) and boosts (Announce), replies (Create, Update and Delete of a Note),
// an account deleting itself. Fedify has verified each activity's signature and
// that its signer is its actor (else 401); each listener also checks that the
// actor document it fetches is that actor, and that a Note is attributed to it.

export interface InboxInteractions {
  /** Adds the listeners to the inbox's chain (src/federation/federation.ts). */
  listen(inbox: InboxListenerSetters<void>): void;
  /** An Undo of anything but a Follow, which federation.ts handles itself. */
  undone(ctx: Context<void>, undo: Activity, object: APObject | null): Promise<void>;
}

export function inboxInteractions(services: Services, origin: string): InboxInteractions {
  const { db } = services;
  const pagePrefix = `${new URL(origin).origin}/article/`;

  /** The article a Like's object or a reply's inReplyTo names: its ActivityPub id, or its page. */
  async function articleNamed(uri: URL | null): Promise<{ id: number; authorId: number } | undefined> {
    if (uri === null) return undefined;
    let id = articleIdFromObjectUri(origin, uri);
    if (id === null && uri.href.startsWith(pagePrefix) && uri.search === '' && uri.hash === '') {
      try {
        id = await articleIdForSlug(db, decodeURIComponent(uri.href.slice(pagePrefix.length)));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    return id === null ? undefined : articleOpenToFediverse(db, id);
  }

  /** The activity's actor, fetched and refreshed, when it is who the signature says. */
  async function actorOf(ctx: Context<void>, activity: Activity): Promise<RemoteActor | undefined> {
    if (activity.actorId === null) return undefined;
    let actor: Actor | null = null;
    try {
      const fetched = await activity.getActor(ctx);
      actor = isActor(fetched) ? fetched : null;
    } catch {
      return undefined;
    }
    if (actor === null || actor.id?.href !== activity.actorId.href) return undefined;
    return remember(ctx, actor);
  }

  /** Stores what the actor says of itself, bounded (src/domain/federation/remote-actors.ts). */
  async function remember(ctx: Context<void>, actor: Actor): Promise<RemoteActor> {
    const icon = await actor.getIcon(ctx).catch(() => null);
    const iconUrl = icon?.url instanceof URL ? icon.url.href : (icon?.url?.href?.href ?? null);
    const profile = actor.url instanceof URL ? actor.url.href : (actor.url?.href?.href ?? null);
    return rememberRemoteActor(services, {
      uri: actor.id!.href,
      username: actor.preferredUsername?.toString() ?? null,
      name: actor.name?.toString() ?? null,
      avatarUrl: iconUrl,
      profileUrl: profile,
    });
  }

  async function reacted(ctx: Context<void>, activity: Like | Announce, kind: RemoteReactionKind) {
    const article = await articleNamed(activity.objectId);
    if (!article) return;
    const actor = await actorOf(ctx, activity);
    if (!actor) return;
    await addRemoteReaction(services, { articleId: article.id, actorId: actor.id, kind, activityId: activity.id?.href ?? null });
  }

  /** The Note, when it is one attributed to the activity's actor alone. */
  async function noteOf(ctx: Context<void>, activity: Create | Update): Promise<Note | undefined> {
    const object = await activity.getObject(ctx).catch(() => null);
    if (!(object instanceof Note) || object.id === null || activity.actorId === null) return undefined;
    const by = object.attributionIds;
    // A Note claiming another author than the account that sends it is refused.
    if (by.length !== 1 || by[0]!.href !== activity.actorId.href) return undefined;
    // A Note is served by its author's server: an id elsewhere would let one account's reply stand in for another's.
    if (object.id.origin !== activity.actorId.origin) return undefined;
    return object;
  }

  /** The local users the Note's Mention tags name by their actor id (at most MAX_MENTIONS), as Mastodon tags a mention. */
  async function mentionedUsers(ctx: Context<void>, note: Note): Promise<number[]> {
    const ids = new Set<number>();
    try {
      for await (const tag of note.getTags(ctx)) {
        if (!(tag instanceof Mention) || tag.href === null) continue;
        const username = usernameFromActorUri(origin, tag.href);
        const user = username === null ? undefined : await findUserByUsername(db, username);
        if (user) ids.add(user.id);
        if (ids.size === MAX_MENTIONS) break;
      }
    } catch {
      // A tag we could not read names nobody; the reply stays.
    }
    return [...ids];
  }

  const contentOf = (note: Note) => note.content?.toString() ?? '';
  const urlOf = (note: Note) => (note.url instanceof URL ? note.url.href : (note.url?.href?.href ?? null));

  return {
    listen(inbox) {
      inbox
        .on(Like, (ctx, like) => reacted(ctx, like, 'like'))
        .on(Announce, (ctx, announce) => reacted(ctx, announce, 'announce'))
        .on(Create, async (ctx, create) => {
          const note = await noteOf(ctx, create);
          if (!note) return;
          const article = await articleNamed(note.replyTargetId);
          if (!article) return;
          const actor = await actorOf(ctx, create);
          if (!actor) return;
          await receiveRemoteReply(services, {
            articleId: article.id,
            articleAuthorId: article.authorId,
            actorId: actor.id,
            noteUri: note.id!.href,
            content: contentOf(note),
            url: urlOf(note),
            mentionedUserIds: await mentionedUsers(ctx, note),
          });
        })
        .on(Update, async (ctx, update) => {
          // An account's new name or avatar: refreshed if we know it (a reply of its shows them).
          if (update.actorId !== null && update.objectId?.href === update.actorId.href) {
            // The Person as the update carries it: Fedify checked that its signer is this account.
            const actor = await update.getObject(ctx).catch(() => null);
            if (isActor(actor) && (await findRemoteActor(db, update.actorId.href))) await remember(ctx, actor);
            return;
          }
          const note = await noteOf(ctx, update);
          if (!note) return;
          const actor = await actorOf(ctx, update);
          if (actor) await editRemoteReply(services, actor.id, note.id!.href, contentOf(note), await mentionedUsers(ctx, note));
        })
        .on(Delete, async (_ctx, del) => {
          if (del.actorId === null || del.objectId === null) return;
          // The account itself: everything it left here goes (Fedify checked the signer is that account).
          if (del.objectId.href === del.actorId.href) return forgetRemoteActor(db, del.actorId.href);
          const actor = await findRemoteActor(db, del.actorId.href);
          if (actor) await deleteRemoteReply(db, actor.id, del.objectId.href);
        })
        // An account that deleted itself: its server now answers 410 Gone for its key, so its own
        // Delete cannot be verified. Taken when the key that failed is in the actor's own document
        // and the actor is what is deleted: only a gone account can be forgotten this way.
        .onUnverifiedActivity(async (_ctx, activity, reason) => {
          if (!(activity instanceof Delete) || activity.actorId === null || activity.objectId?.href !== activity.actorId.href) return;
          if (reason.type !== 'keyFetchError' || !('status' in reason.result) || reason.result.status !== 410) return;
          const keyDocument = new URL(reason.keyId);
          keyDocument.hash = '';
          if (keyDocument.href !== activity.actorId.href) return;
          await forgetRemoteActor(db, activity.actorId.href);
          return new Response(null, { status: 202 });
        });
    },

    async undone(ctx, undo, object) {
      if (undo.actorId === null) return;
      // An Undo takes back only what its own signer did.
      if (object !== null && 'actorId' in object && object.actorId instanceof URL && object.actorId.href !== undo.actorId.href) return;
      const actor = await findRemoteActor(db, undo.actorId.href);
      if (!actor) return;
      if (object instanceof Like || object instanceof Announce) {
        const article = await articleNamed(object.objectId);
        if (article) return removeRemoteReaction(db, { articleId: article.id, actorId: actor.id, kind: object instanceof Like ? 'like' : 'announce' });
      }
      // An Undo naming its activity only by id (or an object we could not read).
      const id = object?.id ?? undo.objectId;
      if (id) await removeRemoteReactionByActivity(db, actor.id, id.href);
    },
  };
}
