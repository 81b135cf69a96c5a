import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Session } from 'fastify';
import { purgeEndedSignIns } from '../../../src/domain/accounts/sessions-and-tokens.js';
import { DatabaseSessionStore } from '../../../src/plugins/session-store.js';
import { createTestApp, execute, query, queryOne, type TestApp } from '../../support/app.js';
import { Browser, signedInAs } from '../../support/web.js';
import { scratchDatabase } from '../../support/test-database.js';

const SESSION_COOKIE = 'conduit_session';

describe('the database session store', () => {
  let t: TestApp;
  let store: DatabaseSessionStore;
  before(async () => {
    t = await createTestApp();
    store = new DatabaseSessionStore(t.database.db, { now: Date.now, idleMs: 60_000, lifetimeMs: 60_000 });
  });
  after(() => t.close());

  const get = (sid: string) =>
    new Promise<Session | null | undefined>((resolve, reject) => store.get(sid, (err, s) => (err ? reject(err) : resolve(s))));
  const set = (sid: string, session: object) =>
    new Promise<void>((resolve, reject) => store.set(sid, session as Session, (err) => (err ? reject(err) : resolve())));
  const destroy = (sid: string) =>
    new Promise<void>((resolve, reject) => store.destroy(sid, (err) => (err ? reject(err) : resolve())));

  test('stores, reads, overwrites and destroys a session', async () => {
    await set('s1', { returnTo: '/settings' });
    assert.deepEqual(await get('s1'), { returnTo: '/settings' });
    await set('s1', { returnTo: '/editor' });
    assert.deepEqual(await get('s1'), { returnTo: '/editor' });
    await destroy('s1');
    assert.equal(await get('s1'), null);
    assert.equal(await get('never-existed'), null);
  });

  test('an expired session is not returned, and the purge removes it', async () => {
    await set('old', {});
    await execute(t.database, sql`UPDATE sessions SET expires_at = ${Date.now() - 1000} WHERE sid = 'old'`);
    await set('fresh', {});
    assert.equal(await get('old'), null);
    assert.ok(await get('fresh'));
    assert.equal((await purgeEndedSignIns(t.database.db, Date.now(), 60_000)).sessions, 1);
    const sids = await query(t.database, sql`SELECT sid FROM sessions WHERE sid IN ('old','fresh')`);
    assert.deepEqual(sids, [{ sid: 'fresh' }]);
  });

  test('a signed-in session whose row was deleted (it was ended) is not written back by a late save', async () => {
    await new Browser(t.app).register('lateuser');
    const { id } = await queryOne<{ id: number }>(t.database, sql`SELECT id FROM users WHERE username = 'lateuser'`);
    const count = async (sid: string) => (await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM sessions WHERE sid = ${sid}`)).n;
    await set('just-signed-in', { userId: id, signedInAt: Date.now() });
    assert.equal(await count('just-signed-in'), 1);
    await destroy('just-signed-in');
    await set('just-signed-in', { userId: id, signedInAt: Date.now() - 5 * 60_000, returnTo: '/editor' });
    assert.equal(await count('just-signed-in'), 0);
    assert.equal(await get('just-signed-in'), null);
  });

  test('the user column is filled from the session, for "sign out everywhere"', async () => {
    const browser = new Browser(t.app);
    await browser.register('rita');
    const rita = await queryOne<{ id: number }>(t.database, sql`SELECT id FROM users WHERE username = 'rita'`);
    const rows = await query(t.database, sql`SELECT user_id AS "userId" FROM sessions WHERE user_id = ${rita.id}`);
    assert.equal(rows.length, 1);
  });
});

test('sessions survive a server restart (same database, same secret)', async () => {
  const shared = await scratchDatabase();
  const env = shared.env;
  try {
    const first = await createTestApp(env);
    const browser = new Browser(first.app);
    await browser.register('sam');
    const cookie = browser.cookies.get(SESSION_COOKIE);
    await first.close();

    const second = await createTestApp(env);
    try {
      const response = await second.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
      assert.equal(signedInAs(response.body), 'sam');
    } finally {
      await second.close();
    }
  } finally {
    await shared.drop();
  }
});

test('a rotated secret list still accepts cookies signed with the older secret', async () => {
  const shared = await scratchDatabase();
  const oldSecret = 'the-old-secret-that-signed-existing-cookies-0001';
  const newSecret = 'the-new-secret-that-signs-new-cookies-from-now-02';
  try {
    const first = await createTestApp({ ...shared.env, SESSION_SECRET: oldSecret });
    const browser = new Browser(first.app);
    await browser.register('tina');
    const cookie = browser.cookies.get(SESSION_COOKIE);
    await first.close();

    const rotated = await createTestApp({ ...shared.env, SESSION_SECRET: `${newSecret},${oldSecret}` });
    try {
      const response = await rotated.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
      assert.equal(signedInAs(response.body), 'tina');
    } finally {
      await rotated.close();
    }

    const forgotten = await createTestApp({ ...shared.env, SESSION_SECRET: newSecret });
    try {
      const response = await forgotten.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
      assert.equal(signedInAs(response.body), null, 'a cookie signed with a dropped secret is refused');
    } finally {
      await forgotten.close();
    }
  } finally {
    await shared.drop();
  }
});

test('behind a trusted proxy over https the session cookie is Secure; over http it is not', async () => {
  const t = await createTestApp({ TRUST_PROXY: '1' });
  try {
    const https = await t.app.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
    assert.match(String(https.headers['set-cookie']), /;\s*Secure/i);
    const http = await t.app.inject({ method: 'GET', url: '/login' });
    assert.doesNotMatch(String(http.headers['set-cookie']), /;\s*Secure/i);
  } finally {
    await t.close();
  }
});

test('COOKIE_SECURE=true (with TRUST_PROXY=1) marks the cookie Secure', async () => {
  const t = await createTestApp({ COOKIE_SECURE: 'true', TRUST_PROXY: '1' });
  try {
    const response = await t.app.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
    assert.match(String(response.headers['set-cookie']), /;\s*Secure/i);
  } finally {
    await t.close();
  }
});

test('deleting an account ends its sessions', async () => {
  const t = await createTestApp();
  try {
    const browser = new Browser(t.app);
    await browser.register('uma');
    await execute(t.database, sql`DELETE FROM users WHERE username = 'uma'`);
    const response = await browser.get('/');
    assert.equal(signedInAs(response.body), null);
    const rows = await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM sessions WHERE user_id IS NOT NULL`);
    assert.equal(rows.n, 0);
  } finally {
    await t.close();
  }
});
