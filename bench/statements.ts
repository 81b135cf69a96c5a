import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { openDatabase } from '../src/db/open.js';
import { searchIndexBytes } from '../src/db/search-index.js';
import type { Manifest } from './generate.js';
import { headersFor, readScenarios, signInRequest, type Credentials } from './scenarios.js';
import { SESSION_SECRET } from './server.js';
import type { Store } from './stores.js';

/**
 * SQL statements per request, counted in-process: the server keeps its
 * counter (database.stats.statements) to itself, so the same app is built
 * here on a copy of the database (the one the server then runs on, on either
 * engine) and each scenario's request is injected.
 * The count is taken on the second request, so one-time work (a fresh CSRF
 * secret, lazy caches) does not inflate it.
 */
export async function countStatements(store: Store, manifest: Manifest): Promise<Record<string, number>> {
  const config = loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET,
    DATABASE_PATH: store.databasePath,
    ...(store.databaseUrl === undefined ? {} : { DATABASE_URL: store.databaseUrl }),
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT: '100000000',
  });
  const database = await openDatabase(config);
  const app = await buildApp(config, database);
  await app.ready();
  try {
    const credentials = await injectSignIn(app, manifest);
    const counts: Record<string, number> = {};
    for (const scenario of readScenarios(manifest)) {
      const request = () => app.inject({ method: 'GET', url: scenario.path, headers: headersFor(scenario.as, credentials) });
      counts[scenario.id] = await measure(database, request, scenario.path);
    }
    const signIn = signInRequest(manifest);
    counts['sign-in'] = await measure(
      database,
      () => app.inject({ method: 'POST', url: signIn.path, headers: { 'content-type': 'application/json' }, payload: signIn.body }),
      signIn.path,
    );
    return counts;
  } finally {
    await app.close();
    await database.close();
  }
}

/** Bytes the search index takes in the store's database (docs/decisions/0018). */
export async function measureSearchIndex(store: Store): Promise<number> {
  const config = loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET,
    DATABASE_PATH: store.databasePath,
    ...(store.databaseUrl === undefined ? {} : { DATABASE_URL: store.databaseUrl }),
    LOG_LEVEL: 'silent',
  });
  const database = await openDatabase(config);
  try {
    return await searchIndexBytes(database.db);
  } finally {
    await database.close();
  }
}

async function measure(database: Database, request: () => Promise<LightMyRequestResponse>, what: string): Promise<number> {
  // Twice: a whole response is kept from its second read (docs/decisions/0010), as under the load.
  await request();
  await request();
  const before = database.stats.statements;
  const response = await request();
  if (response.statusCode < 200 || response.statusCode > 299) throw new Error(`${what} answered ${response.statusCode} in-process`);
  return database.stats.statements - before;
}

const sessionCookie = (response: LightMyRequestResponse) =>
  (response.cookies as Array<{ name: string; value: string }>).find((c) => c.name === 'conduit_session');

async function injectSignIn(app: FastifyInstance, manifest: Manifest): Promise<Credentials> {
  const page = await app.inject({ method: 'GET', url: '/login' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const first = sessionCookie(page);
  if (!csrf || !first) throw new Error('in-process GET /login gave no CSRF token or cookie');
  const login = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { cookie: `conduit_session=${first.value}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, email: manifest.reader.email, password: manifest.reader.password }).toString(),
  });
  const cookie = sessionCookie(login);
  if (login.statusCode !== 303 || !cookie) throw new Error(`in-process POST /login answered ${login.statusCode}`);
  const signIn = signInRequest(manifest);
  const api = await app.inject({ method: 'POST', url: signIn.path, headers: { 'content-type': 'application/json' }, payload: signIn.body });
  const token = (api.json() as { user?: { token?: string } }).user?.token;
  if (!token) throw new Error(`in-process API sign-in answered ${api.statusCode}`);
  return { cookie: `conduit_session=${cookie.value}`, token };
}
