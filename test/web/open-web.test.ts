// What the open web reads: every page's title and description, the social
// and structured data of articles and profiles, /sitemap.xml (split into an
// index past its size) and /robots.txt, with every address from PUBLIC_URL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, postArticle, signUp } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { all, count, one, parse, rawText, type Doc } from '../support/html.js';
import { Browser, signedUp } from '../support/web.js';
import { readSitemap } from '../support/xml-documents.js';
import { sitemapEntries } from '../../src/domain/publishing/sitemap-entries.js';

const ORIGIN = 'https://conduit.example';
const HOSTILE = { host: 'evil.example', 'x-forwarded-host': 'evil.example' };
/** URLs per sitemap file in this test: small, so a handful of pages makes an index. */
const SIZE = 4;

let t: TestApp;
let writer: Browser;
const slugs: string[] = [];
const TRICKY_TITLE = 'Breaking out </script><script>alert("x")</script> & <!-- more';

const meta = (doc: Doc, attr: 'name' | 'property', key: string) => all(doc, `meta[${attr}="${key}"]`).map((m) => m.attribs.content);
const jsonLd = (doc: Doc) => all(doc, 'script[type="application/ld+json"]').map((s) => JSON.parse(rawText(s)) as Record<string, unknown>);

async function page(url: string, browser?: Browser) {
  const res = browser ? await browser.get(url, HOSTILE) : await t.app.inject({ url, headers: HOSTILE });
  assert.equal(res.statusCode, 200, url);
  assert.ok(!res.body.includes('evil.example'), `${url} takes no address from the Host header`);
  return parse(res.body);
}

before(async () => {
  t = await createTestApp({ PUBLIC_URL: ORIGIN, SITEMAP_URLS_PER_FILE: String(SIZE) });
  writer = await signedUp(t.app, 'writer');
  const token = await signUp(t.app, 'reader');
  await api(t.app)('/user', { method: 'PUT', token, body: { user: { bio: 'Reads <b>everything</b>.', image: 'https://img.example/r.png' } } });
  const tricky = await postArticle(t.app, token, { title: TRICKY_TITLE, description: 'A title that tries </script>', tagList: ['html', 'safety'] });
  slugs.push(tricky.slug);
  for (let i = 0; i < 5; i++) slugs.push((await postArticle(t.app, token, { title: `Plain ${i}`, tagList: ['html'] })).slug);
});
after(() => t.close());

describe('titles and descriptions', () => {
  test('every page has its own title and a meta description', async () => {
    const pages: Array<[string, Browser | undefined]> = [
      ['/', undefined],
      ['/tag/html', undefined],
      [`/article/${slugs[1]}`, undefined],
      ['/profile/reader', undefined],
      ['/profile/reader/favorites', undefined],
      ['/login', undefined],
      ['/register', undefined],
      ['/forgot', undefined],
      ['/settings', writer],
      ['/editor', writer],
      ['/?feed=following', writer],
    ];
    const titles = new Set<string>();
    for (const [url, browser] of pages) {
      const doc = await page(url, browser);
      const title = rawText(one(doc, 'title')!);
      assert.match(title, /^.+ — Conduit$/, url);
      titles.add(title);
      const [description] = meta(doc, 'name', 'description');
      assert.ok(description && description.length >= 10, `${url} has a description: ${description}`);
    }
    assert.equal(titles.size, pages.length, 'no two of these pages share a title');
  });
});

describe('articles and profiles for other sites', () => {
  test('an article carries Open Graph, a Twitter card, a canonical link and JSON-LD that no title can break out of', async () => {
    const url = `${ORIGIN}/article/${encodeURIComponent(slugs[0]!)}`;
    const doc = await page(`/article/${slugs[0]}`);
    assert.deepEqual(all(doc, 'link[rel="canonical"]').map((l) => l.attribs.href), [url]);
    assert.deepEqual(meta(doc, 'property', 'og:type'), ['article']);
    assert.deepEqual(meta(doc, 'property', 'og:title'), [TRICKY_TITLE]);
    assert.deepEqual(meta(doc, 'property', 'og:url'), [url]);
    assert.deepEqual(meta(doc, 'property', 'og:image'), ['https://img.example/r.png']);
    assert.deepEqual(meta(doc, 'property', 'article:tag'), ['html', 'safety']);
    assert.deepEqual(meta(doc, 'name', 'twitter:card'), ['summary']);
    assert.deepEqual(meta(doc, 'name', 'twitter:title'), [TRICKY_TITLE]);
    assert.equal(count(doc, 'script'), 1, 'the title opened no script of its own');
    const article = (await api(t.app)(`/articles/${slugs[0]}`)).json().article;
    assert.deepEqual(jsonLd(doc), [
      {
        '@context': 'https://schema.org',
        '@type': 'Article',
        headline: TRICKY_TITLE,
        description: 'A title that tries </script>',
        author: { '@type': 'Person', name: 'reader', url: `${ORIGIN}/profile/reader` },
        datePublished: article.createdAt,
        dateModified: article.updatedAt,
        url,
        mainEntityOfPage: url,
        keywords: ['html', 'safety'],
      },
    ]);
  });

  test('a profile carries Open Graph, a Twitter card, a canonical link and a JSON-LD Person', async () => {
    const doc = await page('/profile/READER');
    assert.deepEqual(all(doc, 'link[rel="canonical"]').map((l) => l.attribs.href), [`${ORIGIN}/profile/reader`]);
    assert.deepEqual(meta(doc, 'property', 'og:type'), ['profile']);
    assert.deepEqual(meta(doc, 'property', 'profile:username'), ['reader']);
    assert.deepEqual(meta(doc, 'name', 'description'), ['Reads <b>everything</b>.']);
    assert.deepEqual(meta(doc, 'name', 'twitter:card'), ['summary']);
    assert.deepEqual(jsonLd(doc), [
      { '@context': 'https://schema.org', '@type': 'Person', name: 'reader', description: 'Reads <b>everything</b>.', image: 'https://img.example/r.png', url: `${ORIGIN}/profile/reader` },
    ]);
    const second = await page('/profile/reader?page=2');
    assert.deepEqual(all(second, 'link[rel="canonical"]').map((l) => l.attribs.href), [`${ORIGIN}/profile/reader?page=2`]);
  });
});

describe('the sitemap', () => {
  async function sitemap(url: string) {
    const res = await t.app.inject({ url, headers: HOSTILE });
    assert.equal(res.statusCode, 200, url);
    assert.match(String(res.headers['content-type']), /^application\/xml/);
    return readSitemap(res.body);
  }

  test(`past ${SIZE} URLs it is an index of parts that list every article, profile and tag with its lastmod`, async () => {
    const index = await sitemap('/sitemap.xml');
    assert.equal(index.kind, 'sitemapindex');
    // 6 articles, 2 profiles, 2 tags in use.
    assert.deepEqual(
      index.entries.map((e) => e.loc),
      ['articles-1', 'articles-2', 'profiles-1', 'tags-1'].map((part) => `${ORIGIN}/sitemaps/${part}.xml`),
    );
    const listed: string[] = [];
    for (const { loc } of index.entries) {
      const part = await sitemap(loc.slice(ORIGIN.length));
      assert.equal(part.kind, 'urlset');
      assert.ok(part.entries.length <= SIZE);
      for (const entry of part.entries) {
        assert.match(entry.lastmod ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, entry.loc);
        listed.push(entry.loc);
      }
    }
    const expected = [
      ...slugs.map((s) => `${ORIGIN}/article/${encodeURIComponent(s)}`),
      `${ORIGIN}/profile/writer`,
      `${ORIGIN}/profile/reader`,
      `${ORIGIN}/tag/html`,
      `${ORIGIN}/tag/safety`,
    ];
    assert.deepEqual(listed.sort(), expected.sort());
  });

  test("an article's lastmod is its last edit; a profile's moves with a new article", async () => {
    const lastmods = async () => {
      const map = new Map<string, string>();
      for (const part of ['articles-1', 'articles-2', 'profiles-1']) for (const e of (await sitemap(`/sitemaps/${part}.xml`)).entries) map.set(e.loc, e.lastmod!);
      return map;
    };
    const token = (await api(t.app)('/users/login', { method: 'POST', body: { user: { email: 'reader@example.com', password: 'a long enough passphrase' } } })).json().user.token;
    const edited = (await api(t.app)(`/articles/${slugs[1]}`, { method: 'PUT', token, body: { article: { body: 'New words.' } } })).json().article;
    const fresh = await postArticle(t.app, token, { title: 'Newer' });
    slugs.push(fresh.slug);
    const now = await lastmods();
    assert.equal(now.get(`${ORIGIN}/article/${slugs[1]}`), edited.updatedAt);
    assert.equal(now.get(`${ORIGIN}/profile/reader`), fresh.createdAt);
  });

  test('entries come a batch at a time, each batch going on after the last', async () => {
    const batches: string[][] = [];
    for await (const batch of sitemapEntries(t.database.db, 'articles', 1, 4, 3)) batches.push(batch.map((e) => e.name));
    assert.deepEqual(batches, [slugs.slice(1, 4), slugs.slice(4, 5)]);
  });

  test('a part past the end, or a name that is no part, is a 404', async () => {
    for (const url of ['/sitemaps/articles-9.xml', '/sitemaps/things-1.xml', '/sitemaps/articles-0.xml', '/sitemaps/articles-1.txt']) {
      assert.equal((await t.app.inject(url)).statusCode, 404, url);
    }
  });

  test('up to its size it is one file listing everything', async () => {
    const roomy = await createTestApp({ PUBLIC_URL: ORIGIN });
    try {
      const token = await signUp(roomy.app, 'solo');
      const { slug } = await postArticle(roomy.app, token, { title: 'Only one', tagList: ['lonely'] });
      const res = await roomy.app.inject({ url: '/sitemap.xml', headers: HOSTILE });
      assert.equal(res.statusCode, 200);
      const map = readSitemap(res.body);
      assert.equal(map.kind, 'urlset');
      assert.deepEqual(map.entries.map((e) => e.loc).sort(), [`${ORIGIN}/article/${slug}`, `${ORIGIN}/profile/solo`, `${ORIGIN}/tag/lonely`]);
    } finally {
      await roomy.close();
    }
  });
});

describe('robots.txt', () => {
  test('names the sitemap at PUBLIC_URL and keeps crawlers out of private pages', async () => {
    const res = await t.app.inject({ url: '/robots.txt', headers: HOSTILE });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    const lines = res.body.split('\n');
    assert.ok(lines.includes(`Sitemap: ${ORIGIN}/sitemap.xml`));
    for (const path of ['/settings', '/editor', '/login', '/register', '/forgot', '/api/']) assert.ok(lines.includes(`Disallow: ${path}`), path);
    assert.ok(!lines.some((line) => /^Disallow: \/?$/.test(line)), 'the rest of the site may be crawled');
    assert.ok(!res.body.includes('evil.example'));
  });
});

describe('without PUBLIC_URL (production may run without it)', () => {
  test('no feeds, no sitemap and no absolute links, rather than links to whatever Host was sent', async () => {
    const bare = await createTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
    try {
      assert.equal(bare.config.publicUrl, null);
      for (const url of ['/feed.atom', '/sitemap.xml']) assert.equal((await bare.app.inject({ url, headers: HOSTILE })).statusCode, 404, url);
      const robots = await bare.app.inject('/robots.txt');
      assert.ok(robots.body.includes('Disallow: /settings') && !robots.body.includes('Sitemap:'));
      const home = parse((await bare.app.inject({ url: '/', headers: HOSTILE })).body);
      assert.equal(count(home, 'link[rel="canonical"], link[rel="alternate"], a[href="/feed.atom"]'), 0);
      assert.ok(meta(home, 'name', 'description')[0]);
    } finally {
      await bare.close();
    }
  });
});
