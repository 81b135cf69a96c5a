// The moderation log page: every moderator and admin action with who, what
// to, why and when, for moderators and admins only.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.js';
import { texts } from '../support/html.js';
import { giveRole } from '../support/roles.js';
import { Browser, signedUp } from '../support/web.js';

let t: TestApp;
let admin: Browser;
let moderator: Browser;
let member: Browser;

before(async () => {
  t = await createTestApp();
  admin = await signedUp(t.app, 'ada');
  moderator = await signedUp(t.app, 'mo');
  member = await signedUp(t.app, 'mem');
  await giveRole(t, 'ada', 'admin');
  await giveRole(t, 'mo', 'moderator');
});
after(() => t.close());

test('moderators and admins read the log, newest first: who, what, to what and why', async () => {
  for (const browser of [admin, moderator]) {
    const page = await browser.get('/moderation/log');
    assert.equal(page.statusCode, 200);
    const rows = texts(page.body, '.moderation-table tbody tr').map((row) => row.replace(/\s+/g, ' ').trim());
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, /command line grant user mo now moderator$/);
    assert.match(rows[1]!, /command line grant user ada now admin$/);
  }
});

test('a member gets the 403 page; a signed-out visitor goes to /login', async () => {
  const page = await member.get('/moderation/log');
  assert.equal(page.statusCode, 403);
  assert.match(page.body, /This is for moderators and admins only\./);
  const visitor = await new Browser(t.app).get('/moderation/log');
  assert.equal(visitor.statusCode, 303);
  assert.equal(visitor.headers.location, '/login');
});

test('a role taken away takes the page with it', async () => {
  await giveRole(t, 'mo', 'member');
  assert.equal((await moderator.get('/moderation/log')).statusCode, 403);
});
