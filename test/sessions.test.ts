import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Session } from 'fastify';
import { purgeEndedSignIns } from '../src/domain/sign-ins.js';
import { SqliteSessionStore } from '../src/plugins/session-store.js';
import { Browser, createTestApp, signedInAs, type TestApp } from './helpers.js';

const SESSION_COOKIE = 'conduit_session';

describe('the SQLite session store', () => {
  let t: TestApp;
  let store: SqliteSessionStore;
  before(async () => {
    t = await createTestApp();
    store = new SqliteSessionStore(t.database.db, { now: Date.now, idleMs: 60_000, lifetimeMs: 60_000 });
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
    t.database.sqlite.prepare("UPDATE sessions SET expires_at = ? WHERE sid = 'old'").run(Date.now() - 1000);
    await set('fresh', {});
    assert.equal(await get('old'), null);
    assert.ok(await get('fresh'));
    assert.equal(purgeEndedSignIns(t.database.db, Date.now(), 60_000).sessions, 1);
    const sids = t.database.sqlite.prepare("SELECT sid FROM sessions WHERE sid IN ('old','fresh')").all();
    assert.deepEqual(sids, [{ sid: 'fresh' }]);
  });

  test('a signed-in session whose row was deleted (it was ended) is not written back by a late save', async () => {
    await new Browser(t.app).register('lateuser');
    const { id } = t.database.sqlite.prepare("SELECT id FROM users WHERE username = 'lateuser'").get() as { id: number };
    const count = (sid: string) => (t.database.sqlite.prepare('SELECT count(*) AS n FROM sessions WHERE sid = ?').get(sid) as { n: number }).n;
    await set('just-signed-in', { userId: id, signedInAt: Date.now() });
    assert.equal(count('just-signed-in'), 1);
    await destroy('just-signed-in');
    await set('just-signed-in', { userId: id, signedInAt: Date.now() - 5 * 60_000, returnTo: '/editor' });
    assert.equal(count('just-signed-in'), 0);
    assert.equal(await get('just-signed-in'), null);
  });

  test('the user column is filled from the session, for "sign out everywhere"', async () => {
    const browser = new Browser(t.app);
    await browser.register('rita');
    const rita = t.database.sqlite.prepare("SELECT id FROM users WHERE username = 'rita'").get() as { id: number };
    const rows = t.database.sqlite.prepare('SELECT user_id AS userId FROM sessions WHERE user_id = ?').all(rita.id);
    assert.equal(rows.length, 1);
  });
});

test('sessions survive a server restart (same database, same secret)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-restart-'));
  const env = { DATABASE_PATH: join(dir, 'conduit.db') };
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
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a rotated secret list still accepts cookies signed with the older secret', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-rotate-'));
  const oldSecret = 'the-old-secret-that-signed-existing-cookies-0001';
  const newSecret = 'the-new-secret-that-signs-new-cookies-from-now-02';
  try {
    const first = await createTestApp({ DATABASE_PATH: join(dir, 'conduit.db'), SESSION_SECRET: oldSecret });
    const browser = new Browser(first.app);
    await browser.register('tina');
    const cookie = browser.cookies.get(SESSION_COOKIE);
    await first.close();

    const rotated = await createTestApp({ DATABASE_PATH: join(dir, 'conduit.db'), SESSION_SECRET: `${newSecret},${oldSecret}` });
    try {
      const response = await rotated.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
      assert.equal(signedInAs(response.body), 'tina');
    } finally {
      await rotated.close();
    }

    const forgotten = await createTestApp({ DATABASE_PATH: join(dir, 'conduit.db'), SESSION_SECRET: newSecret });
    try {
      const response = await forgotten.app.inject({ method: 'GET', url: '/', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
      assert.equal(signedInAs(response.body), null, 'a cookie signed with a dropped secret is refused');
    } finally {
      await forgotten.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
    t.database.sqlite.prepare("DELETE FROM users WHERE username = 'uma'").run();
    const response = await browser.get('/');
    assert.equal(signedInAs(response.body), null);
    const rows = t.database.sqlite.prepare('SELECT count(*) AS n FROM sessions WHERE user_id IS NOT NULL').get() as { n: number };
    assert.equal(rows.n, 0);
  } finally {
    await t.close();
  }
});
