// Links in articles by accounts under three days old carry rel="nofollow ugc";
// after that they are ordinary links (docs/decisions/0026). The change comes
// with time alone, so neither the rendered-Markdown cache nor the signed-out
// page cache may hold the old answer past it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LINKS_TRUSTED_AFTER_MS } from '../../../src/domain/anti-abuse/account-age.js';
import { postArticle, signUp } from '../../support/api.js';
import { TestClock, createTestApp, type TestApp } from '../../support/app.js';
import { all, parse } from '../../support/html.js';
import { Browser } from '../../support/web.js';

const clock = new TestClock();
let t: TestApp;
before(async () => (t = await createTestApp({}, { now: clock.now })));
after(() => t.close());

const relsOn = (html: string) => all(parse(html), '.article-content a').map((a) => a.attribs.rel);

test('a young account\'s links are nofollow ugc until it is three days old, then followed, for signed-out and signed-in readers', async () => {
  const token = await signUp(t.app, 'newcomer');
  const body = 'See [my site](https://example.com/) and [docs](https://example.org/docs).';
  const { slug } = await postArticle(t.app, token, { title: 'Fresh links', body });
  const anon = new Browser(t.app);
  const reader = new Browser(t.app);
  await reader.register('reader');
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(relsOn((await anon.get(`/article/${slug}`)).body), ['nofollow ugc noopener', 'nofollow ugc noopener']);
    assert.deepEqual(relsOn((await reader.get(`/article/${slug}`)).body), ['nofollow ugc noopener', 'nofollow ugc noopener']);
  }
  clock.advance(LINKS_TRUSTED_AFTER_MS - 1);
  assert.deepEqual(relsOn((await anon.get(`/article/${slug}`)).body), ['nofollow ugc noopener', 'nofollow ugc noopener']);
  clock.advance(1);
  const aged = await anon.get(`/article/${slug}`);
  assert.notEqual(aged.headers['server-timing'], 'cache;desc="hit"', 'a young author\'s page was never kept whole');
  assert.deepEqual(relsOn(aged.body), ['noopener', 'noopener']);
  assert.deepEqual(relsOn((await reader.get(`/article/${slug}`)).body), ['noopener', 'noopener']);

  // The same Markdown from a new account is still untrusted: the rendered cache keys on trust too.
  const other = await signUp(t.app, 'latecomer');
  const copy = await postArticle(t.app, other, { title: 'Same links', body });
  assert.deepEqual(relsOn((await anon.get(`/article/${copy.slug}`)).body), ['nofollow ugc noopener', 'nofollow ugc noopener']);

  // Once trusted, the page is kept whole again, as any other.
  await anon.get(`/article/${slug}`);
  assert.equal((await anon.get(`/article/${slug}`)).headers['server-timing'], 'cache;desc="hit"');
});
