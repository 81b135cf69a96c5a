// The Report action on the pages and the moderation queue: a reader reports
// with a reason and a note; moderators see open reports grouped by target,
// with counts, the content, who reported it, and what came before; each
// action (dismiss, hide, suspend) takes a note and settles the reports.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.js';
import { all, texts } from '../support/html.js';
import { giveRole } from '../support/roles.js';
import { Browser, errorMessages, press, publish, signedUp } from '../support/web.js';

let t: TestApp;
let writer: Browser;
let ann: Browser;
let ben: Browser;
let moderator: Browser;
let slug: string;

before(async () => {
  t = await createTestApp();
  writer = await signedUp(t.app, 'writer');
  ann = await signedUp(t.app, 'ann');
  ben = await signedUp(t.app, 'ben');
  moderator = await signedUp(t.app, 'mod');
  await giveRole(t, 'mod', 'moderator');
  slug = await publish(writer, { title: 'Miracle cure', description: 'Buy now' });
  await press(writer, `/article/${slug}`, `/article/${slug}/comments`, { body: 'Also on sale.' });
});
after(() => t.close());

test('a Report link beside the article, each comment and the profile, for signed-in readers', async () => {
  const page = (await ann.get(`/article/${slug}`)).body;
  assert.deepEqual(all(page, 'a.report-link').map((a) => a.attribs.href), [`/article/${slug}/report`, `/article/${slug}/comments/${/comments\/(\d+)\/report/.exec(page)![1]}/report`]);
  assert.equal(all((await ann.get('/profile/writer')).body, 'a.report-link')[0]?.attribs.href, '/profile/writer/report');
  assert.equal(all((await new Browser(t.app).get(`/article/${slug}`)).body, 'a.report-link').length, 0);
  assert.equal(all((await writer.get(`/article/${slug}`)).body, 'a.report-link').length, 0, 'not on one\'s own');
});

test('the report form: a reason and a note, sent with CSRF; a second report is told it is open already', async () => {
  const form = await ann.get(`/article/${slug}/report`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /<select class="form-control" id="report-reason" name="reason" required>/);
  const sent = await ann.post(`/article/${slug}/report`, { _csrf: ann.csrf(), reason: 'spam', note: 'Snake oil' });
  assert.equal(sent.statusCode, 200);
  assert.match(sent.body, /Thank you\. The moderators will look at it\./);
  const again = await ann.submit(`/article/${slug}/report`, `/article/${slug}/report`, { reason: 'other' });
  assert.equal(again.statusCode, 409);
  assert.deepEqual(errorMessages(again.body), ['A report is already open for this article: the moderators will look at it']);
  const bad = await ben.submit(`/article/${slug}/report`, `/article/${slug}/report`, { reason: '', note: 'keep me' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, />keep me<\/textarea>/);
  assert.equal((await ben.submit(`/article/${slug}/report`, `/article/${slug}/report`, { reason: 'harassment' })).statusCode, 200);
  assert.equal((await ben.submit('/profile/writer/report', '/profile/writer/report', { reason: 'spam' })).statusCode, 200);
});

test('the queue groups open reports by target, most reported first, with the content and the reporters', async () => {
  const page = await moderator.get('/moderation');
  assert.equal(page.statusCode, 200);
  const headings = texts(page.body, '.report-group h2').map((h) => h.replace(/\s+/g, ' '));
  assert.deepEqual(headings, ['Article: Miracle cure (2 open reports)', 'User: writer (1 open report)']);
  assert.match(page.body, /<blockquote class="reported-content">Buy now<\/blockquote>/);
  const cells = texts(page.body, '.report-group:first-of-type tbody td');
  assert.deepEqual([cells.slice(0, 3), cells.slice(4, 7)], [['ann', 'spam', 'Snake oil'], ['ben', 'harassment', '']]);
  assert.equal((await ann.get('/moderation')).statusCode, 403);
});

test('hiding from the queue with a note resolves the article\'s reports and keeps the history', async () => {
  await moderator.get('/moderation');
  const res = await moderator.post(`/moderation/articles/${slug}/hide`, { _csrf: moderator.csrf(), note: 'Quackery', returnTo: '/moderation' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/moderation');
  const page = (await moderator.get('/moderation')).body;
  assert.deepEqual(texts(page, '.report-group h2').map((h) => h.replace(/\s+/g, ' ')), ['User: writer (1 open report)']);
  // A new report on the (shown again) article brings back its group, with what came before.
  await moderator.submit(`/article/${slug}`, `/moderation/articles/${slug}/unhide`, { returnTo: `/article/${slug}` });
  assert.equal((await ann.submit(`/article/${slug}/report`, `/article/${slug}/report`, { reason: 'spam' })).statusCode, 200);
  const history = (await moderator.get('/moderation')).body;
  assert.match(history, /Earlier: 2 closed reports, 2 actions/);
  assert.match(history, /mod hide: Quackery/);
});

test('dismissing and suspending from the queue, each with a note, in the log', async () => {
  await moderator.get('/moderation');
  const dismiss = await moderator.post('/moderation/reports/user/' + /reports\/user\/(\d+)\/dismiss/.exec(moderator.lastHtml)![1] + '/dismiss', { _csrf: moderator.csrf(), note: 'Not spam', returnTo: '/moderation' });
  assert.equal(dismiss.statusCode, 303);
  await moderator.get('/moderation');
  const articleId = /name="resolves" value="article:(\d+)"/.exec(moderator.lastHtml)![1];
  const suspend = await moderator.post('/moderation/users/writer/suspend', { _csrf: moderator.csrf(), days: '3', reason: 'Quack', resolves: `article:${articleId}`, returnTo: '/moderation' });
  assert.equal(suspend.statusCode, 303);
  assert.match((await moderator.get('/moderation')).body, /No open reports\./);
  const log = texts((await moderator.get('/moderation/log')).body, '.moderation-table tbody tr').map((r) => r.replace(/\s+/g, ' ').trim());
  assert.match(log[0]!, /mod suspend user writer 3 days: Quack$/);
  assert.match(log[1]!, /mod dismiss user writer Not spam$/);
});
