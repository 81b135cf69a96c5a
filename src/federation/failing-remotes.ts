import './node20.js';
import type { CircuitBreakerOptions, Federation } from '@fedify/fedify';
import { dropFollowersAt, dropFollowersOn, noteRemoteFailing, noteRemoteReached } from '../domain/federation/failing-remotes.js';
import type { Services } from '../services.js';

// A remote server that keeps failing is dropped (docs/decisions/0045).
// Fedify's circuit breaker watches each remote host: after a few failures in
// a row its circuit opens, deliveries to it are held and one is tried again
// every `retryMs`; a delivery that goes through (or any answer but a 5xx)
// closes it. We note when a host's circuit opens and when it closes, by our
// clock, in failing_remotes; a host still failing `dropAfterMs` after its
// first failure loses its followers, and this is logged. An inbox that
// answers 410 Gone or 404 (Fedify's permanent failures) loses its followers
// at once.

export interface FailingRemoteSettings {
  /** How long a server may keep failing before its followers are dropped (FEDERATION_DROP_FAILING_DAYS). */
  dropAfterMs: number;
  /** How long deliveries to a failing server wait before one is tried again (FEDERATION_RETRY_FAILING_SECONDS). */
  retryMs: number;
}

export interface DropLog {
  warn(details: object, message: string): void;
}

/** Failures in a row, within ten minutes, that open a host's circuit. Fedify's retries come 1, 2, 4… seconds apart. */
const FAILURES_TO_OPEN = 3;

/** The circuit breaker's options for createFederation, noting each host's failures and reaching. */
export function failingRemoteCircuit(services: Services, settings: FailingRemoteSettings, log: DropLog): CircuitBreakerOptions {
  return {
    failureThreshold: FAILURES_TO_OPEN,
    failureWindow: { minutes: 10 },
    recoveryDelay: { milliseconds: settings.retryMs },
    // Fedify gives up on a held delivery after the same window (by its own clock): see the handler below.
    heldActivityTtl: { milliseconds: settings.dropAfterMs },
    onStateChange: async (host, _previous, next) => {
      if (next === 'closed') return noteRemoteReached(services.db, host);
      if (next !== 'open') return;
      const since = await noteRemoteFailing(services, host);
      if (services.now() - since < settings.dropAfterMs) return;
      const dropped = await dropFollowersOn(services.db, host);
      log.warn({ host, failingSince: new Date(since).toISOString(), dropped }, 'a remote server failed for too long: its followers are dropped');
    },
  };
}

/** Fedify's permanent failures: an inbox that is gone, or a delivery held past the window. */
export function dropPermanentlyFailing(federation: Federation<void>, services: Services, log: DropLog): void {
  federation.setOutboxPermanentFailureHandler(async (_ctx, failure) => {
    if (failure.reason === 'circuit-breaker-ttl') {
      const dropped = await dropFollowersOn(services.db, failure.inbox.host);
      log.warn({ host: failure.inbox.host, dropped }, 'a remote server failed for too long: its followers are dropped');
      return;
    }
    const dropped = await dropFollowersAt(services.db, failure.inbox.href);
    log.warn({ inbox: failure.inbox.href, status: failure.statusCode, dropped }, 'a remote inbox is gone: its followers are dropped');
  });
}
