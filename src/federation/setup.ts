import './node20.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Federation } from '@fedify/fedify';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { federationBridge } from './fastify-bridge.js';
import { conduitFederation } from './federation.js';
import { rejectRemovedFollower } from './follower-removal.js';
import { inboxGate } from './inbox-gate.js';
import { federateAccountDeletion } from './account-deletion.js';
import { federateArticleChange } from './article-delivery.js';
import type { FailingRemoteSettings } from './failing-remotes.js';
import { federateArticlePublished } from './publication.js';

// Loaded by src/app.ts only when federation is on: with FEDERATION=off,
// Fedify is never imported and no request reaches it.

const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };

export interface FederationSetup {
  origin: string;
  allowPrivateAddress: boolean;
  inboxPerMinute: number;
  deliveryTimeoutMs: number;
  pollMs: number;
  failingRemotes: FailingRemoteSettings;
}

/** Builds the federation on the app's services and hands it its requests. */
export function setUpFederation(app: FastifyInstance, services: Services, setup: FederationSetup): Federation<void> {
  const federation = conduitFederation(services, { ...setup, version, log: app.log });
  federationBridge(app, federation, setup.origin, inboxGate({ db: services.db, now: services.now, perMinute: setup.inboxPerMinute }));
  services.followerRemoved = (username, removed) => rejectRemovedFollower(federation, setup.origin, username, removed);
  // Called by the federate-publication job (src/jobs/catalog.ts): a failure is retried there.
  services.articlePublished = (authorId, article, articleId) => federateArticlePublished(federation, services.db, setup.origin, authorId, article, articleId);
  services.articleChanged = (change, now) => federateArticleChange(federation, services.db, setup.origin, change, now);
  services.accountDeleted = (deletion) => federateAccountDeletion(federation, setup.origin, deletion);
  return federation;
}
