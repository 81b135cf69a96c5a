import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Browser, createTestApp, type TestApp } from './helpers.js';

let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

test('a visitor registers and lands signed in on /', async () => {
  const browser = new Browser(t.app);
  const res = await browser.register('alice');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/');
  const home = await browser.get('/');
  assert.match(home.body, /href="\/profile\/alice"/);
});
