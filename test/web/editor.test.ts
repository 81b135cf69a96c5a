// The editor: validation messages, slugs, tags, Markdown safety, and deleting articles.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type SQL } from 'drizzle-orm';
import { createTestApp, queryOne, TestClock, type TestApp } from '../support/app.js';
import { all, count, innerHtml, one, only, parse, text, texts } from '../support/html.js';
import { Browser, draftPairs, errorMessages, postPairs, press, publish, signedUp, submitEditor } from '../support/web.js';

let t: TestApp;
let alice: Browser;
let bob: Browser;
let anon: Browser;

before(async () => {
  t = await createTestApp();
  alice = await signedUp(t.app, 'alice');
  bob = await signedUp(t.app, 'bob');
  anon = new Browser(t.app);
});
after(() => t.close());

const articleDoc = async (slug: string) => {
  const res = await anon.get(`/article/${encodeURIComponent(slug)}`);
  assert.equal(res.statusCode, 200, slug);
  return parse(res.body);
};

describe('validation', () => {
  const valid = { title: 'A title', description: 'A description', body: 'A body', tags: ['kept', 'also'] };
  const cases: Array<[string, Partial<typeof valid>, string]> = [
    ['blank title', { title: '   ' }, "title can't be blank"],
    ['blank description', { description: '' }, "description can't be blank"],
    ['blank body', { body: ' \n ' }, "can't be blank"],
    ['over-long title', { title: 'x'.repeat(201) }, 'title is too long (maximum is 200 characters)'],
  ];

  for (const [name, change, message] of cases) {
    test(`new article, ${name}: 422 with the message and every value kept, tags as pills`, async () => {
      const draft = { ...valid, ...change };
      const res = await submitEditor(alice, draft);
      assert.equal(res.statusCode, 422);
      const messages = errorMessages(res.body);
      assert.ok(messages.some((m) => m.includes(message)), `${JSON.stringify(messages)} has "${message}"`);
      const doc = parse(res.body);
      const form = only(doc, 'form[action="/editor"]');
      assert.equal(only(form, 'input[name=title]').attribs.value, draft.title);
      assert.equal(only(form, 'input[name=description]').attribs.value, draft.description);
      assert.equal(text(only(form, 'textarea[name=body]')), draft.body.trim());
      assert.deepEqual(texts(form, '.tag-pill'), ['kept', 'also']);
      assert.deepEqual(
        all(form, '.tag-pill input[type=hidden][name=tagList]').map((i) => i.attribs.value),
        ['kept', 'also'],
      );
      assert.equal(count(form, '.tag-pill i'), 2);
      assert.equal(only(form, 'input[placeholder="Enter tags"]').attribs.value ?? '', '');
    });
  }

  test('several blanks at once give one message each', async () => {
    const res = await submitEditor(alice, { title: '', description: '', body: '' });
    assert.equal(res.statusCode, 422);
    assert.equal(errorMessages(res.body).length, 3);
  });

  test('editing with a blank title: 422 on the edit form, the article unchanged', async () => {
    const slug = await publish(alice, { title: 'Stays put', tags: ['one'] });
    await alice.get(`/editor/${slug}`);
    const res = await postPairs(alice, `/editor/${slug}`, [
      ['_csrf', alice.csrf()],
      ...draftPairs({ title: '', description: 'changed', body: 'changed', tags: ['one', 'two'] }),
    ]);
    assert.equal(res.statusCode, 422);
    assert.ok(errorMessages(res.body).includes("title can't be blank"));
    const form = only(res.body, `form[action="/editor/${slug}"]`);
    assert.equal(only(form, 'input[name=description]').attribs.value, 'changed');
    assert.deepEqual(texts(form, '.tag-pill'), ['one', 'two']);
    const doc = await articleDoc(slug);
    assert.equal(text(only(doc, 'h1')), 'Stays put');
    assert.deepEqual(texts(doc, '.tag-list li'), ['one']);
  });
});

describe('slugs', () => {
  test('duplicate titles are allowed and get distinct slugs', async () => {
    const first = await publish(alice, { title: 'Same Title!' });
    const second = await publish(bob, { title: 'Same Title!' });
    assert.equal(first, 'same-title');
    assert.notEqual(second, first);
    assert.match(second, /^same-title-[a-z0-9]+$/);
    assert.equal(text(only(await articleDoc(first), 'a.author')), 'alice');
    assert.equal(text(only(await articleDoc(second), 'a.author')), 'bob');
  });

  test('editing without changing the title keeps the slug', async () => {
    const slug = await publish(alice, { title: 'Keep my address' });
    const res = await submitEditor(alice, { title: 'Keep my address', body: 'New body' }, `/editor/${slug}`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/article/${slug}`);
    assert.deepEqual(texts(only(await articleDoc(slug), '.article-content'), 'p'), ['New body']);
  });

  test('changing the title changes the slug and redirects to the new address', async () => {
    const slug = await publish(alice, { title: 'Old name' });
    const res = await submitEditor(alice, { title: 'Brand new name' }, `/editor/${slug}`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/article/brand-new-name');
    assert.equal(text(only(await articleDoc('brand-new-name'), 'h1')), 'Brand new name');
    assert.equal((await anon.get(`/article/${slug}`)).statusCode, 404);
  });

  test('a title with no ASCII letters still gets a working slug', async () => {
    const slug = await publish(alice, { title: '日本語のタイトル' });
    assert.match(slug, /^[a-z0-9-]+$/);
    assert.equal(text(only(await articleDoc(slug), 'h1')), '日本語のタイトル');
  });
});

describe('tags', () => {
  test('trimmed, deduplicated and sorted; a comma-separated input works', async () => {
    const slug = await publish(alice, { title: 'Tagged', tags: ['  zebra ', 'apple', 'apple', 'mango, kiwi ,, apple', ''] });
    const doc = await articleDoc(slug);
    assert.deepEqual(texts(doc, 'ul.tag-list li.tag-default.tag-pill'), ['apple', 'kiwi', 'mango', 'zebra']);
    const home = parse((await anon.get('/')).body);
    const preview = all(home, '.article-preview').find((p) => text(one(p, 'h1')) === 'Tagged')!;
    assert.deepEqual(texts(preview, 'li.tag-pill'), ['apple', 'kiwi', 'mango', 'zebra']);
  });

  test('editing with no tags clears them; editing with pills keeps exactly those', async () => {
    const slug = await publish(alice, { title: 'Retagged', tags: ['first', 'second'] });
    let res = await submitEditor(alice, { title: 'Retagged', tags: ['second', 'third'] }, `/editor/${slug}`);
    assert.equal(res.statusCode, 303);
    assert.deepEqual(texts(await articleDoc(slug), '.tag-list li'), ['second', 'third']);
    // No pills and an empty text input: the form still sends tagList="" (the text input).
    res = await submitEditor(alice, { title: 'Retagged', tags: [''] }, `/editor/${slug}`);
    assert.equal(res.statusCode, 303);
    const doc = await articleDoc(slug);
    assert.equal(count(doc, '.tag-list li'), 0);
    assert.equal(count(doc, '.tag-default'), 0);
    const editor = parse((await alice.get(`/editor/${slug}`)).body);
    assert.equal(count(editor, '.tag-pill'), 0);
  });

  test('the sidebar lists tags most used first, then newest; a tag used once appears', async () => {
    const clock = new TestClock();
    const fresh = await createTestApp({}, { now: clock.now });
    try {
      const writer = await signedUp(fresh.app, 'writer');
      await publish(writer, { title: 'One', tags: ['old-once', 'popular-ish'] });
      clock.advance(1000);
      await publish(writer, { title: 'Two', tags: ['popular-ish', 'most'] });
      clock.advance(1000);
      await publish(writer, { title: 'Three', tags: ['most', 'new-once'] });
      clock.advance(1000);
      await publish(writer, { title: 'Four', tags: ['most'] });
      const doc = parse((await new Browser(fresh.app).get('/')).body);
      assert.deepEqual(texts(doc, '.sidebar .tag-list a.tag-pill'), ['most', 'popular-ish', 'new-once', 'old-once']);
    } finally {
      await fresh.close();
    }
  });
});

describe('escaping', () => {
  test('markup in a title, description or tag is shown as text everywhere', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const slug = await publish(alice, { title: `${evil} title`, description: `${evil} description`, tags: [`${evil}`] });
    for (const [browser, url] of [
      [anon, '/'],
      [anon, `/article/${slug}`],
      [anon, `/tag/${encodeURIComponent(evil)}`],
      [anon, '/profile/alice'],
      [alice, `/editor/${slug}`],
    ] as const) {
      const res = await browser.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.ok(!res.body.includes('<img src=x'), url);
    }
    const doc = parse((await anon.get(`/tag/${encodeURIComponent(evil)}`)).body);
    assert.equal(text(only(doc, '.feed-toggle .nav-link.active')), `# ${evil}`);
    assert.ok(texts(doc, '.article-preview h1').includes(`${evil} title`));
  });

  test('tags with spaces, slashes, # and non-ASCII letters link to their own tag page', async () => {
    const tags = ['two words', 'a/b', 'c#', 'ünï', '100%', 'q?x'];
    await publish(bob, { title: 'Odd tags', tags });
    const sidebar = all(parse((await anon.get('/')).body), '.sidebar a.tag-pill').filter((a) => tags.includes(text(a)));
    assert.equal(sidebar.length, tags.length);
    for (const pill of sidebar) {
      const doc = parse((await anon.get(pill.attribs.href!)).body);
      assert.deepEqual(texts(doc, '.feed-toggle .nav-link.active'), [`# ${text(pill)}`]);
      assert.ok(texts(doc, '.article-preview h1').includes('Odd tags'), pill.attribs.href);
    }
  });
});

describe('Markdown', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '<a href="javascript:alert(1)">click</a>',
    '[y](JaVaScRiPt:alert(1))',
    '<iframe src="https://evil.example"></iframe>',
    '<div onclick="alert(1)">div</div>',
    '<style>body{display:none}</style>',
    '<svg onload=alert(1)></svg>',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    '<form action="/x"><button formaction="javascript:alert(1)">b</button></form>',
  ].join('\n\n');

  test('a hostile body comes out inert', async () => {
    const slug = await publish(alice, { title: 'Hostile', body: hostile });
    const res = await anon.get(`/article/${slug}`);
    const content = innerHtml(only(res.body, '.article-content')).toLowerCase();
    for (const bad of ['<script', 'onerror', 'javascript:', 'onclick', 'onload', '<iframe', '<style', '<svg', 'data:', '<form', '<button']) {
      assert.ok(!content.includes(bad), `no "${bad}" in .article-content`);
    }
    // ...and on the raw page text too, where the parser cannot hide anything.
    const raw = res.body.toLowerCase();
    for (const bad of ['<script>alert', 'onerror=', 'javascript:alert', '<iframe', 'onclick=']) assert.ok(!raw.includes(bad), bad);
    // The harmless parts survive.
    assert.match(content, /click/);
    assert.match(content, /div/);
  });

  test('a one-paragraph body is exactly one p in .article-content', async () => {
    const slug = await publish(alice, { title: 'One paragraph', body: 'Just *one* paragraph, with **style**.' });
    const doc = await articleDoc(slug);
    assert.equal(count(only(doc, '.article-content'), 'p'), 1);
    assert.equal(text(only(doc, '.article-content p')), 'Just one paragraph, with style.');
  });

  test('headings never make a second h1; lists, code and safe links render', async () => {
    const body = '# Big heading\n\nText.\n\n## Smaller\n\n- one\n- two\n\n`code`\n\n[safe](https://example.com)\n\n<h1>raw h1</h1>';
    const slug = await publish(alice, { title: 'Headings', body });
    const doc = await articleDoc(slug);
    assert.equal(count(doc, 'h1'), 1);
    assert.equal(text(only(doc, 'h1')), 'Headings');
    const content = only(doc, '.article-content');
    assert.equal(text(only(content, 'h2')), 'Big heading');
    assert.equal(text(only(content, 'h3')), 'Smaller');
    assert.deepEqual(texts(content, 'li'), ['one', 'two']);
    assert.equal(text(only(content, 'code')), 'code');
    assert.equal(only(content, 'a').attribs.href, 'https://example.com');
    assert.equal(only(content, 'a').attribs.rel, 'nofollow ugc noopener');
  });

  test("an author's own rel is replaced by ours", async () => {
    const slug = await publish(alice, { title: 'Rel', body: '<a href="https://example.com" rel="opener">x</a>' });
    const link = only(only(await articleDoc(slug), '.article-content'), 'a');
    assert.equal(link.attribs.rel, 'nofollow ugc noopener');
  });
});

describe('deleting an article', () => {
  test('removes its comments, tag links and favorites, and nothing else', async () => {
    const doomed = await publish(alice, { title: 'Doomed', tags: ['shared', 'only-doomed'] });
    const kept = await publish(bob, { title: 'Kept', tags: ['shared'] });
    for (const slug of [doomed, kept]) {
      for (const who of [alice, bob]) {
        await press(who, `/article/${slug}`, `/article/${slug}/comments`, { body: `a comment on ${slug}` });
        await press(who, `/article/${slug}`, `/article/${slug}/favorite`, { returnTo: `/article/${slug}` });
      }
    }
    const idOf = async (slug: string) => (await queryOne<{ id: number }>(t.database, sql`SELECT id FROM articles WHERE slug = ${slug}`)).id;
    const doomedId = await idOf(doomed);
    const keptId = await idOf(kept);
    const n = async (query: SQL) => (await queryOne<{ n: number }>(t.database, query)).n;
    const before = {
      articles: await n(sql`SELECT count(*) n FROM articles`),
      users: await n(sql`SELECT count(*) n FROM users`),
      comments: await n(sql`SELECT count(*) n FROM comments`),
      favorites: await n(sql`SELECT count(*) n FROM favorites`),
      links: await n(sql`SELECT count(*) n FROM article_tags`),
    };

    await alice.get(`/article/${doomed}`);
    const res = await alice.post(`/article/${doomed}/delete`, { _csrf: alice.csrf() });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/');

    assert.equal(await n(sql`SELECT count(*) n FROM articles WHERE id = ${doomedId}`), 0);
    assert.equal(await n(sql`SELECT count(*) n FROM comments WHERE article_id = ${doomedId}`), 0);
    assert.equal(await n(sql`SELECT count(*) n FROM favorites WHERE article_id = ${doomedId}`), 0);
    assert.equal(await n(sql`SELECT count(*) n FROM article_tags WHERE article_id = ${doomedId}`), 0);
    assert.equal(await n(sql`SELECT count(*) n FROM articles`), before.articles - 1);
    assert.equal(await n(sql`SELECT count(*) n FROM users`), before.users);
    assert.equal(await n(sql`SELECT count(*) n FROM comments`), before.comments - 2);
    assert.equal(await n(sql`SELECT count(*) n FROM favorites`), before.favorites - 2);
    assert.equal(await n(sql`SELECT count(*) n FROM article_tags`), before.links - 2);
    assert.equal(await n(sql`SELECT count(*) n FROM comments WHERE article_id = ${keptId}`), 2);
    assert.equal(await n(sql`SELECT count(*) n FROM favorites WHERE article_id = ${keptId}`), 2);
    assert.equal(await n(sql`SELECT favorites_count n FROM articles WHERE id = ${keptId}`), 2);

    assert.equal((await anon.get(`/article/${doomed}`)).statusCode, 404);
    const doc = await articleDoc(kept);
    assert.equal(count(doc, '.card .card-block'), 2);
    assert.equal(text(only(doc, '.article-meta .counter')), '(2)');
    const sidebar = texts(parse((await anon.get('/')).body), '.sidebar a.tag-pill');
    assert.ok(sidebar.includes('shared'));
    assert.ok(!sidebar.includes('only-doomed'), 'a tag no article uses leaves the sidebar');
    for (const who of ['alice', 'bob']) assert.equal((await anon.get(`/profile/${who}`)).statusCode, 200);
  });
});
