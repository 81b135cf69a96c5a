// Reading what the site writes for machines, as they read it: strictly (a
// document that is not well-formed XML 1.0 throws), then as a feed reader
// (feedsmith) or a crawler reading a sitemap would.
import { parseAtomFeed } from 'feedsmith';
import { SaxesParser, type SaxesTagNS } from 'saxes';

/** Every element of `xml` in document order, with its namespace and text; throws unless it is well-formed XML 1.0. */
export function strictXml(xml: string): Array<{ name: string; uri: string; text: string; attributes: Record<string, string> }> {
  const parser = new SaxesParser({ xmlns: true, fragment: false });
  const elements: Array<{ name: string; uri: string; text: string; attributes: Record<string, string> }> = [];
  const open: Array<(typeof elements)[number]> = [];
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attributes = Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value]));
    const element = { name: tag.local, uri: tag.uri, text: '', attributes };
    elements.push(element);
    open.push(element);
  });
  parser.on('text', (text) => {
    const current = open.at(-1);
    if (current) current.text += text;
  });
  parser.on('closetag', () => void open.pop());
  parser.write(xml).close();
  if (failure) throw failure;
  return elements;
}

/** An Atom feed as a feed reader sees it; throws unless it is well-formed and Atom. */
export function readAtom(xml: string) {
  const root = strictXml(xml)[0];
  if (root?.name !== 'feed' || root.uri !== 'http://www.w3.org/2005/Atom') throw new Error(`not an Atom feed: <${root?.name}> in ${root?.uri}`);
  return parseAtomFeed(xml);
}

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** A sitemap or sitemap index: its kind and each entry's loc and lastmod. */
export function readSitemap(xml: string): { kind: 'urlset' | 'sitemapindex'; entries: Array<{ loc: string; lastmod?: string }> } {
  const elements = strictXml(xml);
  const root = elements[0];
  if (!root || root.uri !== SITEMAP_NS || (root.name !== 'urlset' && root.name !== 'sitemapindex')) throw new Error(`not a sitemap: <${root?.name}>`);
  const entries: Array<{ loc: string; lastmod?: string }> = [];
  for (const element of elements) {
    if (element.uri !== SITEMAP_NS) throw new Error(`an element outside the sitemap namespace: ${element.name}`);
    if (element.name === 'loc') entries.push({ loc: element.text });
    if (element.name === 'lastmod') entries.at(-1)!.lastmod = element.text;
  }
  return { kind: root.name, entries };
}
