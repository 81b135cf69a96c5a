// A hidden article leaves search (page and API), the Atom feeds and the sitemap for everyone,
// at once, and comes back when shown: the same rule as every list (src/domain/moderation/visibility.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, postArticle, signUp } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { giveRole } from '../support/roles.js';
import { testEngine } from '../support/test-database.js';

let t: TestApp;
before(async () => (t = await createTestApp({ PUBLIC_URL: 'https://conduit.example' })));
after(() => t.close());

test(`a hidden article is found nowhere, and is again once shown (${testEngine})`, async () => {
  const call = api(t.app);
  const writer = await signUp(t.app, 'discoverable');
  const moderator = await signUp(t.app, 'discoverymod');
  await giveRole(t, 'discoverymod', 'moderator');
  const { slug } = await postArticle(t.app, writer, { title: 'Periwinkle harbour', body: 'Periwinkle shells everywhere.', tagList: ['shells'] });

  const everywhere = async () => ({
    page: (await t.app.inject('/search?q=periwinkle')).body.includes('Periwinkle harbour'),
    api: (await call('/articles?q=periwinkle')).json().articlesCount as number,
    feed: (await t.app.inject('/feed.atom')).body.includes('Periwinkle harbour'),
    tagFeed: (await t.app.inject('/tag/shells/feed.atom')).body.includes('Periwinkle harbour'),
    authorFeed: (await t.app.inject('/profile/discoverable/feed.atom')).body.includes('Periwinkle harbour'),
    sitemap: await sitemapHas(slug),
  });
  const found = { page: true, api: 1, feed: true, tagFeed: true, authorFeed: true, sitemap: true };
  assert.deepEqual(await everywhere(), found);
  // Twice, so the signed-out answers are kept before the hide.
  assert.deepEqual(await everywhere(), found);

  const hidden = await call(`/moderation/articles/${slug}/hide`, { method: 'POST', token: moderator, body: { moderation: { note: 'Spam' } } });
  assert.equal(hidden.statusCode, 200, hidden.body);
  assert.deepEqual(await everywhere(), { page: false, api: 0, feed: false, tagFeed: false, authorFeed: false, sitemap: false });

  await call(`/moderation/articles/${slug}/unhide`, { method: 'POST', token: moderator });
  assert.deepEqual(await everywhere(), found);
});

/** Whether any sitemap file lists the article (the index's parts, or the one file). */
async function sitemapHas(slug: string): Promise<boolean> {
  const top = (await t.app.inject('/sitemap.xml')).body;
  const parts = [...top.matchAll(/<loc>https:\/\/conduit\.example(\/sitemaps\/[^<]+)<\/loc>/g)].map((m) => m[1]!);
  const bodies = parts.length > 0 ? await Promise.all(parts.map(async (part) => (await t.app.inject(part)).body)) : [top];
  return bodies.some((body) => body.includes(`/article/${slug}<`));
}
