// The small POST forms: favorite, follow, comment, delete comment. They go back
// to a safe same-site page, and a signed-out visitor goes to /login and back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, TestClock, type TestApp } from '../support/app.js';
import { all, count, hasClass, one, only, parse, rawText, text, texts, type Doc } from '../support/html.js';
import { Browser, errorMessages, press, publish, signedUp } from '../support/web.js';

let t: TestApp;
let alice: Browser; // author
let bob: Browser; // reader
let anon: Browser;
let slug: string;
let articleUrl: string;

const clock = new TestClock();
before(async () => {
  t = await createTestApp({}, { now: clock.now });
  alice = await signedUp(t.app, 'alice');
  bob = await signedUp(t.app, 'bob');
  anon = new Browser(t.app);
  slug = await publish(alice, { title: 'Favorites and follows', tags: ['social'] });
  articleUrl = `/article/${slug}`;
});
after(() => t.close());

/** The article page's favorite (or unfavorite) button. */
const favoriteButton = (doc: Doc) =>
  all(doc, '.article-meta button[type=submit]').find((b) => /Favorite Article|Unfavorite Article/.test(text(b)))!;

const previewButton = (doc: Doc) => only(only(doc, '.article-preview'), '.article-meta button[type=submit]');

describe('favorite and unfavorite', () => {
  test('from the article page: back to it, the count moves, btn-primary when favorited', async () => {
    let doc = parse((await bob.get(articleUrl)).body);
    assert.equal(text(favoriteButton(doc)), 'Favorite Article (0)');
    assert.ok(hasClass(favoriteButton(doc), 'btn-outline-primary'));

    let res = await press(bob, articleUrl, `${articleUrl}/favorite`, { returnTo: articleUrl });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, articleUrl);
    doc = parse((await bob.get(articleUrl)).body);
    assert.equal(text(favoriteButton(doc)), 'Unfavorite Article (1)');
    assert.ok(hasClass(favoriteButton(doc), 'btn-primary') && !hasClass(favoriteButton(doc), 'btn-outline-primary'));
    // Others see the count but not as their own favorite.
    const theirs = favoriteButton(parse((await anon.get(articleUrl)).body));
    assert.equal(text(theirs), 'Favorite Article (1)');
    assert.ok(hasClass(theirs, 'btn-outline-primary'));

    // Favoriting twice counts once.
    await press(bob, articleUrl, `${articleUrl}/favorite`, { returnTo: articleUrl });
    assert.equal(text(favoriteButton(parse((await bob.get(articleUrl)).body))), 'Unfavorite Article (1)');

    res = await press(bob, articleUrl, `${articleUrl}/unfavorite`, { returnTo: articleUrl });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, articleUrl);
    doc = parse((await bob.get(articleUrl)).body);
    assert.equal(text(favoriteButton(doc)), 'Favorite Article (0)');
    assert.ok(hasClass(favoriteButton(doc), 'btn-outline-primary'));
  });

  test('from a list: back to the same list page (with its query), the preview button changes', async () => {
    for (const back of ['/?page=1', '/tag/social', '/profile/alice', '/?feed=following']) {
      const res = await press(bob, '/', `${articleUrl}/favorite`, { returnTo: back });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, back);
      await press(bob, '/', `${articleUrl}/unfavorite`, { returnTo: back });
    }
    await press(bob, '/', `${articleUrl}/favorite`, { returnTo: '/' });
    const mine = previewButton(parse((await bob.get('/')).body));
    assert.ok(hasClass(mine, 'btn-primary'));
    assert.equal(text(mine), '1');
    const theirs = previewButton(parse((await alice.get('/')).body));
    assert.ok(hasClass(theirs, 'btn-outline-primary'));
    assert.equal(text(theirs), '1');
    await press(bob, '/', `${articleUrl}/unfavorite`, { returnTo: '/' });
  });

  test('the forms on a page carry the page as returnTo', async () => {
    const doc = parse((await bob.get('/tag/social?page=1')).body);
    const form = only(doc, `form[action="${articleUrl}/favorite"]`);
    assert.equal(only(form, 'input[name=returnTo]').attribs.value, '/tag/social?page=1');
    const article = parse((await bob.get(articleUrl)).body);
    for (const f of all(article, '.article-meta form')) assert.equal(only(f, 'input[name=returnTo]').attribs.value, articleUrl);
  });

  test('an evil returnTo goes to the fallback, never off-site', async () => {
    const evil = ['//evil.com', 'https://evil.com/x', '/\\evil.com', '\\\\evil.com', 'javascript:alert(1)', ' //evil.com', '/%2F%2Fevil.com', 'http:evil.com'];
    for (const returnTo of evil) {
      const res = await press(bob, articleUrl, `${articleUrl}/favorite`, { returnTo });
      assert.equal(res.statusCode, 303, returnTo);
      const location = String(res.headers.location);
      assert.match(location, /^\/(?![/\\])/, `${returnTo} → ${location}`);
      assert.ok(!location.includes('evil.com') || location.startsWith('/%2F'), `${returnTo} → ${location}`);
      assert.ok([articleUrl, '/%2F%2Fevil.com'].includes(location), `${returnTo} → ${location}`);
      const follow = await press(bob, articleUrl, '/profile/alice/follow', { returnTo });
      assert.equal(follow.statusCode, 303, returnTo);
      assert.ok(['/profile/alice', '/%2F%2Fevil.com'].includes(String(follow.headers.location)), `${returnTo} → ${follow.headers.location}`);
    }
    await press(bob, articleUrl, `${articleUrl}/unfavorite`, { returnTo: '/' });
    await press(bob, articleUrl, '/profile/alice/unfollow', { returnTo: '/' });
  });

  test('with no returnTo, a same-site Referer is used; another site is not', async () => {
    const host = { host: 'conduit.test' };
    await bob.get(articleUrl);
    let res = await bob.post(`${articleUrl}/favorite`, { _csrf: bob.csrf() }, { ...host, referer: 'http://conduit.test/tag/social?page=1' });
    assert.equal(res.headers.location, '/tag/social?page=1');
    res = await bob.post(`${articleUrl}/unfavorite`, { _csrf: bob.csrf() }, { ...host, referer: 'https://evil.com/tag/social' });
    assert.equal(res.headers.location, articleUrl);
  });

  test('an unknown article: 404 page', async () => {
    await bob.get('/');
    const res = await bob.post('/article/no-such-thing/favorite', { _csrf: bob.csrf(), returnTo: '/' });
    assert.equal(res.statusCode, 404);
    assert.equal(count(res.body, 'nav.navbar'), 1);
  });

  test('you may favorite your own article from a list', async () => {
    const res = await press(alice, '/', `${articleUrl}/favorite`, { returnTo: '/' });
    assert.equal(res.statusCode, 303);
    assert.ok(hasClass(previewButton(parse((await alice.get('/')).body)), 'btn-primary'));
    await press(alice, '/', `${articleUrl}/unfavorite`, { returnTo: '/' });
  });
});

describe('follow and unfollow', () => {
  test('from the profile and the article page; the feed follows along', async () => {
    let profile = parse((await bob.get('/profile/alice')).body);
    assert.deepEqual(texts(profile, '.user-info button[type=submit]'), ['Follow alice', 'Mute alice', 'Block alice']);

    let res = await press(bob, '/profile/alice', '/profile/alice/follow', { returnTo: '/profile/alice' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/profile/alice');
    profile = parse((await bob.get('/profile/alice')).body);
    assert.deepEqual(texts(profile, '.user-info button[type=submit]'), ['Unfollow alice', 'Mute alice', 'Block alice']);
    const article = parse((await bob.get(articleUrl)).body);
    assert.ok(texts(article, '.article-meta button').includes('Unfollow alice'));
    assert.deepEqual(texts(parse((await bob.get('/?feed=following')).body), '.article-preview h1'), ['Favorites and follows']);

    res = await press(bob, articleUrl, '/profile/alice/unfollow', { returnTo: articleUrl });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, articleUrl);
    assert.ok(texts(parse((await bob.get(articleUrl)).body), '.article-meta button').includes('Follow alice'));
    assert.equal(count(parse((await bob.get('/?feed=following')).body), '.article-preview h1'), 0);
  });

  test('you cannot follow yourself: a 4xx page, never a 500', async () => {
    const res = await press(alice, '/profile/bob', '/profile/alice/follow', { returnTo: '/profile/alice' });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `status ${res.statusCode}`);
    const doc = parse(res.body);
    assert.equal(count(doc, 'nav.navbar'), 1);
    assert.ok(count(doc, 'main a[href="/"]') >= 1);
    assert.match(text(only(doc, 'main')), /yourself/i);
    // Not even with another spelling of the name.
    const upper = await press(alice, '/profile/bob', '/profile/ALICE/follow', { returnTo: '/' });
    assert.ok(upper.statusCode >= 400 && upper.statusCode < 500, `status ${upper.statusCode}`);
  });

  test('following an unknown user: 404 page', async () => {
    const res = await press(bob, '/', '/profile/nobody-at-all/follow', { returnTo: '/' });
    assert.equal(res.statusCode, 404);
  });

  test('follow names are case-insensitive and keep working', async () => {
    const res = await press(bob, '/', '/profile/ALICE/follow', { returnTo: '/profile/alice' });
    assert.equal(res.statusCode, 303);
    assert.ok(texts(parse((await bob.get('/profile/alice')).body), 'button').includes('Unfollow alice'));
    await press(bob, '/', '/profile/alice/unfollow', { returnTo: '/' });
  });
});

describe('signed out', () => {
  test('the forms carry no CSRF token (no session) but a returnTo', async () => {
    const res = await anon.get(articleUrl);
    assert.equal(res.cookies.length, 0);
    const doc = parse(res.body);
    for (const form of all(doc, '.article-meta form')) {
      assert.equal(count(form, 'input[name=_csrf]'), 0);
      assert.equal(only(form, 'input[name=returnTo]').attribs.value, articleUrl);
    }
  });

  for (const action of ['favorite', 'follow']) {
    test(`a signed-out ${action} goes to exactly /login, then back to the page after signing in`, async () => {
      const visitor = new Browser(t.app);
      const doc = parse((await visitor.get(articleUrl)).body);
      const target = action === 'favorite' ? `${articleUrl}/favorite` : '/profile/alice/follow';
      const form = only(doc, `form[action="${target}"]`);
      const returnTo = only(form, 'input[name=returnTo]').attribs.value!;
      const res = await visitor.post(target, { returnTo });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/login');
      const login = await visitor.login('bob@example.com');
      assert.equal(login.statusCode, 303);
      assert.equal(login.headers.location, articleUrl);
    });
  }

  test('a signed-out POST with an evil returnTo still signs in to a same-site page', async () => {
    const visitor = new Browser(t.app);
    const res = await visitor.post(`${articleUrl}/favorite`, { returnTo: '//evil.com/x' });
    assert.equal(res.headers.location, '/login');
    const login = await visitor.login('bob@example.com');
    assert.match(String(login.headers.location), /^\/(?![/\\])/);
    assert.ok(!String(login.headers.location).includes('evil'));
  });

  test('a signed-out comment goes to /login and back to the article (from the Referer)', async () => {
    const visitor = new Browser(t.app);
    await visitor.get(articleUrl);
    const res = await visitor.post(`${articleUrl}/comments`, { body: 'hello' }, { host: 'conduit.test', referer: `http://conduit.test${articleUrl}` });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/login');
    const login = await visitor.login('bob@example.com');
    assert.equal(login.headers.location, articleUrl);
    assert.ok(!texts(parse((await anon.get(articleUrl)).body), '.card-block p').includes('hello'), 'the comment was not posted');
  });
});

describe('comments', () => {
  test('post: back to the article, text verbatim (escaped) in one p in .card-block', async () => {
    const body = `<b>bold?</b> & "quotes" 'single' <script>alert(1)</script>\nsecond line`;
    const res = await press(bob, articleUrl, `${articleUrl}/comments`, { body });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, articleUrl);
    const page = await anon.get(articleUrl);
    assert.ok(!page.body.includes('<script>alert(1)'));
    assert.ok(!page.body.includes('<b>bold'));
    const doc = parse(page.body);
    const card = all(doc, '.card').find((c) => !hasClass(c, 'comment-form'))!;
    const block = only(card, '.card-block');
    const ps = all(block, 'p');
    assert.equal(ps.length, 1);
    assert.ok(ps[0]!.children.every((c) => c.nodeType === 3), 'nothing but text in the p');
    assert.equal(rawText(ps[0]!), body);
    assert.deepEqual(texts(card, 'a.comment-author[href="/profile/bob"]').filter(Boolean), ['bob']);
  });

  test('blank comment: 422 with the message on the article page, nothing posted', async () => {
    const before = count(parse((await anon.get(articleUrl)).body), '.card .card-block p');
    for (const body of ['', '   \n ']) {
      const res = await press(bob, articleUrl, `${articleUrl}/comments`, { body });
      assert.equal(res.statusCode, 422);
      assert.ok(errorMessages(res.body).some((m) => m.includes("can't be blank")), JSON.stringify(errorMessages(res.body)));
      const doc = parse(res.body);
      assert.equal(count(doc, '.article-page'), 1);
      assert.equal(count(doc, 'form.comment-form textarea[name=body]'), 1);
    }
    assert.equal(count(parse((await anon.get(articleUrl)).body), '.card .card-block p'), before);
  });

  test('an over-long comment keeps the draft', async () => {
    const body = 'y'.repeat(5001);
    const res = await press(bob, articleUrl, `${articleUrl}/comments`, { body });
    assert.equal(res.statusCode, 422);
    assert.equal(text(only(res.body, 'form.comment-form textarea')), body);
  });

  test('only your own comments have the delete button; someone else deleting is a 403; your own goes', async () => {
    await press(alice, articleUrl, `${articleUrl}/comments`, { body: 'from the author' });
    await press(bob, articleUrl, `${articleUrl}/comments`, { body: 'from bob' });

    const cardsFor = (doc: Doc) =>
      new Map(all(doc, '.card').filter((c) => !hasClass(c, 'comment-form')).map((c) => [text(one(c, '.card-block p')), c]));

    const asAlice = cardsFor(parse((await alice.get(articleUrl)).body));
    assert.equal(count(asAlice.get('from bob')!, 'span.mod-options'), 0, 'the author has no delete on others');
    const aliceOwn = only(asAlice.get('from the author')!, 'span.mod-options');
    const trashButton = only(aliceOwn, 'button[type=submit]');
    assert.equal(count(trashButton, 'i.ion-trash-a'), 1);

    const asBob = cardsFor(parse((await bob.get(articleUrl)).body));
    const csrf = bob.csrf();
    assert.equal(count(asBob.get('from the author')!, 'span.mod-options'), 0);
    const bobDelete = only(asBob.get('from bob')!, 'span.mod-options form');
    assert.equal(count(bobDelete, 'button[type=submit] i.ion-trash-a'), 1);
    for (const c of asBob.values()) {
      assert.equal(count(c, 'img.comment-author-img'), 1);
      assert.equal(only(c, 'img.comment-author-img').attribs.src, '/default-avatar.svg');
    }
    const anonCards = cardsFor(parse((await anon.get(articleUrl)).body));
    for (const c of anonCards.values()) assert.equal(count(c, '.mod-options'), 0);

    // Bob forges the delete of alice's comment.
    const aliceForm = one(aliceOwn, 'form')!;
    const forged = await bob.post(aliceForm.attribs.action!, { _csrf: csrf });
    assert.equal(forged.statusCode, 403);
    assert.equal(count(forged.body, 'nav.navbar'), 1);
    assert.ok(cardsFor(parse((await anon.get(articleUrl)).body)).has('from the author'));

    // Bob deletes his own.
    const res = await bob.post(bobDelete.attribs.action!, { _csrf: csrf });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, articleUrl);
    const after = cardsFor(parse((await anon.get(articleUrl)).body));
    assert.ok(!after.has('from bob'));
    assert.ok(after.has('from the author'));
  });

  test('unknown article or comment: 404 page; a bad id too', async () => {
    await bob.get(articleUrl);
    const csrf = bob.csrf();
    assert.equal((await bob.post('/article/nope/comments', { _csrf: csrf, body: 'x' })).statusCode, 404);
    assert.equal((await bob.post(`${articleUrl}/comments/999999/delete`, { _csrf: csrf })).statusCode, 404);
    assert.equal((await bob.post(`${articleUrl}/comments/abc/delete`, { _csrf: csrf })).statusCode, 404);
  });

  test('a comment is newest first, with the author link and a date', async () => {
    await press(bob, articleUrl, `${articleUrl}/comments`, { body: 'older' });
    clock.advance(1000);
    await press(bob, articleUrl, `${articleUrl}/comments`, { body: 'newer' });
    const doc = parse((await anon.get(articleUrl)).body);
    const bodies = texts(doc, '.card .card-block p.card-text');
    assert.ok(bodies.indexOf('newer') < bodies.indexOf('older'));
    const card = all(doc, '.card').find((c) => text(one(c, '.card-block p')) === 'newer')!;
    assert.ok(texts(card, 'a.comment-author').includes('bob'));
    assert.match(text(only(card, 'time[datetime]')), /^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
  });

  test('without a CSRF token a signed-in POST is refused (403) and nothing changes', async () => {
    const res = await bob.post(`${articleUrl}/comments`, { body: 'no token' });
    assert.equal(res.statusCode, 403);
    assert.ok(!texts(parse((await anon.get(articleUrl)).body), '.card-block p').includes('no token'));
  });
});
