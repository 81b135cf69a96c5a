// Hiding on the pages: a moderator hides an article or a comment with a note
// from the article page; readers no longer find it; its author sees it
// marked hidden, with the reason; moderators can show it again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/app.js';
import { texts } from '../support/html.js';
import { giveRole } from '../support/roles.js';
import { Browser, press, publish, signedUp } from '../support/web.js';

let t: TestApp;
let writer: Browser;
let reader: Browser;
let moderator: Browser;
let slug: string;
let page: string;

before(async () => {
  t = await createTestApp();
  writer = await signedUp(t.app, 'writer');
  reader = await signedUp(t.app, 'reader');
  moderator = await signedUp(t.app, 'mod');
  await giveRole(t, 'mod', 'moderator');
  slug = await publish(writer, { title: 'Cheap pills', tags: ['deals'] });
  page = `/article/${slug}`;
  assert.equal((await press(reader, page, `${page}/comments`, { body: 'You are all fools.' })).statusCode, 303);
});
after(() => t.close());

test('only moderators get the hide buttons', async () => {
  assert.doesNotMatch((await reader.get(page)).body, /Hide article|Hide comment/);
  assert.doesNotMatch((await writer.get(page)).body, /Hide article/);
  const seen = (await moderator.get(page)).body;
  assert.match(seen, /<button class="btn btn-sm btn-outline-danger" type="submit">Hide article<\/button>/);
  assert.match(seen, /Hide comment/);
});

test('a member posting the hide form is refused with the 403 page', async () => {
  await reader.get(page);
  const res = await reader.post(`/moderation/articles/${slug}/hide`, { _csrf: reader.csrf(), note: 'mine now' });
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /This is for moderators and admins only\./);
  assert.equal((await new Browser(t.app).get(page)).statusCode, 200);
});

test('a moderator hides the article with a note and goes back to it, marked hidden', async () => {
  const res = await press(moderator, page, `/moderation/articles/${slug}/hide`, { note: 'Selling pills', returnTo: page });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, page);
  const seen = (await moderator.get(page)).body;
  assert.match(seen, /Hidden by a moderator: Selling pills Only its author and the moderators can see it\./);
  assert.match(seen, />Unhide article</);
});

test('readers no longer find it: a 404 page, and gone from home, tag and profile', async () => {
  for (const browser of [reader, new Browser(t.app)]) {
    assert.equal((await browser.get(page)).statusCode, 404);
    for (const url of ['/', '/tag/deals', '/profile/writer']) assert.deepEqual(texts((await browser.get(url)).body, '.article-preview h1'), [], url);
    assert.deepEqual(texts((await browser.get('/')).body, '.sidebar .tag-pill'), []);
  }
});

test('its author sees it marked hidden with the reason, on the article and in their own list', async () => {
  const seen = (await writer.get(page)).body;
  assert.match(seen, /Hidden by a moderator: Selling pills Only you and the moderators can see it\./);
  assert.deepEqual(texts((await writer.get('/profile/writer')).body, '.article-preview h1'), ['Cheap pills']);
});

test('a hidden comment leaves the page; its author sees it marked', async () => {
  await press(moderator, page, `/moderation/articles/${slug}/unhide`, { returnTo: page });
  const id = /\/moderation\/comments\/(\d+)\/hide/.exec((await moderator.get(page)).body)?.[1];
  assert.ok(id);
  assert.equal((await press(moderator, page, `/moderation/comments/${id}/hide`, { note: 'Insults', returnTo: page })).statusCode, 303);
  assert.doesNotMatch((await new Browser(t.app).get(page)).body, /You are all fools/);
  assert.doesNotMatch((await writer.get(page)).body, /You are all fools/);
  const own = (await reader.get(page)).body;
  assert.match(own, /You are all fools\.<\/p>\s*<span class="hidden-marker">Hidden by a moderator: Insults<\/span>/);
  assert.match((await moderator.get(page)).body, />Unhide comment</);
});
