// Page tests' fixtures: a browser over app.inject, the one sign-up helper,
// articles made through the real editor, and readers of the rendered pages.
import assert from 'node:assert/strict';
import type { FastifyInstance, InjectOptions } from 'fastify';

export interface Draft {
  title: string;
  description?: string;
  body?: string;
  /** Each entry is sent as one `tagList` field (a pill, or a comma-separated text input). */
  tags?: string[];
}

export const PASSWORD = 'correct horse battery staple';

/**
 * The one way a page test gets a new user: signed up through the real form,
 * in a browser of its own, signed in (`browser.username`, `browser.email`).
 */
export async function signedUp(app: FastifyInstance, username: string, password = PASSWORD): Promise<Browser> {
  const browser = new Browser(app);
  const res = await browser.register(username, password);
  assert.equal(res.statusCode, 303, `registering ${username}: ${res.body.slice(0, 300)}`);
  browser.username = username;
  browser.email = `${username}@example.com`;
  return browser;
}

let made = 0;
/** `name` made unique within this test process (for helpers that sign up many users). */
export const uniqueName = (name: string) => `${name}${++made}`;

/** Posts url-encoded pairs (repeated names allowed), with the CSRF token of the last page. */
export function postPairs(browser: Browser, url: string, pairs: Array<[string, string]>, headers: Record<string, string> = {}) {
  return browser.request({
    method: 'POST',
    url,
    payload: new URLSearchParams(pairs).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

export function draftPairs(draft: Draft): Array<[string, string]> {
  return [
    ['title', draft.title],
    ['description', draft.description ?? `About ${draft.title}`],
    ['body', draft.body ?? `The body of ${draft.title}.`],
    ...(draft.tags ?? []).map((t): [string, string] => ['tagList', t]),
  ];
}

/** Opens the editor and submits it; returns the response (303 on success). */
export async function submitEditor(browser: Browser, draft: Draft, editorUrl = '/editor') {
  await browser.get(editorUrl);
  return postPairs(browser, editorUrl, [['_csrf', browser.csrf()], ...draftPairs(draft)]);
}

/** Publishes through the editor and returns the new article's slug. */
export async function publish(browser: Browser, draft: Draft): Promise<string> {
  const res = await submitEditor(browser, draft);
  assert.equal(res.statusCode, 303, `publishing "${draft.title}": ${res.body.slice(0, 500)}`);
  const location = String(res.headers.location);
  assert.match(location, /^\/article\/[^?#]+$/);
  return decodeURIComponent(location.slice('/article/'.length));
}

/** Loads `pageUrl` and posts its CSRF token plus `fields` to `action` (a button's form). */
export async function press(browser: Browser, pageUrl: string, action: string, fields: Record<string, string> = {}) {
  await browser.get(pageUrl);
  return browser.post(action, { _csrf: browser.csrf(), ...fields });
}

/**
 * A tiny browser over app.inject: keeps cookies, reads CSRF tokens from the
 * last page, and posts forms the way a user's browser would.
 */
export class Browser {
  cookies = new Map<string, string>();
  lastHtml = '';
  /** Who signed up in this browser (set by `signedUp`). */
  username = '';
  email = '';

  /** `remoteAddress`: the address the visitor connects from (127.0.0.1 unless given). */
  constructor(
    private readonly app: FastifyInstance,
    readonly remoteAddress?: string,
  ) {}

  /** The same visitor (cookies and all) on another instance of the app. */
  on(app: FastifyInstance): Browser {
    const other = new Browser(app, this.remoteAddress);
    other.cookies = this.cookies;
    other.username = this.username;
    other.email = this.email;
    return other;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(options: InjectOptions) {
    const headers = { ...(options.headers ?? {}), ...(this.cookies.size > 0 && { cookie: this.cookieHeader }) };
    const response = await this.app.inject({ ...options, headers, ...(this.remoteAddress && { remoteAddress: this.remoteAddress }) });
    for (const cookie of response.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
      const expired = (cookie.expires && cookie.expires.getTime() <= Date.now()) || cookie.maxAge === 0 || cookie.value === '';
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    if (String(response.headers['content-type'] ?? '').startsWith('text/html')) this.lastHtml = response.body;
    return response;
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers });
  }

  /** The CSRF token of the last HTML page (the first form's). */
  csrf(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!match?.[1]) throw new Error('no CSRF token on the last page');
    return match[1];
  }

  /** Loads `pageUrl` (for its token) then posts `fields` to `action`. */
  async submit(pageUrl: string, action: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    await this.get(pageUrl);
    return this.post(action, { _csrf: this.csrf(), ...fields }, headers);
  }

  post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.request({
      method: 'POST',
      url,
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  async register(username: string, password = PASSWORD) {
    return this.submit('/register', '/register', { username, email: `${username}@example.com`, password });
  }

  async login(email: string, password = PASSWORD) {
    return this.submit('/login', '/login', { email, password });
  }
}

/** The texts of the page's `ul.error-messages` items (empty when there is no list). */
export function errorMessages(html: string): string[] {
  const list = /<ul class="error-messages"[^>]*>([\s\S]*?)<\/ul>/.exec(html);
  if (!list?.[1]) return [];
  return [...list[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => decodeEntities((m[1] ?? '').trim()));
}

/** The value attribute of the input named `name` on the page, or undefined when it has none. */
export function inputValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  const value = input && /\bvalue="([^"]*)"/.exec(input);
  return value ? decodeEntities(value[1] ?? '') : undefined;
}

/** The username the navbar shows as signed in, or null when it shows "Sign in". */
export function signedInAs(html: string): string | null {
  const nav = /<nav class="navbar[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  const link = /<a class="nav-link[^"]*" href="\/profile\/([^"]+)">/.exec(nav);
  return link?.[1] ? decodeURIComponent(link[1]) : null;
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
