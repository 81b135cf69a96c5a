import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD, api, postArticle, signUp } from './support/api.js';
import { createTestApp, type TestApp } from './support/app.js';
import { Browser } from './support/web.js';

// The pages and the API are two faces of one domain: what one writes, the other shows.
let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

test('an article written through the API renders on its page, Markdown and tags included', async () => {
  const token = await signUp(t.app, 'apiwriter');
  const article = await postArticle(t.app, token, {
    title: 'Written by a script',
    description: 'From the API',
    body: '## Section\n\nSome **bold** words.',
    tagList: ['zeta', 'alpha'],
  });
  const page = await new Browser(t.app).get(`/article/${article.slug}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1>Written by a script<\/h1>/);
  assert.match(page.body, /<h3>Section<\/h3>/); // headings start one level down: the title is the h1
  assert.match(page.body, /<strong>bold<\/strong>/);
  assert.match(page.body, /tag-pill tag-outline">alpha<\/li>[\s\S]*tag-pill tag-outline">zeta<\/li>/);
  assert.match(page.body, /class="author">apiwriter</);
});

test('an article written in the editor is served by the API, and a comment on the page too', async () => {
  const browser = new Browser(t.app);
  await browser.submit('/register', '/register', { username: 'pagewriter', email: 'pagewriter@example.com', password: PASSWORD });
  const published = await browser.submit('/editor', '/editor', {
    title: 'Written in a browser',
    description: 'From the editor',
    body: 'Plain *Markdown*.',
    tagList: 'beta, gamma',
  });
  assert.equal(published.statusCode, 303);
  const slug = String(published.headers.location).replace('/article/', '');
  await browser.submit(`/article/${slug}`, `/article/${slug}/comments`, { body: 'First!' });

  const call = api(t.app);
  const res = await call(`/articles/${slug}`);
  assert.equal(res.statusCode, 200);
  const { article } = res.json();
  assert.equal(article.title, 'Written in a browser');
  assert.equal(article.body, 'Plain *Markdown*.');
  assert.deepEqual(article.tagList, ['beta', 'gamma']);
  assert.equal(article.author.username, 'pagewriter');

  const comments = (await call(`/articles/${slug}/comments`)).json().comments;
  assert.equal(comments.length, 1);
  assert.equal(comments[0].body, 'First!');

  // The same account signs in to the API with the password chosen on the page.
  const login = await call('/users/login', { method: 'POST', body: { user: { email: 'pagewriter@example.com', password: PASSWORD } } });
  assert.equal(login.statusCode, 200);
});

test('a favorite through the API shows on the page as the viewer sees it', async () => {
  const token = await signUp(t.app, 'fan');
  const article = await postArticle(t.app, token, { title: 'Favorite me' });
  await api(t.app)(`/articles/${article.slug}/favorite`, { method: 'POST', token });
  const browser = new Browser(t.app);
  await browser.login('fan@example.com', PASSWORD);
  const page = await browser.get('/');
  assert.match(page.body, /btn-primary"[^>]*aria-label="Unfavorite “Favorite me” \(1\)"/);
});
