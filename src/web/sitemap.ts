import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SITEMAP_KINDS, sitemapCounts, sitemapEntries, type SitemapKind } from '../domain/publishing/sitemap-entries.js';
import type { Services } from '../services.js';
import { paths, type PublicAddress } from './public-address.js';
import { xmlDate, xmlText } from './xml-text.js';

const XML_TYPE = 'application/xml; charset=utf-8';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const PART = /^(articles|profiles|tags)-([1-9][0-9]{0,6})\.xml$/;

const pageOf: Record<SitemapKind, (name: string) => string> = { articles: paths.article, profiles: paths.profile, tags: paths.tag };

/** The path of part `n` (1-based) of one kind's list. */
export const sitemapPartPath = (kind: SitemapKind, n: number) => `/sitemaps/${kind}-${n}.xml`;

interface Slice {
  kind: SitemapKind;
  skip: number;
  take: number;
}

/**
 * /sitemap.xml (sitemaps.org protocol): every article, profile and tag page
 * with its lastmod. Up to `size` URLs (50 000, the protocol's limit) it is
 * one file; past that it is an index of parts, /sitemaps/articles-1.xml and
 * on, each of `size` URLs at most. Files are streamed a batch of rows at a
 * time, never built whole (docs/decisions/0021); absolute URLs come from
 * PUBLIC_URL.
 */
export async function sitemapRoutes(app: FastifyInstance, { services, address, size }: { services: Services; address: PublicAddress; size: number }) {
  const { db } = services;
  // Paths are percent-encoded (encodeURIComponent leaves no character XML treats specially): only the origin needs escaping.
  const origin = xmlText(address.origin);

  async function* urlset(slices: Slice[]): AsyncGenerator<string> {
    yield `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NS}">\n`;
    for (const { kind, skip, take } of slices) {
      const path = pageOf[kind];
      for await (const batch of sitemapEntries(db, kind, skip, take)) {
        let out = '';
        for (const { name, lastmod } of batch) out += `<url><loc>${origin}${path(name)}</loc><lastmod>${xmlDate(lastmod)}</lastmod></url>\n`;
        yield out;
      }
    }
    yield '</urlset>\n';
  }

  function index(counts: Record<SitemapKind, number>): string {
    let out = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NS}">\n`;
    for (const kind of SITEMAP_KINDS) {
      for (let n = 1; (n - 1) * size < counts[kind]; n++) out += `<sitemap><loc>${xmlText(address.url(sitemapPartPath(kind, n)))}</loc></sitemap>\n`;
    }
    return `${out}</sitemapindex>\n`;
  }

  app.get('/sitemap.xml', async (_request, reply) => {
    const counts = await sitemapCounts(db);
    reply.type(XML_TYPE);
    if (counts.articles + counts.profiles + counts.tags > size) return reply.send(index(counts));
    return reply.send(Readable.from(urlset(SITEMAP_KINDS.map((kind) => ({ kind, skip: 0, take: counts[kind] })))));
  });

  app.get('/sitemaps/:file', async (request: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const match = PART.exec(request.params.file);
    if (!match) return reply.callNotFound();
    const kind = match[1] as SitemapKind;
    const skip = (Number(match[2]) - 1) * size;
    if (skip >= (await sitemapCounts(db))[kind] && skip > 0) return reply.callNotFound();
    return reply.type(XML_TYPE).send(Readable.from(urlset([{ kind, skip, take: size }])));
  });
}
