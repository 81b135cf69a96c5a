// A NUL character in a body is a clear 422 naming the field, and in an address a character that
// matches nothing, on both faces and both engines: PostgreSQL would otherwise fail the statement (a 500).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, postArticle, signUp } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testEngine } from '../support/test-database.js';
import { Browser, submitEditor, uniqueName } from '../support/web.js';

let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

describe(`text with a NUL character (${testEngine})`, () => {
  test('in a JSON body the API answers 422 with the field; in a query or a path, nothing matches', async () => {
    const token = await signUp(t.app, 'nul_writer');
    const call = api(t.app);
    const posted = await call('/articles', { method: 'POST', token, body: { article: { title: 'Fine', description: 'Fine', body: 'a\u0000b' } } });
    assert.equal(posted.statusCode, 422, posted.body);
    assert.deepEqual(posted.json(), { errors: { body: ['must not contain the NUL character'] } });
    const { slug } = await postArticle(t.app, token, { title: 'Still fine' });
    const comment = await call(`/articles/${slug}/comments`, { method: 'POST', token, body: { comment: { body: '\u0000' } } });
    assert.equal(comment.statusCode, 422, comment.body);
    // In an address it is a character that matches nothing: an empty list, a profile not found.
    const tagged = await call('/articles?tag=a%00b');
    assert.equal(tagged.statusCode, 200, tagged.body);
    assert.equal(tagged.json().articlesCount, 0);
    assert.equal((await call('/profiles/nul%00writer')).statusCode, 404);
    const login = await call('/users/login', { method: 'POST', body: { user: { email: 'x\u0000@example.com', password: 'whatever it is' } } });
    assert.equal(login.statusCode, 422, login.body);
  });

  test('in a form the page says so with 422; in a page address it finds nothing, never a 500', async () => {
    const browser = new Browser(t.app);
    await browser.register(uniqueName('nulpages'));
    const saved = await submitEditor(browser, { title: 'A\u0000title' });
    assert.equal(saved.statusCode, 422, saved.body.slice(0, 300));
    assert.match(saved.body, /must not contain the NUL character/);
    assert.equal((await t.app.inject('/article/some%00slug')).statusCode, 404);
    assert.equal((await t.app.inject('/profile/some%00one')).statusCode, 404);
    assert.equal((await t.app.inject('/tag/a%00b')).statusCode, 200);
    assert.equal((await t.app.inject('/?page=%00')).statusCode, 200);
  });
});
