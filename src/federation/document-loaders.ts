import {
  createActivityPubRequest,
  FetchError,
  getRemoteDocument,
  kvCache,
  preloadedContexts,
  signRequest,
  validatePublicUrl,
  type DocumentLoader,
  type KvStore,
} from '@fedify/fedify';

// Every document Fedify fetches (actors, keys, objects, JSON-LD contexts)
// comes through these loaders (docs/decisions/0053): each fetch has a time
// limit and a size limit, refuses private and loopback addresses as Fedify's
// own loader does (unless allowed: development, tests, FEDERATION_ALLOW_PRIVATE),
// at every redirect too, and refuses hosts under a blocked domain.

export interface LoaderLimits {
  /** The whole fetch, body included. */
  timeoutMs: number;
  /** The body, whatever Content-Length says. */
  maxBytes: number;
  maxRedirects: number;
  allowPrivateAddress: boolean;
  /** Whether a host is under a blocked domain (src/domain/federation/domain-blocks.ts). */
  isBlocked: (host: string) => Promise<boolean>;
}

export const DEFAULT_LIMITS = { timeoutMs: 10_000, maxBytes: 1024 * 1024, maxRedirects: 5 } as const;

/** A loader that fetches within the limits; with `identity`, each request is signed (HTTP Signatures) by that key. */
export function limitedDocumentLoader(limits: LoaderLimits, identity?: { keyId: URL; privateKey: CryptoKey }): DocumentLoader {
  const load: DocumentLoader = async (url, options) => {
    const signal = options?.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(limits.timeoutMs)]) : AbortSignal.timeout(limits.timeoutMs);
    return fetchDocument(url, signal, 0);
  };

  async function fetchDocument(url: string, signal: AbortSignal, redirects: number): Promise<Awaited<ReturnType<DocumentLoader>>> {
    const current = new URL(url).href;
    // The JSON-LD contexts everyone uses ship with Fedify: never fetched.
    if (current in preloadedContexts) return { contextUrl: null, document: preloadedContexts[current], documentUrl: current };
    if (await limits.isBlocked(new URL(current).host)) throw new FetchError(current, 'the domain is blocked');
    if (!limits.allowPrivateAddress) await validatePublicUrl(current);
    let request = createActivityPubRequest(current);
    if (identity) request = await signRequest(request, identity.privateKey, identity.keyId);
    const response = await fetch(request, { redirect: 'manual', signal });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (redirects >= limits.maxRedirects) throw new FetchError(current, `more than ${limits.maxRedirects} redirects`);
      return fetchDocument(new URL(location, current).href, signal, redirects + 1);
    }
    const body = await boundedBody(current, response, limits.maxBytes);
    const kept = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    // Fedify reads the document (and follows a Link to its JSON-LD alternate, through this loader).
    return getRemoteDocument(current, kept, (next) => fetchDocument(next, signal, redirects + 1));
  }

  return load;
}

/** The body, refused once it passes `maxBytes` (a declared length past it is refused before reading). */
async function boundedBody(url: string, response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new FetchError(url, `the document is larger than ${maxBytes} bytes`);
  }
  if (!response.body) return new Uint8Array(new ArrayBuffer(0));
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new FetchError(url, `the document is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(size));
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/**
 * The three loader factories createFederation takes. Documents are cached in
 * Fedify's store as its own loader does; a host blocked since is refused even
 * when its document is still cached.
 */
export function limitedLoaderFactories(limits: LoaderLimits, kv: KvStore) {
  const cached = (): DocumentLoader => {
    const cache = kvCache({ loader: limitedDocumentLoader(limits), kv });
    return async (url, options) => {
      if (url in preloadedContexts) return cache(url, options);
      if (URL.canParse(url) && (await limits.isBlocked(new URL(url).host))) throw new FetchError(url, 'the domain is blocked');
      return cache(url, options);
    };
  };
  return {
    documentLoaderFactory: cached,
    contextLoaderFactory: cached,
    authenticatedDocumentLoaderFactory: (identity: { keyId: URL; privateKey: CryptoKey }) => limitedDocumentLoader(limits, identity),
  };
}
