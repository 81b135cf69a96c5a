/**
 * A very small HTML reader for tests: enough of a tree and of CSS selectors
 * to say "exactly one h1 inside .article-preview" without a dependency.
 *
 * Selectors: compound parts like `a.nav-link.active`, `#id`, `[name]`,
 * `[href="/x"]`, `[href^="/x"]`, `[href*="x"]`, joined by descendant (space)
 * or child (`>`) combinators; a comma separates alternatives.
 */

export interface El {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  parent: El | null;
}
export type Node = El | string;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);

export function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    }
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
    return named[name.toLowerCase()] ?? entity;
  });
}

function parseAttrs(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (const m of source.matchAll(re)) {
    const name = m[1]!.toLowerCase();
    if (!(name in attrs)) attrs[name] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** Parses a document (or fragment) into a tree under a `#root` element. */
export function parse(html: string): El {
  const root: El = { tag: '#root', attrs: {}, children: [], parent: null };
  let current = root;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      current.children.push(decode(html.slice(i)));
      break;
    }
    if (lt > i) current.children.push(decode(html.slice(i, lt)));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    const close = /^<\/([a-zA-Z][\w-]*)\s*>/.exec(html.slice(lt, lt + 200));
    if (close) {
      const name = close[1]!.toLowerCase();
      // Close the nearest open element of that name (and anything left open inside it).
      for (let el: El | null = current; el && el !== root; el = el.parent) {
        if (el.tag === name) {
          current = el.parent ?? root;
          break;
        }
      }
      i = lt + close[0].length;
      continue;
    }
    const open = /^<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/.exec(html.slice(lt));
    if (!open) {
      current.children.push('<');
      i = lt + 1;
      continue;
    }
    const tag = open[1]!.toLowerCase();
    const el: El = { tag, attrs: parseAttrs(open[2] ?? ''), children: [], parent: current };
    current.children.push(el);
    i = lt + open[0].length;
    if (VOID.has(tag) || open[3] === '/') continue;
    if (RAW_TEXT.has(tag)) {
      const end = html.toLowerCase().indexOf(`</${tag}`, i);
      const stop = end === -1 ? html.length : end;
      const raw = html.slice(i, stop);
      if (raw) el.children.push(tag === 'script' || tag === 'style' ? raw : decode(raw));
      const gt = html.indexOf('>', stop);
      i = end === -1 ? html.length : gt === -1 ? html.length : gt + 1;
      continue;
    }
    current = el;
  }
  return root;
}

interface Compound {
  tag?: string;
  id?: string;
  classes: string[];
  attrs: Array<{ name: string; op?: '=' | '^=' | '*=' | '$='; value?: string }>;
}
interface Step {
  combinator: ' ' | '>';
  compound: Compound;
}

function parseCompound(source: string): Compound {
  const compound: Compound = { classes: [], attrs: [] };
  const re = /^([a-zA-Z][\w-]*|\*)|\.([\w-]+)|#([\w-]+)|\[([\w-]+)(?:([\^*$]?=)(?:"([^"]*)"|([^\]"]*)))?\]/g;
  let consumed = 0;
  for (const m of source.matchAll(re)) {
    if (m.index !== consumed) break;
    consumed += m[0].length;
    if (m[1] && m[1] !== '*') compound.tag = m[1].toLowerCase();
    else if (m[2]) compound.classes.push(m[2]);
    else if (m[3]) compound.id = m[3];
    else if (m[4]) compound.attrs.push({ name: m[4].toLowerCase(), op: m[5] as Compound['attrs'][number]['op'], value: m[6] ?? m[7] });
  }
  if (consumed !== source.length) throw new Error(`unsupported selector part: ${source}`);
  return compound;
}

function parseSelector(selector: string): Step[] {
  const tokens = selector
    .replace(/\s*>\s*/g, ' > ')
    .trim()
    .match(/(?:[^\s"[\]]+|\[[^\]]*\])+|>/g) ?? [];
  const steps: Step[] = [];
  let combinator: Step['combinator'] = ' ';
  for (const token of tokens) {
    if (token === '>') {
      combinator = '>';
      continue;
    }
    steps.push({ combinator, compound: parseCompound(token) });
    combinator = ' ';
  }
  return steps;
}

export function classes(el: El): string[] {
  return (el.attrs.class ?? '').split(/\s+/).filter(Boolean);
}

export function hasClass(el: El, name: string): boolean {
  return classes(el).includes(name);
}

function matchesCompound(el: El, c: Compound): boolean {
  if (c.tag && el.tag !== c.tag) return false;
  if (c.id !== undefined && el.attrs.id !== c.id) return false;
  if (c.classes.some((name) => !hasClass(el, name))) return false;
  return c.attrs.every(({ name, op, value }) => {
    const actual = el.attrs[name];
    if (actual === undefined) return false;
    if (!op || value === undefined) return true;
    if (op === '=') return actual === value;
    if (op === '^=') return actual.startsWith(value);
    if (op === '$=') return actual.endsWith(value);
    return actual.includes(value);
  });
}

function matchesSteps(el: El, steps: Step[], index: number, scope: El): boolean {
  const step = steps[index]!;
  if (!matchesCompound(el, step.compound)) return false;
  if (index === 0) return true;
  if (step.combinator === '>') {
    const parent = el.parent;
    return !!parent && parent !== scope && matchesSteps(parent, steps, index - 1, scope);
  }
  for (let a = el.parent; a && a !== scope; a = a.parent) {
    if (matchesSteps(a, steps, index - 1, scope)) return true;
  }
  return false;
}

export function elements(el: El): El[] {
  return el.children.filter((c): c is El => typeof c !== 'string');
}

function descendants(el: El, out: El[] = []): El[] {
  for (const child of elements(el)) {
    out.push(child);
    descendants(child, out);
  }
  return out;
}

/** Every element under `scope` (an El or an HTML string) matching `selector`, in document order. */
export function all(scope: El | string, selector: string): El[] {
  const root = typeof scope === 'string' ? parse(scope) : scope;
  const alternatives = selector.split(',').map(parseSelector);
  return descendants(root).filter((el) => alternatives.some((steps) => matchesSteps(el, steps, steps.length - 1, root)));
}

export function one(scope: El | string, selector: string): El | undefined {
  return all(scope, selector)[0];
}

/** The one match, failing loudly when there are none or several. */
export function only(scope: El | string, selector: string): El {
  const found = all(scope, selector);
  if (found.length !== 1) throw new Error(`expected exactly one "${selector}", found ${found.length}`);
  return found[0]!;
}

export function count(scope: El | string, selector: string): number {
  return all(scope, selector).length;
}

/** Text content with whitespace collapsed (non-breaking spaces count as spaces). */
export function text(node: Node | undefined): string {
  if (node === undefined) return '';
  return rawText(node).replace(/[\s\u00a0]+/g, ' ').trim();
}

export function rawText(node: Node): string {
  return typeof node === 'string' ? node : node.children.map(rawText).join('');
}

/** The serialized inner HTML of an element (attributes re-escaped), for "no <script" style checks. */
export function innerHtml(el: El): string {
  return el.children.map(outerHtml).join('');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function outerHtml(node: Node): string {
  if (typeof node === 'string') return escapeText(node);
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${escapeText(v).replace(/"/g, '&quot;')}"`)
    .join('');
  if (VOID.has(node.tag)) return `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${innerHtml(node)}</${node.tag}>`;
}

/** The texts of every match. */
export function texts(scope: El | string, selector: string): string[] {
  return all(scope, selector).map((el) => text(el));
}

/** The `href`s of every match. */
export function hrefs(scope: El | string, selector: string): string[] {
  return all(scope, selector).map((el) => el.attrs.href ?? '');
}
