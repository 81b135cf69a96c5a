import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The GET response is the same for every signed-out reader, so it may be served from memory. */
    publicCache?: boolean;
  }
}

export interface PublicResponseCacheOptions {
  /** Moves whenever anything a signed-out reader can see is written (see domain/read-cache). */
  version: () => number;
  /** True when nobody is signed in on this request, so the response cannot depend on who asks. */
  anonymous: (request: FastifyRequest) => boolean;
  /** Upper bound on the memory the kept responses take (bodies, keys and bookkeeping). */
  maxBytes: number;
}

interface Entry {
  version: number;
  type: string;
  /** Bytes, so a hit is written without encoding or measuring a string again. */
  body: Buffer;
}

/** What an entry costs besides its body: the key, the type and the bookkeeping. */
const ENTRY_OVERHEAD = 200;
const MAX_ENTRIES = 10_000;

/** Least-recently-used, bounded by bytes and entries: readers choose the URLs (tags, pages), so the key space is open. */
class ResponseStore {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, version: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.remove(key, entry);
    if (entry.version !== version) return undefined;
    this.add(key, entry); // now the most recently used
    return entry;
  }

  set(key: string, entry: Entry): void {
    if (cost(key, entry) > this.maxBytes / 8) return; // one huge page must not empty the cache
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.add(key, entry);
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes && this.entries.size <= MAX_ENTRIES) break;
      this.remove(oldest, value);
    }
  }

  private add(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    this.bytes += cost(key, entry);
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= cost(key, entry);
  }
}

const cost = (key: string, entry: Entry) => ENTRY_OVERHEAD + key.length * 2 + entry.body.length;

/** Small buffers are slices of Node's shared 8 KB pool; a kept slice would keep the whole block. */
function ownBytes(payload: string | Buffer): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  if (bytes.byteLength === bytes.buffer.byteLength) return bytes;
  const own = Buffer.allocUnsafeSlow(bytes.byteLength);
  bytes.copy(own);
  return own;
}

const FILLS = Symbol('public-response-cache.fills');
type Marked = FastifyRequest & { [FILLS]?: number };

/**
 * Whole responses for signed-out readers, on routes that opt in with
 * `config: { publicCache: true }`. Most readers of a publishing site are
 * signed out and read the same few pages; they get the bytes the last such
 * reader got, until anything they could see is written. Entries carry the
 * content version they were rendered at, so a write makes them all stale at
 * once and a response that raced a write is never served. Only 200s without
 * a Set-Cookie are kept, so nothing tied to one visitor is ever shared.
 * Registered inside a scope (not with fastify-plugin), it affects only that scope's routes.
 */
export function usePublicResponseCache(app: FastifyInstance, options: PublicResponseCacheOptions): void {
  if (options.maxBytes <= 0) return;
  const store = new ResponseStore(options.maxBytes);

  app.addHook('preHandler', (request: Marked, reply: FastifyReply, done) => {
    if (request.method !== 'GET' || !request.routeOptions.config.publicCache || !options.anonymous(request)) return done();
    const version = options.version();
    const hit = store.get(request.url, version);
    if (!hit) {
      request[FILLS] = version;
      return done();
    }
    reply.type(hit.type).send(hit.body);
  });

  app.addHook('onSend', (request: Marked, reply, payload, done) => {
    const version = request[FILLS];
    const storable = version !== undefined && reply.statusCode === 200 && !reply.hasHeader('set-cookie');
    if (storable && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      const body = ownBytes(payload);
      store.set(request.url, { version, type: String(reply.getHeader('content-type') ?? ''), body });
      return done(null, body);
    }
    done(null, payload);
  });
}
