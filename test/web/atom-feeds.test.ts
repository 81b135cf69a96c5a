// Atom feeds of the site, of each author and of each tag: read by a strict XML
// parser and a feed parser, never by matching strings; their entries, ids and
// dates; conditional GETs; and content that trips XML writers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { api, postArticle, signUp } from '../support/api.js';
import { createTestApp, TestClock, type TestApp } from '../support/app.js';
import { all, one, parse, text } from '../support/html.js';
import { readAtom, strictXml } from '../support/xml-documents.js';
import { xmlText } from '../../src/web/xml-text.js';

const ORIGIN = 'https://conduit.example';
const ATOM = 'http://www.w3.org/2005/Atom';

let t: TestApp;
const clock = new TestClock();
let ada: string;
let bob: string;
/** Slugs in creation order: ada wrote 0–14 (tagged "even" when even), bob 15–21. */
const slugs: string[] = [];

async function feed(url: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url, headers });
  assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
  assert.match(String(res.headers['content-type']), /^application\/atom\+xml; charset=utf-8$/);
  return { res, feed: readAtom(res.body) };
}

const entryTitles = (f: ReturnType<typeof readAtom>) => (f.entries ?? []).map((e) => e.title?.value);

before(async () => {
  t = await createTestApp({ PUBLIC_URL: `${ORIGIN}/` }, { now: clock.now });
  ada = await signUp(t.app, 'ada');
  bob = await signUp(t.app, 'bob');
  for (let i = 0; i < 22; i++) {
    const article = await postArticle(t.app, i < 15 ? ada : bob, {
      title: `Article ${i}`,
      description: `About article ${i}`,
      body: `## Part ${i}\n\nSome *words* and [a link](/tag/even).\n\n<script>alert(${i})</script><img src=x onerror="alert(1)">`,
      tagList: i % 2 === 0 ? ['even', 'numbers'] : ['numbers'],
    });
    slugs.push(article.slug);
  }
});
after(() => t.close());

describe('the site feed', () => {
  test('holds the newest 20 articles, newest first, each with its whole sanitised body', async () => {
    const { feed: f } = await feed('/feed.atom');
    assert.equal(f.id, `${ORIGIN}/feed.atom`);
    assert.equal(f.title?.value, 'Conduit');
    assert.deepEqual(entryTitles(f), Array.from({ length: 20 }, (_, i) => `Article ${21 - i}`));
    const newest = f.entries![0]!;
    assert.equal(newest.content?.type, 'html');
    const body = parse(newest.content!.value!);
    assert.equal(text(one(body, 'h3')), 'Part 21', 'the Markdown heading is rendered as on the article page');
    assert.equal(one(body, 'a')?.attribs.href, '/tag/even', 'relative links stay relative, resolved by xml:base');
    assert.equal(f.xml?.base, `${ORIGIN}/`);
    assert.equal(all(body, 'script').length, 0, 'no script survives');
    assert.equal(one(body, 'img')?.attribs.onerror, undefined, 'no event handler survives');
    assert.deepEqual(newest.summary, { value: 'About article 21', type: 'text' });
    assert.deepEqual(newest.authors, [{ name: 'bob', uri: `${ORIGIN}/profile/bob` }]);
    assert.deepEqual(newest.categories?.map((c) => c.term), ['numbers']);
    const links = f.links?.map((l) => [l.rel, l.href]);
    assert.deepEqual(links, [
      ['self', `${ORIGIN}/feed.atom`],
      ['alternate', `${ORIGIN}/`],
    ]);
  });

  test('dates: published is when written, updated when last edited, and the feed is as new as its newest entry', async () => {
    const { feed: f, res } = await feed('/feed.atom');
    const article = (await api(t.app)(`/articles/${slugs[21]}`)).json().article;
    const newest = f.entries![0]!;
    assert.equal(newest.published, article.createdAt);
    assert.equal(newest.updated, article.updatedAt);
    const newestUpdate = Math.max(...f.entries!.map((e) => Date.parse(e.updated!)));
    assert.equal(f.updated, new Date(newestUpdate).toISOString());
    assert.equal(res.headers['last-modified'], new Date(newestUpdate).toUTCString());
  });

  test("an entry's id is a tag: URI of PUBLIC_URL's host that survives a new title (and slug)", async () => {
    const before = (await feed('/feed.atom')).feed.entries!.find((e) => e.title?.value === 'Article 5')!;
    assert.match(before.id!, /^tag:conduit\.example,\d{4}-\d{2}-\d{2}:article\/\d+$/);
    const renamed = await api(t.app)(`/articles/${slugs[5]}`, { method: 'PUT', token: ada, body: { article: { title: 'Article 5, retitled' } } });
    assert.equal(renamed.statusCode, 200, renamed.body);
    const { slug, updatedAt, createdAt } = renamed.json().article;
    assert.notEqual(slug, slugs[5], 'the slug followed the title');
    slugs[5] = slug;
    const after = (await feed('/feed.atom')).feed.entries!.find((e) => e.id === before.id);
    assert.ok(after, 'the same id is still in the feed');
    assert.equal(after.title?.value, 'Article 5, retitled');
    assert.equal(after.links?.[0]?.href, `${ORIGIN}/article/${encodeURIComponent(slug)}`);
    assert.equal(after.published, createdAt);
    assert.equal(after.updated, updatedAt);
    assert.notEqual(after.updated, before.updated);
    const f = (await feed('/feed.atom')).feed;
    assert.equal(f.updated, updatedAt, 'the edit is the newest update: the feed is as new as it');
    assert.equal(entryTitles(f)[0], 'Article 21', 'entries stay in order of publication');
  });
});

describe("an author's and a tag's feed", () => {
  test("an author's feed holds only their articles, and names them as they spell themselves", async () => {
    const { feed: f } = await feed('/profile/BOB/feed.atom');
    assert.deepEqual(entryTitles(f), Array.from({ length: 7 }, (_, i) => `Article ${21 - i}`));
    assert.equal(f.id, `${ORIGIN}/profile/bob/feed.atom`);
    assert.ok(f.entries!.every((e) => e.authors?.[0]?.name === 'bob'));
    assert.equal(f.links?.find((l) => l.rel === 'alternate')?.href, `${ORIGIN}/profile/bob`);
    const ada20 = entryTitles((await feed('/profile/ada/feed.atom')).feed);
    assert.equal(ada20.length, 15);
  });

  test("a tag's feed holds only that tag's articles", async () => {
    const { feed: f } = await feed('/tag/even/feed.atom');
    assert.deepEqual(entryTitles(f), ['Article 20', 'Article 18', 'Article 16', 'Article 14', 'Article 12', 'Article 10', 'Article 8', 'Article 6', 'Article 4', 'Article 2', 'Article 0']);
    assert.ok(f.entries!.every((e) => e.categories?.some((c) => c.term === 'even')));
    assert.equal(f.links?.find((l) => l.rel === 'self')?.href, `${ORIGIN}/tag/even/feed.atom`);
  });

  test('an unknown author or tag is a 404, not an empty feed', async () => {
    for (const url of ['/profile/nobody/feed.atom', '/tag/nothing-here/feed.atom']) {
      assert.equal((await t.app.inject(url)).statusCode, 404, url);
    }
  });

  test('a hostile Host header changes no address in a feed', async () => {
    const { res, feed: f } = await feed('/feed.atom', { host: 'evil.example' });
    assert.ok(!res.body.includes('evil.example'));
    for (const entry of f.entries!) assert.ok(entry.links![0]!.href!.startsWith(`${ORIGIN}/`));
  });
});

describe('conditional GET', () => {
  test('ETag and Last-Modified answer 304, until something the feed shows is written', async () => {
    const first = (await feed('/tag/numbers/feed.atom')).res;
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    assert.ok(etag && lastModified);
    // Asked again and again: built, then kept (from its second miss), then served from memory.
    for (let i = 0; i < 3; i++) {
      const byTag = await t.app.inject({ url: '/tag/numbers/feed.atom', headers: { 'if-none-match': etag } });
      assert.equal(byTag.statusCode, 304);
      assert.equal(byTag.body, '');
      const byDate = await t.app.inject({ url: '/tag/numbers/feed.atom', headers: { 'if-modified-since': lastModified } });
      assert.equal(byDate.statusCode, 304, `If-Modified-Since, time ${i}`);
      assert.equal(byDate.headers['last-modified'], lastModified);
    }
    const hit = await t.app.inject('/tag/numbers/feed.atom');
    assert.match(String(hit.headers['server-timing']), /hit/, 'the kept answer is served');
    assert.equal(hit.headers['last-modified'], lastModified, 'a kept answer keeps its Last-Modified');
    const older = new Date(Date.parse(lastModified) - 1000).toUTCString();
    assert.equal((await t.app.inject({ url: '/tag/numbers/feed.atom', headers: { 'if-modified-since': older } })).statusCode, 200);
    // An ETag named wins over the date (RFC 9110): a stale one is a full answer.
    assert.equal((await t.app.inject({ url: '/tag/numbers/feed.atom', headers: { 'if-none-match': '"old"', 'if-modified-since': lastModified } })).statusCode, 200);

    // HTTP dates count whole seconds: a change within the same second shows by the ETag alone.
    clock.advance(1000);
    await postArticle(t.app, bob, { title: 'Fresh numbers', tagList: ['numbers'] });
    const changed = await t.app.inject({ url: '/tag/numbers/feed.atom', headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.equal(entryTitles(readAtom(changed.body))[0], 'Fresh numbers');
    assert.notEqual(changed.headers.etag, etag);
    assert.equal((await t.app.inject({ url: '/tag/numbers/feed.atom', headers: { 'if-modified-since': lastModified } })).statusCode, 200);
  });

  test("a renamed author shows at once in feeds they appear in", async () => {
    const before = await t.app.inject('/profile/bob/feed.atom');
    await t.app.inject('/profile/bob/feed.atom');
    const res = await api(t.app)('/user', { method: 'PUT', token: bob, body: { user: { username: 'robert' } } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await t.app.inject({ url: '/profile/bob/feed.atom', headers: { 'if-none-match': String(before.headers.etag) } })).statusCode, 404);
    const site = readAtom((await t.app.inject('/feed.atom')).body);
    assert.ok(site.entries!.some((e) => e.authors?.[0]?.name === 'robert'));
    assert.ok(!site.entries!.some((e) => e.authors?.[0]?.name === 'bob'));
  });
});

describe('well-formed whatever the content', () => {
  // NUL is left to the unit test: PostgreSQL refuses it in text, and articles are stored there too.
  const nasty = 'A ]]> B ]]> C \u0001\u0008\u000B\u000C\u001F \uFFFE\uFFFF <b>&amp; "q" \'a\' é 🎉 \u202Eevil\u202C \uD800 lone \uDC00';
  /** `text` without what XML 1.0 cannot carry (its Char production), worked out here by code point. */
  const xmlChars = (text: string) =>
    [...text]
      .filter((c) => {
        const n = c.codePointAt(0)!;
        return n === 0x9 || n === 0xa || n === 0xd || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || n >= 0x10000;
      })
      .join('');

  test('xmlText strips what XML 1.0 forbids and escapes markup; a strict parser reads the text back', () => {
    const withNul = `\u0000${nasty}`;
    const [element] = strictXml(`<p a="${xmlText(withNul)}">${xmlText(withNul)}</p>`);
    const expected = 'A ]]> B ]]> C   <b>&amp; "q" \'a\' é 🎉 \u202Eevil\u202C  lone ';
    assert.equal(element?.text, expected);
    assert.equal(element?.attributes.a, expected);
    assert.equal(xmlText('tab\there\nline\rcr'), 'tab\there\nline\rcr', 'tab, LF and CR are kept');
  });

  test('an article made of what trips XML writers still makes a well-formed feed that says what it said', async () => {
    const token = await signUp(t.app, 'mallory');
    const title = `Title ${nasty}`;
    const created = await postArticle(t.app, token, {
      title,
      description: `Desc ${nasty}`,
      body: `Body ]]> and ]]> again\n\n\`\`\`\n]]>${nasty}\n\`\`\`\n\n<![CDATA[ x ]]>`,
      tagList: ['odd ]]> tag', 'ünïcode'],
    });
    for (const url of ['/feed.atom', '/profile/mallory/feed.atom', `/tag/${encodeURIComponent('odd ]]> tag')}/feed.atom`]) {
      const { feed: f } = await feed(url);
      const entry = f.entries![0]!;
      assert.equal(entry.title?.value, xmlChars(created.title), url);
      assert.match(entry.content!.value!, /\]\]&gt; again|\]\]> again/);
      assert.deepEqual(entry.categories?.map((c) => c.term), ['odd ]]> tag', 'ünïcode']);
    }
  });

  test('the feed namespace is Atom and every element in it is', async () => {
    const elements = strictXml((await t.app.inject('/feed.atom')).body);
    assert.ok(elements.every((e) => e.uri === ATOM));
  });
});

describe('discovery', () => {
  for (const [page, href] of [
    ['/', '/feed.atom'],
    ['/?page=2', '/feed.atom'],
    ['/profile/ada', '/profile/ada/feed.atom'],
    ['/profile/ada/favorites', '/profile/ada/feed.atom'],
    ['/tag/even', '/tag/even/feed.atom'],
  ] as const) {
    test(`${page} names its feed in its head and shows a link to it, which is a feed`, async () => {
      const doc = parse((await t.app.inject(page)).body);
      const alternates = all(doc, 'head link[rel="alternate"][type="application/atom+xml"]');
      assert.equal(alternates.length, 1);
      assert.equal(alternates[0]!.attribs.href, href);
      assert.ok(alternates[0]!.attribs.title);
      assert.equal(all(doc, `body a[href="${href}"]`).length, 1, 'one visible link');
      await feed(href);
    });
  }

  test('pages without a feed of their own name none', async () => {
    const slug = slugs[0]!;
    for (const page of ['/login', `/article/${slug}`]) {
      assert.equal(all(parse((await t.app.inject(page)).body), 'link[type="application/atom+xml"]').length, 0, page);
    }
  });
});
