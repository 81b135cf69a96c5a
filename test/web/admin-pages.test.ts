// The admin pages: every user with role, state, age and counts; one user's
// sign-ins (devices, addresses, times, never a secret); ending them; and
// granting and revoking roles, each logged. Admins only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, query, type TestApp } from '../support/app.js';
import { texts } from '../support/html.js';
import { giveRole } from '../support/roles.js';
import { Browser, press, publish, signedInAs, signedUp } from '../support/web.js';

let t: TestApp;
let admin: Browser;
let moderator: Browser;
let member: Browser;

const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

before(async () => {
  t = await createTestApp();
  admin = await signedUp(t.app, 'boss');
  moderator = await signedUp(t.app, 'mod');
  member = await signedUp(t.app, 'member');
  await giveRole(t, 'boss', 'admin');
  await giveRole(t, 'mod', 'moderator');
  await publish(member, { title: 'One' });
  await press(member, '/', '/logout');
  await member.request({ method: 'GET', url: '/login', headers: { 'user-agent': FIREFOX } });
  await member.request({ method: 'POST', url: '/login', payload: new URLSearchParams({ _csrf: member.csrf(), email: 'member@example.com', password: 'correct horse battery staple' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': FIREFOX } });
  assert.equal(signedInAs((await member.get('/')).body), 'member');
});
after(() => t.close());

test('admins list users with role, state, age and counts; others get the 403 page', async () => {
  const page = await admin.get('/admin/users');
  assert.equal(page.statusCode, 200);
  const cells = texts(page.body, '.moderation-table tbody tr').map((r) => r.replace(/\s+/g, ' ').trim());
  assert.equal(cells.length, 3);
  assert.match(cells[0]!, /^member member@example\.com member active \w+ \d+, \d{4} 1 0$/);
  assert.match(cells[2]!, /^boss boss@example\.com admin active/);
  for (const browser of [moderator, member]) {
    const refused = await browser.get('/admin/users');
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /This is for admins only\./);
  }
});

test('a user\'s sign-ins: device, address and times, never a session id', async () => {
  const page = await admin.get('/admin/users/member');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<td>Firefox on Windows<\/td><td>127\.0\.0\.1<\/td>/);
  const [session] = await query<{ sid: string }>(t.database, sql`SELECT sid FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'member')`);
  assert.ok(session);
  assert.ok(!page.body.includes(session.sid), 'the session id is never shown');
});

test('ending a user\'s sessions signs them out everywhere, logged', async () => {
  const res = await press(admin, '/admin/users/member', '/admin/users/member/end-sign-ins', { note: 'Account shared' });
  assert.equal(res.statusCode, 303);
  assert.equal(signedInAs((await member.get('/')).body), null);
  const [entry] = await query<{ actor_name: string; action: string; note: string }>(t.database, sql`SELECT actor_name, action, note FROM moderation_log WHERE action = 'end-sign-ins'`);
  assert.deepEqual({ ...entry }, { actor_name: 'boss', action: 'end-sign-ins', note: 'Account shared' });
});

test('granting and revoking a role on the page, logged; never one\'s own', async () => {
  assert.equal((await press(admin, '/admin/users/member', '/admin/users/member/role', { role: 'moderator', note: 'Trusted' })).statusCode, 303);
  assert.match((await admin.get('/admin/users/member')).body, /Role: <strong>moderator<\/strong>/);
  assert.equal((await press(admin, '/admin/users/member', '/admin/users/member/role', { role: 'member' })).statusCode, 303);
  const log = await query<{ action: string; note: string }>(t.database, sql`SELECT action, note FROM moderation_log WHERE target_label = 'member' AND action IN ('grant', 'revoke') ORDER BY id`);
  assert.deepEqual(log.map((l) => [l.action, l.note]), [['grant', 'Trusted'], ['revoke', 'was moderator']]);
  assert.doesNotMatch((await admin.get('/admin/users/boss')).body, /Change role/);
  const own = await admin.post('/admin/users/boss/role', { _csrf: admin.csrf(), role: 'member' });
  assert.equal(own.statusCode, 422);
  const bad = await press(admin, '/admin/users/mod', '/admin/users/mod/role', { role: 'owner' });
  assert.equal(bad.statusCode, 422);
  assert.equal((await press(moderator, '/', '/admin/users/member/role', { role: 'admin' })).statusCode, 403);
});
