import type { SQL } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { exec, rows } from '../../src/db/sql.js';
import { scratchDatabase } from './test-database.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** Rows of a plain SQL query, as another client of the database would read them. */
export function query<T = Record<string, unknown>>(database: Database, statement: SQL): Promise<T[]> {
  return rows<T>(database.db, statement);
}

/** The first row of `query`, which must have one. */
export async function queryOne<T = Record<string, unknown>>(database: Database, statement: SQL): Promise<T> {
  const [row] = await query<T>(database, statement);
  if (row === undefined) throw new Error('the query returned no row');
  return row;
}

/** A plain SQL write behind the app's back (as a person with a SQL console would make one); returns rows changed. */
export function execute(database: Database, statement: SQL): Promise<number> {
  return database.transaction((tx) => exec(tx, statement));
}

/** A clock a test moves by hand: idle timeouts and windows without sleeping. */
export class TestClock {
  constructor(public ms = Date.now()) {}
  readonly now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * A fresh app on a fresh database of the engine under test (a temporary
 * SQLite file, or a new PostgreSQL database); `now` replaces the app's clock.
 */
export async function createTestApp(env: Record<string, string> = {}, options: { now?: () => number } = {}): Promise<TestApp> {
  const scratch = await scratchDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    ...scratch.env,
    ...env,
  });
  const database = await openDatabase(config);
  const app = await buildApp(config, database, options);
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
      await scratch.drop();
    },
  };
}

/**
 * Another app on the same database file, as a second worker process or
 * another machine would run it: its own connection, nothing in memory.
 */
export async function secondInstance(t: TestApp): Promise<TestApp> {
  const database = await openDatabase(t.config);
  const app = await buildApp(t.config, database);
  await app.ready();
  return {
    app,
    database,
    config: t.config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * The SQL statements `send` runs on a fresh instance of the app (nothing
 * cached, as a process that just started): what building the answer costs.
 */
export async function coldStatements<R extends { statusCode: number }>(t: TestApp, send: (app: FastifyInstance) => Promise<R>) {
  const cold = await secondInstance(t);
  try {
    const before = cold.database.stats.statements;
    const res = await send(cold.app);
    return { n: cold.database.stats.statements - before, res };
  } finally {
    await cold.close();
  }
}

/**
 * A tiny browser over app.inject: keeps cookies, reads CSRF tokens from the
 * last page, and posts forms the way a user's browser would.
 */
export class Browser {
  cookies = new Map<string, string>();
  lastHtml = '';

  /** `remoteAddress`: the address the visitor connects from (127.0.0.1 unless given). */
  constructor(
    private readonly app: FastifyInstance,
    readonly remoteAddress?: string,
  ) {}

  /** The same visitor (cookies and all) on another instance of the app. */
  on(app: FastifyInstance): Browser {
    const other = new Browser(app, this.remoteAddress);
    other.cookies = this.cookies;
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

  async register(username: string, password = 'correct horse battery staple') {
    return this.submit('/register', '/register', { username, email: `${username}@example.com`, password });
  }

  async login(email: string, password = 'correct horse battery staple') {
    return this.submit('/login', '/login', { email, password });
  }
}

let registered = 0;

/** A new user (the name made unique with a counter), signed up and signed in on a Browser of their own. */
export async function registeredUser(app: FastifyInstance, name: string, password = 'correct horse battery staple') {
  const username = `${name}${++registered}`;
  const browser = new Browser(app);
  const response = await browser.register(username, password);
  if (response.statusCode !== 303) throw new Error(`signing up ${username} answered ${response.statusCode}`);
  return { browser, username, email: `${username}@example.com` };
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
