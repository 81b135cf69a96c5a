// In-app notifications through the pages: who is told what, the navbar's
// count, grouping, marking read, muting an article, and what takes them back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.js';
import { findUserByUsername } from '../../src/domain/accounts/users.js';
import { suspendUser } from '../../src/domain/moderation/suspension.js';
import { writeQueuedNotifications } from '../../src/domain/notifications/notification-queue.js';
import { api, signUp as apiSignUp } from '../support/api.js';
import { giveRole } from '../support/roles.js';
import { Browser, decodeEntities, press, publish, signedUp } from '../support/web.js';

let t: TestApp;
let ana: Browser;
let bob: Browser;
let cy: Browser;
let dee: Browser;
let slug: string;
let article: string;

before(async () => {
  t = await createTestApp();
  [ana, bob, cy, dee] = [await signedUp(t.app, 'ana'), await signedUp(t.app, 'bob'), await signedUp(t.app, 'cy'), await signedUp(t.app, 'dee')];
  slug = await publish(ana, { title: 'Notes on notes' });
  article = `/article/${encodeURIComponent(slug)}`;
});
after(() => t.close());

/** The navbar link's text, tags removed: "Notifications" or "Notifications 3 unread". */
async function navbarLink(browser: Browser): Promise<string> {
  const html = (await browser.get('/')).body;
  const link = /<a class="nav-link[^"]*" href="\/notifications">(.*?)<\/a>/s.exec(html)?.[1];
  assert.ok(link !== undefined, 'the navbar links to /notifications');
  return decodeEntities(link.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
}

/** What a server's notification writer does shortly after each request that queued one. */
const writtenOut = () => writeQueuedNotifications(t.database.db, t.app.services.now);

/** The lines of /notifications (which writes out what is queued first), tags removed. */
async function lines(browser: Browser): Promise<string[]> {
  const html = (await browser.get('/notifications')).body;
  return [...html.matchAll(/<li class="notification[^"]*">(.*?)<\/li>/gs)].map((m) =>
    decodeEntities(m[1]!.replace(/<form.*?<\/form>/gs, '').replace(/<time.*?<\/time>/gs, '').replace(/<[^>]+>/g, ''))
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

test('favorites, a comment with a mention and a follow reach the author, grouped, with the count in the navbar', async () => {
  assert.equal(await navbarLink(ana), 'Notifications');
  for (const reader of [bob, cy, dee]) assert.equal((await press(reader, article, `${article}/favorite`)).statusCode, 303);
  assert.equal((await press(bob, article, `${article}/comments`, { body: 'Thanks @ana, and @cy should read this.' })).statusCode, 303);
  assert.equal((await press(bob, '/profile/ana', '/profile/ana/follow')).statusCode, 303);
  // Her own action tells her nothing.
  assert.equal((await press(ana, article, `${article}/comments`, { body: 'Replying to myself, @ana.' })).statusCode, 303);

  // Queued by the requests; a server's writer writes them out within a fraction of a second (test/jobs/notification-writer.test.ts).
  assert.equal(await navbarLink(ana), 'Notifications');
  await writtenOut();
  assert.equal(await navbarLink(ana), 'Notifications 5 unread');
  assert.deepEqual(await lines(ana), [
    'Unread: bob followed you',
    'Unread: bob commented on Notes on notes',
    'Unread: dee and 2 others favorited Notes on notes',
  ]);
  assert.deepEqual(await lines(cy), ['Unread: bob mentioned you in a comment on Notes on notes']);
  // The mention is a link on the page; the comment is kept as written.
  const page = (await bob.get(article)).body;
  assert.match(page, /<a class="mention" href="\/profile\/cy">@cy<\/a> should read this\./);
});

test('marking one group read, then all', async () => {
  const html = (await ana.get('/notifications')).body;
  const first = /action="(\/notifications\/\d+\/read)"/.exec(html)?.[1];
  assert.ok(first);
  assert.equal((await ana.post(first, { _csrf: ana.csrf() })).statusCode, 303);
  assert.equal(await navbarLink(ana), 'Notifications 4 unread');
  assert.equal((await lines(ana))[0], 'bob followed you');
  assert.equal((await press(ana, '/notifications', '/notifications/read-all')).statusCode, 303);
  assert.equal(await navbarLink(ana), 'Notifications');
  assert.ok((await lines(ana)).every((line) => !line.startsWith('Unread')));
  // Someone else's notification is not there to mark.
  const id = /\/notifications\/(\d+)\/read/.exec(first)![1];
  assert.equal((await press(bob, '/notifications', `/notifications/${id}/read`)).statusCode, 404);
});

test('an undone favorite or follow takes its notification back', async () => {
  assert.equal((await press(dee, article, `${article}/unfavorite`)).statusCode, 303);
  assert.equal((await press(bob, '/profile/ana', '/profile/ana/unfollow')).statusCode, 303);
  const shown = await lines(ana);
  assert.ok(shown.includes('cy and 1 other favorited Notes on notes'), shown.join(' | '));
  assert.ok(!shown.some((line) => line.includes('followed you')), shown.join(' | '));
});

test('a muted article tells nothing more, and someone blocked or muted tells nothing', async () => {
  assert.equal((await press(ana, article, `${article}/mute-notifications`)).statusCode, 303);
  assert.match((await ana.get(article)).body, /Unmute notifications about this article/);
  assert.equal((await press(dee, article, `${article}/favorite`)).statusCode, 303);
  assert.equal(await navbarLink(ana), 'Notifications');
  assert.equal((await press(ana, article, `${article}/unmute-notifications`)).statusCode, 303);

  assert.equal((await press(ana, '/profile/cy', '/profile/cy/mute')).statusCode, 303);
  assert.equal((await press(ana, '/profile/dee', '/profile/dee/block')).statusCode, 303);
  assert.equal((await press(cy, '/profile/ana', '/profile/ana/follow')).statusCode, 303);
  assert.equal((await press(cy, article, `${article}/comments`, { body: 'Muted, so unheard.' })).statusCode, 303);
  assert.equal(await navbarLink(ana), 'Notifications');
  // What the muted and blocked did before is gone too.
  assert.ok(!(await lines(ana)).some((line) => /\b(cy|dee)\b/.test(line)));
});

test('the mail settings: defaults shown, a choice saved, a bad value refused', async () => {
  const page = (await bob.get('/settings/notifications')).body;
  assert.match(page, /<select class="form-control" id="delivery-comment" name="comment">.*?<option value="instant" selected>/s);
  const choice = { follow: 'off', favorite: 'daily', comment: 'weekly', mention: 'instant', publication: 'off' };
  assert.equal((await bob.submit('/settings/notifications', '/settings/notifications', choice)).statusCode, 303);
  assert.match((await bob.get('/settings/notifications')).body, /name="comment">.*?<option value="weekly" selected>/s);
  const bad = await bob.submit('/settings/notifications', '/settings/notifications', { ...choice, follow: 'hourly' });
  assert.equal(bad.statusCode, 422);
});

test('the API face notifies as the pages do: a favorite and a comment through /api reach the author', async () => {
  const token = await apiSignUp(t.app, 'eve');
  const call = api(t.app);
  const before = await navbarLink(ana);
  assert.equal((await call(`/articles/${slug}/favorite`, { method: 'POST', token })).statusCode, 200);
  assert.equal((await call(`/articles/${slug}/comments`, { method: 'POST', token, body: { comment: { body: 'Via the API, @ana.' } } })).statusCode, 201);
  await writtenOut();
  assert.notEqual(await navbarLink(ana), before);
  const shown = await lines(ana);
  assert.ok(shown.includes('Unread: eve commented on Notes on notes'), shown.join(' | '));
  assert.ok(shown.some((line) => /^Unread: eve( and \d+ others?)? favorited Notes on notes$/.test(line)), shown.join(' | '));
});

test('a suspended actor, and a hidden article, leave no notification behind', async () => {
  const mod = await signedUp(t.app, 'mod');
  await giveRole(t, 'mod', 'moderator');
  const fay = await signedUp(t.app, 'fay');
  assert.equal((await press(fay, '/profile/ana', '/profile/ana/follow')).statusCode, 303);
  assert.ok((await lines(ana)).includes('Unread: fay followed you'));
  const moderator = await findUserByUsername(t.database.db, 'mod');
  await suspendUser(t.app.services, moderator!, 'fay', { reason: 'Spam' });
  assert.ok(!(await lines(ana)).some((line) => line.includes('fay')));

  const other = await publish(ana, { title: 'Soon hidden' });
  const path = `/article/${encodeURIComponent(other)}`;
  assert.equal((await press(bob, path, `${path}/favorite`)).statusCode, 303);
  assert.ok((await lines(ana)).some((line) => line.includes('Soon hidden')));
  assert.equal((await press(mod, path, `/moderation/articles/${encodeURIComponent(other)}/hide`, { note: 'Spam' })).statusCode, 303);
  assert.ok(!(await lines(ana)).some((line) => line.includes('Soon hidden')));
});
