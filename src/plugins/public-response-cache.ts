import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { LRUCache } from 'lru-cache';
import { Doorkeeper } from '../cache/doorkeeper.js';
import { lookedUp } from '../cache/lookups.js';
import { collectingReads, TIME_BOUND } from '../cache/read-tracking.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The GET response is the same for every signed-out reader, so it may be kept and shared. */
    publicCache?: boolean;
  }
}

/** The database's versions as this process knows them (src/cache/version-board.ts). */
export interface Versions {
  /** The stamp a response built now is built at. */
  readonly seen: number;
  /** True while none of `deps` moved after `builtAt`. */
  isCurrent(deps: readonly string[], builtAt: number): boolean;
}

export interface PublicResponseCacheOptions {
  /** How the metrics name it (`conduit_cache_requests_total{cache}`). */
  name: string;
  versions: Versions;
  /** True when nobody is signed in on this request, so the response cannot depend on who asks. */
  anonymous: (request: FastifyRequest) => boolean;
  /** The request header that says who asks (Cookie for pages, Authorization for the API): shared caches must key on it. */
  vary: string;
  /** Upper bound on the memory the kept responses take (bodies, keys and bookkeeping); 0 keeps none. */
  maxBytes: number;
}

interface Entry {
  type: string;
  /** Bytes, so a hit is written without encoding or measuring a string again. */
  body: Buffer;
  etag: string;
  /** The Last-Modified header the handler set, if it set one (feeds do). */
  lastModified: string | undefined;
  deps: string[];
  builtAt: number;
}

/** What an entry costs besides its body: the key, the type, deps and bookkeeping. */
const entryBytes = (key: string, entry: Entry) => 200 + key.length * 2 + entry.deps.length * 50 + entry.body.length;

/**
 * Every shared cache (a CDN, a proxy, the browser) must ask again each time
 * (`no-cache`), so nothing it serves can be staler than ours; with the ETag
 * the answer to that question is a bodiless 304.
 */
const PUBLIC_CACHE_CONTROL = 'public, no-cache';

/** Small buffers are slices of Node's shared 8 KB pool; a kept slice would keep the whole block. */
function ownBytes(payload: string | Buffer): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  if (bytes.byteLength === bytes.buffer.byteLength) return bytes;
  const own = Buffer.allocUnsafeSlow(bytes.byteLength);
  bytes.copy(own);
  return own;
}

const etagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;

/** If-None-Match holds this ETag (weak or strong, alone or in a list, or `*`). */
function matches(ifNoneMatch: string, etag: string): boolean {
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * Whether the reader already has this answer (RFC 9110 section 13.2.2): by
 * its ETag when the request names any, and only otherwise by its date, for
 * a response that gave one.
 */
function notModified(request: FastifyRequest, etag: string, lastModified: string | undefined): boolean {
  const { 'if-none-match': ifNoneMatch, 'if-modified-since': ifModifiedSince } = request.headers;
  if (ifNoneMatch) return matches(ifNoneMatch, etag);
  if (!ifModifiedSince || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

/** What a miss is building: the stamp it started at and the scopes its reads show. */
const FILL = Symbol('public-response-cache.fill');
type Marked = FastifyRequest & { [FILL]?: { builtAt: number; deps: Set<string> } };

/**
 * Whole responses for signed-out readers, on routes that opt in with
 * `config: { publicCache: true }`. Most readers of a publishing site are
 * signed out and read the same few pages. Each kept response lists every
 * scope its handler read (pages, articles, profiles, tags: see
 * src/cache/read-tracking.ts) and the stamp it was built at; it is served only while
 * none of them has moved in the database, so a write anywhere retires exactly
 * the responses that show it. A response whose handler reported no reads is
 * never kept: nothing would ever retire it. Only 200s without a Set-Cookie are kept, so
 * nothing tied to one visitor is ever shared; those also carry an ETag and
 * public Cache-Control, so a shared cache in front can keep them too. A
 * handler that sets Last-Modified (the feeds) has it kept and kept to:
 * If-Modified-Since is answered too, when the request names no ETag.
 * Registered inside a scope (not with fastify-plugin), it affects only that scope's routes.
 */
export function usePublicResponseCache(app: FastifyInstance, options: PublicResponseCacheOptions): void {
  const store =
    options.maxBytes > 0
      ? new LRUCache<string, Entry>({ maxSize: options.maxBytes, maxEntrySize: options.maxBytes / 8, sizeCalculation: (entry, key) => entryBytes(key, entry) })
      : undefined;

  // Readers choose the URLs, and most are asked for once in a while: one is kept from its second recent miss.
  const doorkeeper = new Doorkeeper(Math.max(1000, Math.ceil(options.maxBytes / 256)));

  // Each handler of a route that opted in runs with its reads collected, across its awaits too.
  app.addHook('onRoute', (route) => {
    if (!route.config?.publicCache) return;
    const handler = route.handler;
    route.handler = function collecting(this: FastifyInstance, request: Marked, reply: FastifyReply) {
      const fill = request[FILL];
      return fill ? collectingReads(fill.deps, () => handler.call(this, request, reply)) : handler.call(this, request, reply);
    } as RouteHandlerMethod;
  });

  app.addHook('preHandler', (request: Marked, reply: FastifyReply, done) => {
    if (request.method !== 'GET' || !request.routeOptions.config.publicCache || !options.anonymous(request)) return done();
    const hit = store?.get(request.url);
    if (hit && options.versions.isCurrent(hit.deps, hit.builtAt)) {
      lookedUp(options.name, 'hit');
      publicHeaders(reply, hit.etag, options.vary);
      if (hit.lastModified !== undefined) reply.header('last-modified', hit.lastModified);
      // Says (to people measuring, and to tests) that no handler ran.
      reply.header('server-timing', 'cache;desc="hit"');
      if (notModified(request, hit.etag, hit.lastModified)) return reply.code(304).send();
      return reply.type(hit.type).send(hit.body);
    }
    lookedUp(options.name, 'miss');
    request[FILL] = { builtAt: options.versions.seen, deps: new Set() };
    done();
  });

  app.addHook('onSend', (request: Marked, reply, payload, done) => {
    const fill = request[FILL];
    const shareable = fill && reply.statusCode === 200 && !reply.hasHeader('set-cookie');
    if (!shareable || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return done(null, payload);
    const body = ownBytes(payload);
    const etag = etagOf(body);
    const lastModified = reply.getHeader('last-modified')?.toString();
    // A handler that reported no reads gave nothing a write could retire it by: never kept;
    // nor one whose answer changes with time alone.
    if (fill.deps.size > 0 && !fill.deps.has(TIME_BOUND) && doorkeeper.admit(request.url)) {
      store?.set(request.url, { type: String(reply.getHeader('content-type') ?? ''), body, etag, lastModified, deps: [...fill.deps], builtAt: fill.builtAt });
    }
    publicHeaders(reply, etag, options.vary);
    if (notModified(request, etag, lastModified)) {
      reply.code(304);
      return done(null, '');
    }
    done(null, body);
  });
}

function publicHeaders(reply: FastifyReply, etag: string, vary: string): void {
  reply.header('etag', etag).header('cache-control', PUBLIC_CACHE_CONTROL);
  // Added to, not replaced: CORS may already vary on Origin.
  const current = reply.getHeader('vary');
  const names = current === undefined ? [] : String(current).split(',').map((v) => v.trim());
  if (!names.some((n) => n.toLowerCase() === vary.toLowerCase())) reply.header('vary', [...names, vary].join(', '));
}
