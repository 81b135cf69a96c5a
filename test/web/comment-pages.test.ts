// An article page shows its newest comments twenty at a time, so it costs
// the same to build with a thousand comments as with three.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, postArticle, signUp } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { Browser } from '../support/web.js';
import { all, parse, text, texts } from '../support/html.js';

let t: TestApp;
let slug: string;

before(async () => {
  t = await createTestApp();
  const token = await signUp(t.app, 'talker');
  slug = (await postArticle(t.app, token, { title: 'Much discussed' })).slug;
  const call = api(t.app);
  for (let i = 1; i <= 45; i++) {
    const res = await call(`/articles/${slug}/comments`, { method: 'POST', token, body: { comment: { body: `Comment ${i}` } } });
    assert.equal(res.statusCode, 201);
  }
});
after(() => t.close());

const commentTexts = (html: string) => texts(html, '.card .card-block p');

test('the first page shows the newest twenty, with links to the older ones', async () => {
  const res = await new Browser(t.app).get(`/article/${slug}`);
  assert.equal(res.statusCode, 200);
  const shown = commentTexts(res.body);
  assert.equal(shown.length, 20);
  assert.equal(shown[0], 'Comment 45');
  assert.equal(shown[19], 'Comment 26');
  const doc = parse(res.body);
  const links = all(doc, 'nav[aria-label="Comment pages"] a.page-link');
  assert.deepEqual(links.map((a) => a.attribs.href), [1, 2, 3].map((n) => `/article/${slug}?page=${n}`));
  assert.equal(text(links[0]!), '1');
});

test('the last page shows the oldest; a page past the end shows none', async () => {
  const browser = new Browser(t.app);
  assert.deepEqual(commentTexts((await browser.get(`/article/${slug}?page=3`)).body), ['Comment 5', 'Comment 4', 'Comment 3', 'Comment 2', 'Comment 1']);
  assert.deepEqual(commentTexts((await browser.get(`/article/${slug}?page=9`)).body), []);
});

test('the API still answers every comment', async () => {
  const res = await api(t.app)(`/articles/${slug}/comments`);
  assert.equal(res.json().comments.length, 45);
});
