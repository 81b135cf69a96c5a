import fastifyRateLimit, {
  type FastifyRateLimitOptions,
  type FastifyRateLimitStore,
  type FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.js';
import { hitCounter } from '../db/counters.js';

const DEFAULT_WINDOW_MS = 60 * 1000;

/**
 * What @fastify/rate-limit v10 really passes to a store: its merged limit
 * settings, with the route under `routeInfo` for child(). Its typings declare
 * an empty options type and Fastify's RouteOptions for child(), so we read
 * these fields through this shape instead.
 */
interface LimitSettings {
  timeWindow?: unknown;
  routeInfo?: { method?: string | string[]; url?: string };
}

type IncrCallback = Parameters<FastifyRateLimitStore['incr']>[1];

/**
 * A store class (the plugin constructs it) over the counters table, so every
 * process serving the site counts against one limit. Each limited route gets
 * its own child store and so its own counter per address, as with the
 * plugin's in-memory default.
 */
/** The per-address limit of every route that may check a password or code (argon2 each): AUTH_RATE_LIMIT a minute. */
export const passwordRouteLimit = (max: number) => ({ max, timeWindow: '1 minute' });

export function counterStore(db: Db, clock: () => number): FastifyRateLimitStoreCtor {
  class CounterStore implements FastifyRateLimitStore {
    private readonly windowMs: number;

    constructor(
      options: FastifyRateLimitOptions,
      private readonly scope = '*',
    ) {
      const { timeWindow } = options as LimitSettings;
      this.windowMs = typeof timeWindow === 'number' ? timeWindow : DEFAULT_WINDOW_MS;
    }

    // The plugin also passes the request's resolved window (the route's may be a function).
    incr(key: string, callback: IncrCallback, timeWindow?: number): void {
      const now = clock();
      const windowMs = typeof timeWindow === 'number' ? timeWindow : this.windowMs;
      hitCounter(db, `rate:${this.scope}:${key}`, windowMs, now).then(
        (counter) => callback(null, { current: counter.count, ttl: counter.resetAt - now }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const settings = routeOptions as unknown as LimitSettings;
      const route = settings.routeInfo;
      const scope = route?.url ? `${[route.method ?? ''].flat().join(',')} ${route.url}` : this.scope;
      return new CounterStore(settings, scope);
    }
  }
  return CounterStore;
}

export interface RateLimitStoreOptions {
  db: Db;
  /** The app's clock (services.now). */
  now: () => number;
}

/**
 * @fastify/rate-limit (opt-in per route) counting in the database. Ended
 * windows are deleted hourly by a job (src/jobs/catalog.ts).
 */
export const rateLimitPlugin = fp(
  async (app: FastifyInstance, opts: RateLimitStoreOptions) => {
    await app.register(fastifyRateLimit, { global: false, store: counterStore(opts.db, opts.now) });
  },
  { name: 'rate-limit-store' },
);
