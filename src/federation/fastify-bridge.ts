import type { Federation } from '@fedify/fedify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { InboxGate } from './inbox-gate.js';
import { FEDIFY_PATH, PROFILE_PATH } from './paths.js';

// Fedify speaks the fetch API; Fastify has no integration package for it here.
// This hook hands Fedify the requests it may answer (docs/decisions/0038): when
// Fedify answers, that is the response; when it has no route for the request
// (onNotFound) or the client does not want JSON-LD (onNotAcceptable, a
// browser on a profile page), the request goes on to Fastify's own routes.

/** An inbox post larger than this is refused before Fedify reads it. */
export const INBOX_BODY_LIMIT = 256 * 1024;

const ACTIVITY_JSON = /application\/(?:activity\+json|ld\+json|json)/i;

export function federationBridge(app: FastifyInstance, federation: Federation<void>, origin: string, gate?: InboxGate): void {
  app.addHook('onRequest', async (request, reply) => {
    const isRead = request.method === 'GET' || request.method === 'HEAD';
    const profile = isRead && PROFILE_PATH.test(request.url);
    // The profile's HTML and its actor JSON share a URL: caches must keep them apart.
    if (profile) reply.header('vary', 'Accept');
    const handOver = FEDIFY_PATH.test(request.url) || (profile && ACTIVITY_JSON.test(request.headers.accept ?? ''));
    if (!handOver) return;

    const body = request.method === 'POST' ? await readBody(request) : undefined;
    if (body === 'too large') return reply.code(413).send();
    let passOn = false;
    const fallThrough = () => {
      passOn = true;
      return new Response(null, { status: 404 });
    };
    const toFedify = fetchRequest(request, origin, body);
    const fedify = () => federation.fetch(toFedify, { contextData: undefined, onNotFound: fallThrough, onNotAcceptable: fallThrough });
    const response = await (gate && body ? gate(toFedify, body, fedify) : fedify());
    if (passOn) return;
    reply.code(response.status);
    response.headers.forEach((value, name) => void reply.header(name, value));
    // Fedify's documents are public, but an inbox's answers and errors are not to be kept.
    if (!response.headers.has('cache-control')) reply.header('cache-control', 'no-store');
    return reply.send(Buffer.from(await response.arrayBuffer()));
  });
}

function fetchRequest(request: FastifyRequest, origin: string, body: Buffer | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return new Request(`${origin}${request.url}`, { method: request.method, headers, ...(body && { body: new Uint8Array(body) }) });
}

/** The raw body, up to the limit: the hook runs before Fastify parses anything. */
async function readBody(request: FastifyRequest): Promise<Buffer | 'too large'> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > INBOX_BODY_LIMIT) return 'too large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > INBOX_BODY_LIMIT) return 'too large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
