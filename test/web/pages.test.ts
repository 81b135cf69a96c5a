// Every site page, for a signed-out visitor, a signed-in reader, the author and
// a non-author; the 403 and 404 pages; and the DOM details other Conduit suites
// rely on (the product specification's "DOM contract" and "Details other Conduit suites rely on").
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, execute, type TestApp } from '../support/app.js';
import { all, count, elements, hasClass, one, only, parse, text, texts, type Doc } from '../support/html.js';
import { Browser, press, publish, signedUp } from '../support/web.js';

let t: TestApp;
let anon: Browser;
let alice: Browser; // the author
let bob: Browser; // a signed-in reader who is not the author
let slug: string;

before(async () => {
  t = await createTestApp();
  alice = await signedUp(t.app, 'alice');
  bob = await signedUp(t.app, 'bob');
  anon = new Browser(t.app);
  slug = await publish(alice, {
    title: 'How to train your dragon',
    description: 'Ever wonder how?',
    body: 'It takes a Jacobian.',
    tags: ['dragons', 'training'],
  });
  await publish(bob, { title: 'Bob writes too', tags: ['misc'] });
});
after(() => t.close());

const navbar = (doc: Doc) => only(doc, 'nav.navbar');

/** Asserts a 403/404 page: status, inside the layout, with a way home. */
function assertErrorPage(res: { statusCode: number; body: string }, status: number) {
  assert.equal(res.statusCode, status);
  assert.match(String((res as { headers?: Record<string, unknown> }).headers?.['content-type'] ?? 'text/html'), /text\/html/);
  const doc = parse(res.body);
  assert.equal(count(doc, 'nav.navbar a.navbar-brand'), 1, 'inside the layout');
  assert.equal(text(only(doc, 'main h1')), String(status));
  assert.ok(count(doc, 'main a[href="/"]') >= 1, 'a link home');
  assert.match(text(only(doc, 'title')), /Conduit/);
  assert.equal(count(doc, 'button[type=submit]'), 0, 'the layout has no submit buttons');
  assert.doesNotMatch(res.body, /at .*\.ts:\d+/, 'no stack trace');
}

describe('home /', () => {
  test('signed out: navbar Home, Sign in, Sign up; Global Feed only; exactly one a[href="/login"]', async () => {
    const res = await anon.get('/');
    assert.equal(res.statusCode, 200);
    const doc = parse(res.body);
    assert.deepEqual(texts(navbar(doc), 'a.nav-link'), ['Home', 'Sign in', 'Sign up']);
    assert.equal(text(only(doc, 'nav.navbar a.navbar-brand')), 'conduit');
    assert.equal(count(doc, 'a[href="/login"]'), 1);
    assert.ok(one(navbar(doc), 'a.nav-link[href="/"]')!.attribs.class!.includes('active'));
    assert.equal(count(doc, '.banner'), 1);
    assert.ok(count(doc, '.container') >= 1);
    const tabs = all(doc, '.feed-toggle a.nav-link');
    assert.deepEqual(tabs.map(text), ['Global Feed']);
    assert.equal(tabs[0]!.attribs.href, '/');
    assert.ok(hasClass(tabs[0]!, 'active'));
    assert.equal(count(doc, 'a[href="/editor"]'), 0);
    assert.equal(count(doc, '.article-preview'), 2);
    // No session is started for someone who only reads.
    assert.equal(res.cookies.length, 0);
  });

  test('signed in: navbar Home, New Article, Notifications, Settings, me; Your Feed tab; no a[href="/login"]', async () => {
    const res = await bob.get('/');
    assert.equal(res.statusCode, 200);
    const doc = parse(res.body);
    const nav = navbar(doc);
    assert.deepEqual(texts(nav, 'a.nav-link'), ['Home', 'New Article', 'Notifications', 'Settings', 'bob']);
    assert.equal(count(doc, 'a[href="/login"]'), 0);
    const me = only(nav, 'a[href="/profile/bob"]');
    assert.equal(text(me), 'bob');
    assert.equal(count(me, 'img.user-pic'), 1);
    assert.equal(count(doc, 'a[href="/editor"]'), 1);
    assert.equal(count(doc, 'a[href="/settings"]'), 1);
    const tabs = all(doc, '.feed-toggle a.nav-link');
    assert.deepEqual(tabs.map(text), ['Your Feed', 'Global Feed']);
    assert.equal(tabs[0]!.attribs.href, '/?feed=following');
    assert.equal(tabs[1]!.attribs.href, '/');
    assert.ok(hasClass(tabs[1]!, 'active') && !hasClass(tabs[0]!, 'active'));
  });

  test('each .article-preview: one h1 first in a.preview-link, one p, one a.author, one meta img, tags', async () => {
    for (const browser of [anon, bob, alice]) {
      const doc = parse((await browser.get('/')).body);
      const previews = all(doc, '.article-preview');
      assert.equal(previews.length, 2);
      for (const preview of previews) {
        assert.equal(count(preview, 'h1'), 1);
        const link = only(preview, 'a.preview-link');
        assert.equal(elements(link)[0]!.tagName, 'h1', 'h1 is the first child of a.preview-link');
        assert.equal(count(preview, 'p'), 1);
        assert.equal(count(preview, 'a.author'), 1);
        assert.equal(count(preview, '.article-meta img'), 1);
        assert.equal(count(preview, '.article-meta time[datetime]'), 1);
        assert.ok(text(link).includes('Read more...'));
        // Every signed-in user gets a working favorite button on every preview, their own included.
        const buttons = all(preview, '.article-meta form button[type=submit]');
        assert.equal(buttons.length, 1);
        assert.ok(hasClass(buttons[0]!, 'btn-outline-primary'));
      }
      const dragon = previews.find((p) => text(one(p, 'h1')) === 'How to train your dragon')!;
      assert.ok(dragon);
      assert.equal(text(only(dragon, 'a.author')), 'alice');
      assert.equal(only(dragon, 'a.author').attribs.href, '/profile/alice');
      assert.equal(text(only(dragon, 'a.preview-link p')), 'Ever wonder how?');
      assert.equal(only(dragon, 'a.preview-link').attribs.href, `/article/${slug}`);
      assert.deepEqual(texts(dragon, 'ul.tag-list li.tag-default.tag-pill'), ['dragons', 'training']);
    }
  });

  test('Popular Tags sidebar: pills with bare names, siblings in one .tag-list', async () => {
    const doc = parse((await anon.get('/')).body);
    const lists = all(doc, '.sidebar .tag-list');
    assert.equal(lists.length, 1);
    const pills = all(lists[0]!, 'a.tag-pill.tag-default');
    assert.deepEqual(pills.map(text).sort(), ['dragons', 'misc', 'training']);
    assert.ok(pills.every((p) => p.parent === lists[0]));
    assert.ok(pills.every((p) => p.attribs.href === `/tag/${text(p)}`));
  });
});

describe('Your Feed /?feed=following', () => {
  test('signed out: 303 to exactly /login, and back to the feed after signing in', async () => {
    const visitor = new Browser(t.app);
    const res = await visitor.get('/?feed=following');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/login');
    const signIn = await visitor.login('bob@example.com');
    assert.equal(signIn.statusCode, 303);
    assert.equal(signIn.headers.location, '/?feed=following');
  });

  test('signed in: the Your Feed tab is active', async () => {
    const res = await bob.get('/?feed=following');
    assert.equal(res.statusCode, 200);
    const doc = parse(res.body);
    const active = all(doc, '.feed-toggle a.nav-link.active');
    assert.deepEqual(active.map(text), ['Your Feed']);
  });
});

describe('tag page /tag/:tag', () => {
  test('a third tab names the tag; it is the only .nav-link with the tag and it is active', async () => {
    for (const browser of [anon, bob]) {
      const res = await browser.get('/tag/dragons');
      assert.equal(res.statusCode, 200);
      const doc = parse(res.body);
      const withTag = all(doc, '.nav-link').filter((el) => text(el).includes('dragons'));
      assert.equal(withTag.length, 1);
      assert.ok(hasClass(withTag[0]!, 'active'));
      assert.equal(withTag[0]!.attribs.href, '/tag/dragons');
      assert.equal(count(doc, '.feed-toggle a.nav-link.active'), 1);
      assert.deepEqual(texts(doc, '.article-preview h1'), ['How to train your dragon']);
      assert.match(text(only(doc, 'title')), /dragons/);
    }
  });

  test('an unused tag shows the empty list, not an error', async () => {
    const res = await anon.get('/tag/nothing-here');
    assert.equal(res.statusCode, 200);
    assert.equal(count(res.body, '.article-preview h1'), 0);
    assert.match(res.body, /No articles are here/);
  });
});

describe('article page /article/:slug', () => {
  test('signed out: title, meta, content, tags once, Follow/Favorite, a sign-in prompt that is not a[href="/login"]', async () => {
    const res = await anon.get(`/article/${slug}`);
    assert.equal(res.statusCode, 200);
    const doc = parse(res.body);
    const page = only(doc, '.article-page');
    assert.equal(count(doc, 'h1'), 1);
    assert.equal(text(only(doc, 'h1')), 'How to train your dragon');
    assert.equal(text(only(page, '.article-meta a.author')), 'alice');
    assert.deepEqual(texts(only(doc, '.article-content'), 'p'), ['It takes a Jacobian.']);
    assert.deepEqual(texts(doc, 'ul.tag-list li.tag-default.tag-pill'), ['dragons', 'training']);
    assert.equal(count(doc, '.tag-default'), 2, 'no other .tag-default (no sidebar)');
    assert.equal(count(doc, 'a[href="/login"]'), 1, 'only the navbar link');
    assert.ok(count(doc, 'a[href^="/login?next="]') >= 1);
    assert.equal(count(doc, '.comment-form'), 0);
    const buttons = texts(doc, 'button[type=submit]');
    assert.deepEqual(buttons, ['Follow alice', 'Favorite Article (0)']);
    assert.equal(count(doc, 'a[href^="/editor/"]'), 0);
    assert.match(text(only(doc, 'title')), /How to train your dragon/);
  });

  test('the author sees Edit Article (a link) and Delete Article, and no Follow/Favorite', async () => {
    const doc = parse((await alice.get(`/article/${slug}`)).body);
    const edit = only(doc, `a[href="/editor/${slug}"]`);
    assert.equal(text(edit), 'Edit Article');
    assert.deepEqual(texts(doc, '.article-meta button[type=submit]'), ['Delete Article']);
    assert.equal(count(doc, 'h1'), 1);
    assert.equal(count(doc, 'a[href="/login"]'), 0);
  });

  test('another signed-in user sees Follow and Favorite with the count, and the comment form', async () => {
    const doc = parse((await bob.get(`/article/${slug}`)).body);
    assert.deepEqual(texts(doc, '.article-meta button[type=submit]'), ['Follow alice', 'Favorite Article (0)']);
    assert.equal(count(doc, 'a[href^="/editor/"]'), 0);
    assert.ok(!texts(doc, 'button').includes('Delete Article'));
    const form = only(doc, 'form.card.comment-form');
    assert.equal(only(form, 'textarea[name=body]').attribs.placeholder, 'Write a comment...');
    assert.equal(only(form, 'img.comment-author-img').attribs.src, '/default-avatar.svg');
    assert.equal(text(only(form, 'button[type=submit]')), 'Post Comment');
  });

  test('an unknown article is the 404 page', async () => {
    for (const browser of [anon, bob]) assertErrorPage(await browser.get('/article/no-such-article'), 404);
  });
});

describe('editor /editor and /editor/:slug', () => {
  test('signed out: 303 to exactly /login', async () => {
    for (const url of ['/editor', `/editor/${slug}`]) {
      const res = await new Browser(t.app).get(url);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/login');
    }
  });

  test('new article: the named inputs, the tag input, Publish Article, the script in the head', async () => {
    const res = await bob.get('/editor');
    assert.equal(res.statusCode, 200);
    const doc = parse(res.body);
    const form = only(doc, 'form[method=post][action="/editor"]');
    assert.equal(only(form, 'input[name=title]').attribs.value, '');
    assert.equal(count(form, 'input[name=description]'), 1);
    assert.equal(count(form, 'textarea[name=body]'), 1);
    assert.equal(count(form, 'input[placeholder="Enter tags"]'), 1);
    assert.equal(text(only(form, 'button[type=submit]')), 'Publish Article');
    assert.equal(count(doc, 'head script[src="/editor.js"]'), 1);
    assert.ok(hasClass(only(navbar(doc), 'a[href="/editor"]'), 'active'));
  });

  test("the author's edit form is filled, with the tags as pills (each with its i) under an empty input", async () => {
    const res = await alice.get(`/editor/${slug}`);
    assert.equal(res.statusCode, 200);
    const doc = parse(res.body);
    const form = only(doc, `form[action="/editor/${slug}"]`);
    assert.equal(only(form, 'input[name=title]').attribs.value, 'How to train your dragon');
    assert.equal(only(form, 'input[name=description]').attribs.value, 'Ever wonder how?');
    assert.equal(text(only(form, 'textarea[name=body]')), 'It takes a Jacobian.');
    const tagInput = only(form, 'input[placeholder="Enter tags"]');
    assert.equal(tagInput.attribs.value ?? '', '');
    const pills = all(form, '.tag-pill');
    assert.deepEqual(pills.map(text), ['dragons', 'training']);
    for (const pill of pills) {
      assert.equal(count(pill, 'i'), 1);
      assert.equal(count(pill, 'input[type=hidden][name=tagList]'), 1);
    }
  });

  test("someone else's article: 403 page for GET and POST, and the article is unchanged", async () => {
    assertErrorPage(await bob.get(`/editor/${slug}`), 403);
    await bob.get('/editor');
    const csrf = bob.csrf();
    const post = await bob.post(`/editor/${slug}`, { _csrf: csrf, title: 'Hijacked', description: 'x', body: 'y' });
    assertErrorPage(post, 403);
    // Even an invalid form is refused as not yours before it is validated.
    const blank = await bob.post(`/editor/${slug}`, { _csrf: csrf, title: '', description: '', body: '' });
    assertErrorPage(blank, 403);
    const doc = parse((await anon.get(`/article/${slug}`)).body);
    assert.equal(text(only(doc, 'h1')), 'How to train your dragon');
  });

  test('an unknown article in the editor is the 404 page', async () => {
    assertErrorPage(await bob.get('/editor/no-such-article'), 404);
  });
});

describe('profile /profile/:username', () => {
  test("signed out: user info, one h4, empty bio p (never null), one Follow button, the author's articles", async () => {
    const res = await anon.get('/profile/alice');
    assert.equal(res.statusCode, 200);
    const doc = parse(res.body);
    const info = only(only(doc, '.profile-page'), '.user-info');
    assert.equal(only(info, 'img.user-img').attribs.src, '/default-avatar.svg');
    assert.equal(count(doc, 'h4'), 1);
    assert.equal(text(only(doc, 'h4')), 'alice');
    const bio = all(info, 'p');
    assert.equal(bio.length, 1);
    assert.equal(text(bio[0]), '');
    assert.doesNotMatch(res.body, /null|undefined/);
    const follow = all(doc, 'button').filter((b) => /^(Follow|Unfollow) /.test(text(b)));
    assert.deepEqual(follow.map(text), ['Follow alice']);
    const tabs = all(doc, '.articles-toggle a.nav-link');
    assert.deepEqual(tabs.map(text), ['My Articles', 'Favorited Articles']);
    assert.deepEqual(tabs.map((a) => a.attribs.href), ['/profile/alice', '/profile/alice/favorites']);
    assert.ok(hasClass(tabs[0]!, 'active') && !hasClass(tabs[1]!, 'active'));
    assert.deepEqual(texts(doc, '.article-preview h1'), ['How to train your dragon']);
  });

  test('your own profile: Edit Profile Settings is a[href="/settings"], no Follow button', async () => {
    const doc = parse((await alice.get('/profile/alice')).body);
    const settings = all(doc, 'main a[href="/settings"]');
    assert.deepEqual(settings.map(text), ['Edit Profile Settings']);
    assert.equal(all(doc, 'button').filter((b) => /^(Follow|Unfollow) /.test(text(b))).length, 0);
    assert.ok(hasClass(only(navbar(doc), 'a[href="/profile/alice"]'), 'active'));
  });

  test('a bio is shown as written', async () => {
    await execute(t.database, sql`UPDATE users SET bio = ${'I like <b>bold</b> claims & more'} WHERE username = 'bob'`);
    const doc = parse((await anon.get('/profile/bob')).body);
    assert.equal(text(only(doc, '.user-info p')), 'I like <b>bold</b> claims & more');
    await execute(t.database, sql`UPDATE users SET bio = NULL WHERE username = 'bob'`);
  });

  test('favorites tab lists what they favorited, and is active', async () => {
    const fav = await press(bob, `/article/${slug}`, `/article/${slug}/favorite`, { returnTo: `/article/${slug}` });
    assert.equal(fav.statusCode, 303);
    const res = await anon.get('/profile/bob/favorites');
    assert.equal(res.statusCode, 200);
    const doc = parse(res.body);
    assert.deepEqual(texts(doc, '.article-preview h1'), ['How to train your dragon']);
    assert.deepEqual(texts(doc, '.articles-toggle a.nav-link.active'), ['Favorited Articles']);
    assert.equal(text(only(doc, 'h4')), 'bob');
    const mine = parse((await anon.get('/profile/bob')).body);
    assert.deepEqual(texts(mine, '.article-preview h1'), ['Bob writes too']);
    await press(bob, `/article/${slug}`, `/article/${slug}/unfavorite`, { returnTo: `/article/${slug}` });
  });

  test('an unknown profile (and its favorites) is the 404 page', async () => {
    assertErrorPage(await anon.get('/profile/nobody'), 404);
    assertErrorPage(await anon.get('/profile/nobody/favorites'), 404);
  });
});

describe('error pages', () => {
  test('an unknown route is the 404 page, signed in or out', async () => {
    assertErrorPage(await anon.get('/no/such/page'), 404);
    assertErrorPage(await bob.get('/no/such/page'), 404);
    const doc = parse((await bob.get('/no/such/page')).body);
    assert.equal(text(only(navbar(doc), 'a[href="/profile/bob"]')), 'bob');
  });

  test("deleting someone else's article is the 403 page and the article stays", async () => {
    await bob.get(`/article/${slug}`);
    const res = await bob.post(`/article/${slug}/delete`, { _csrf: bob.csrf() });
    assertErrorPage(res, 403);
    assert.equal((await anon.get(`/article/${slug}`)).statusCode, 200);
  });
});

describe('avatars and dates', () => {
  test('an empty image is /default-avatar.svg everywhere; a stored URL is used exactly', async () => {
    const check = async (expected: string) => {
      const doc = parse((await alice.get(`/article/${slug}`)).body);
      assert.equal(only(doc, '.article-meta img').attribs.src, expected);
      assert.equal(only(doc, 'nav.navbar img.user-pic').attribs.src, expected);
      const home = parse((await alice.get('/')).body);
      const preview = all(home, '.article-preview').find((p) => text(one(p, 'a.author')) === 'alice')!;
      assert.equal(only(preview, '.article-meta img').attribs.src, expected);
      const profile = parse((await alice.get('/profile/alice')).body);
      assert.equal(only(profile, 'img.user-img').attribs.src, expected);
      for (const img of [...all(doc, 'img'), ...all(home, 'img'), ...all(profile, 'img')]) {
        assert.ok(img.attribs.width && img.attribs.height, 'avatars have a width and height');
        assert.notEqual(img.attribs.loading, 'lazy');
      }
    };
    await check('/default-avatar.svg');
    const url = 'https://images.example.com/a.png?size=64&v=2';
    await execute(t.database, sql`UPDATE users SET image = ${url} WHERE username = 'alice'`);
    try {
      await check(url);
    } finally {
      await execute(t.database, sql`UPDATE users SET image = NULL WHERE username = 'alice'`);
    }
  });

  test('dates are human readable, with the machine form in <time datetime>', async () => {
    const when = Date.UTC(2026, 10, 21, 15, 30, 0, 123);
    await execute(t.database, sql`UPDATE articles SET created_at = ${when} WHERE slug = ${slug}`);
    for (const url of [`/article/${slug}`, '/', '/profile/alice']) {
      const doc = parse((await anon.get(url)).body);
      const times = all(doc, 'time[datetime]').filter((el) => el.attribs.datetime === new Date(when).toISOString());
      assert.ok(times.length >= 1, url);
      for (const el of times) assert.equal(text(el), 'November 21, 2026');
    }
    for (const el of all((await anon.get('/')).body, 'time')) {
      assert.match(text(el), /^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
      assert.ok(!Number.isNaN(Date.parse(el.attribs.datetime ?? '')));
    }
  });
});

test('every page has its own title and uses the layout', async () => {
  const pages: Array<[Browser, string, RegExp]> = [
    [anon, '/', /Conduit/],
    [anon, '/tag/dragons', /dragons/],
    [anon, `/article/${slug}`, /How to train your dragon/],
    [bob, '/editor', /New Article/],
    [alice, `/editor/${slug}`, /Edit Article/],
    [anon, '/profile/alice', /alice/],
    [anon, '/profile/alice/favorites', /alice/],
    [bob, '/?feed=following', /Your Feed/],
  ];
  for (const [browser, url, title] of pages) {
    const res = await browser.get(url);
    assert.equal(res.statusCode, 200, url);
    const doc = parse(res.body);
    assert.match(text(only(doc, 'title')), title, url);
    assert.equal(count(doc, 'nav.navbar'), 1, url);
    assert.equal(count(doc, 'link[rel=stylesheet][href="/styles.css"]'), 1, url);
    // Nothing external: every stylesheet and script is ours (a canonical link names the page at PUBLIC_URL; it loads nothing).
    for (const el of all(doc, 'link[href]:not([rel="canonical"]), script[src]')) assert.match(el.attribs.href ?? el.attribs.src ?? '', /^\//, url);
    assert.equal(count(doc, 'a[href="/login"]') <= 1, true, url);
  }
});
