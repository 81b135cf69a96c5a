import './node20.js';
import { createFederation, exportJwk, generateCryptoKeyPair, importJwk, type Federation } from '@fedify/fedify';
import { Accept, Endpoints, Follow, Image, Person, Undo, isActor } from '@fedify/vocab';
import { findUserByUsername } from '../domain/accounts/users.js';
import { actorKeyPairs, keepActorKeyPairs, type ActorKeyKind, type StoredKeyPair } from '../domain/federation/actor-keys.js';
import { addRemoteFollower, countRemoteFollowers, remoteFollowersOf, removeRemoteFollower } from '../domain/federation/remote-followers.js';
import { isDomainBlocked } from '../domain/federation/domain-blocks.js';
import { siteUsage } from '../domain/federation/site-usage.js';
import type { Services } from '../services.js';
import { DEFAULT_LIMITS, limitedLoaderFactories } from './document-loaders.js';
import { followerProfile } from './follower-profile.js';
import { serveArticleDocuments } from './article-documents.js';
import { dropPermanentlyFailing, failingRemoteCircuit, type DropLog, type FailingRemoteSettings } from './failing-remotes.js';
import { DatabaseKvStore } from './kv-store.js';
import { DatabaseMessageQueue } from './message-queue.js';
import { inboxInteractions } from './inbox-interactions.js';
import { refusedMessage } from './refused-messages.js';
import { paths } from './paths.js';

// Every author is an ActivityPub actor (docs/decisions/0040): the actor's id
// is the profile page's URL, which answers browsers with HTML and ActivityPub
// clients with the Person (src/federation/fastify-bridge.ts). Fedify does the
// protocol: WebFinger, NodeInfo, signatures on what we send, verification of
// what arrives (an unsigned or wrongly signed inbox post gets 401).

export interface FederationSettings {
  /** PUBLIC_URL: every id and the WebFinger host come from it, never from a request's Host header. */
  origin: string;
  /** Loopback and private addresses may be fetched (development, tests, FEDERATION_ALLOW_PRIVATE=1). */
  allowPrivateAddress: boolean;
  /** How often an idle queue listener looks for work (JOBS_POLL_MS). */
  pollMs: number;
  /** Each fetch a queued message makes is given up after this (FEDERATION_DELIVERY_TIMEOUT_SECONDS). */
  deliveryTimeoutMs: number;
  version: string;
  /** When a remote server that keeps failing is dropped, and how often it is tried meanwhile. */
  failingRemotes: FailingRemoteSettings;
  log: DropLog;
}

const KEY_ALGORITHMS: Record<ActorKeyKind, 'RSASSA-PKCS1-v1_5' | 'Ed25519'> = { rsa: 'RSASSA-PKCS1-v1_5', ed25519: 'Ed25519' };

async function madeKeyPairs(): Promise<StoredKeyPair[]> {
  return Promise.all(
    (['rsa', 'ed25519'] as const).map(async (kind) => {
      const pair = await generateCryptoKeyPair(KEY_ALGORITHMS[kind]);
      return { kind, publicKey: JSON.stringify(await exportJwk(pair.publicKey)), privateKey: JSON.stringify(await exportJwk(pair.privateKey)) };
    }),
  );
}

export function conduitFederation(services: Services, settings: FederationSettings): Federation<void> {
  const { db } = services;
  const kv = new DatabaseKvStore(db, services.now);
  const federation = createFederation<void>({
    kv,
    queue: new DatabaseMessageQueue({ db, now: services.now, pollMs: settings.pollMs, fetchTimeoutMs: settings.deliveryTimeoutMs, refuse: refusedMessage(db, settings.allowPrivateAddress) }),
    // The server starts the queue beside the job runner; tests start it themselves.
    manuallyStartQueue: true,
    origin: settings.origin,
    // Our loaders keep Fedify's refusal of private addresses (unless allowed), with limits and blocks.
    ...limitedLoaderFactories({ ...DEFAULT_LIMITS, allowPrivateAddress: settings.allowPrivateAddress, isBlocked: (host) => isDomainBlocked(db, host) }, kv),
    circuitBreaker: failingRemoteCircuit(services, settings.failingRemotes, settings.log),
  });
  dropPermanentlyFailing(federation, services, settings.log);

  /** The author, when `identifier` names one (case-insensitively, as the site's usernames). */
  const author = (identifier: string) => findUserByUsername(db, identifier);

  federation
    .setActorDispatcher(paths.actor, async (ctx, identifier) => {
      const user = await author(identifier);
      if (!user || user.username !== identifier) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: user.username,
        name: user.username,
        summary: user.bio || null,
        url: ctx.getActorUri(identifier),
        icon: user.image && URL.canParse(user.image) ? new Image({ url: new URL(user.image) }) : null,
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: keys[0]?.cryptographicKey ?? null,
        assertionMethods: keys.map((key) => key.multikey),
      });
    })
    .mapHandle(async (_ctx, username) => (await author(username))?.username ?? null)
    .setKeyPairsDispatcher(async (_ctx, identifier) => {
      const user = await author(identifier);
      if (!user) return [];
      let stored = await actorKeyPairs(db, user.id);
      if (stored.length < 2) stored = await keepActorKeyPairs(services, user.id, await madeKeyPairs());
      return Promise.all(
        stored.map(async (pair) => ({
          publicKey: await importJwk(JSON.parse(pair.publicKey) as JsonWebKey, 'public'),
          privateKey: await importJwk(JSON.parse(pair.privateKey) as JsonWebKey, 'private'),
        })),
      );
    });

  federation
    .setFollowersDispatcher(paths.followers, async (_ctx, identifier) => {
      const user = await author(identifier);
      if (!user) return null;
      const followers = await remoteFollowersOf(db, user.id);
      return {
        items: followers.map((f) => ({
          id: new URL(f.actorId),
          inboxId: new URL(f.inbox),
          endpoints: f.sharedInbox ? { sharedInbox: new URL(f.sharedInbox) } : null,
        })),
      };
    })
    .setCounter(async (_ctx, identifier) => {
      const user = await author(identifier);
      return user ? countRemoteFollowers(db, user.id) : null;
    });

  // Each article at its id, and the outbox paging through them.
  serveArticleDocuments(federation, services, settings.origin);

  // Favorites, boosts, replies and deleted accounts: src/federation/inbox-interactions.ts.
  const interactions = inboxInteractions(services, settings.origin);
  const inbox = federation
    .setInboxListeners(paths.inbox, paths.sharedInbox)
    .on(Follow, async (ctx, follow) => {
      if (follow.id === null || follow.actorId === null || follow.objectId === null) return;
      const target = ctx.parseUri(follow.objectId);
      if (target?.type !== 'actor') return;
      const user = await author(target.identifier);
      if (!user) return;
      const follower = await follow.getActor(ctx);
      if (!isActor(follower) || follower.id === null || follower.inboxId === null) return;
      // Only the signer may follow as itself: Fedify has checked that the activity's actor signed it.
      if (follower.id.href !== follow.actorId.href) return;
      await addRemoteFollower(services, user.id, {
        actorId: follower.id.href,
        inbox: follower.inboxId.href,
        sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
        followId: follow.id.href,
        ...followerProfile(follower),
      });
      await ctx.sendActivity(
        { identifier: user.username },
        follower,
        new Accept({ id: new URL(`#accept/${encodeURIComponent(follow.id.href)}`, ctx.getActorUri(user.username)), actor: ctx.getActorUri(user.username), object: follow }),
      );
    })
    .on(Undo, async (ctx, undo) => {
      if (undo.actorId === null) return;
      const object = await undo.getObject(ctx).catch(() => null);
      if (!(object instanceof Follow)) return interactions.undone(ctx, undo, object);
      if (object.objectId === null) return;
      // An Undo removes only its own signer's follow.
      if (object.actorId !== null && object.actorId.href !== undo.actorId.href) return;
      const target = ctx.parseUri(object.objectId);
      if (target?.type !== 'actor') return;
      const user = await author(target.identifier);
      if (user) await removeRemoteFollower(db, user.id, undo.actorId.href);
    });
  interactions.listen(inbox);

  federation.setNodeInfoDispatcher(paths.nodeInfo, async () => {
    const usage = await siteUsage(db);
    return {
      software: { name: 'conduit', version: settings.version },
      protocols: ['activitypub'],
      openRegistrations: true,
      usage: { users: { total: usage.users }, localPosts: usage.articles, localComments: usage.comments },
    };
  });

  return federation;
}
