// Every signed-in page, every state-changing form and every authenticated API
// route, in tables: signed out they send to /login (pages) or answer 401 (API);
// signed in, a form without this session's CSRF token is refused with a 403.
// A refused request changes nothing. Guards at the end compare the tables with
// the routes the built app registers, so a new route cannot be left out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type SQL } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { api } from './support/api.js';
import { registeredPaths } from './support/routes.js';
import { createTestApp, execute, query, type TestApp } from './support/app.js';
import { giveRole } from './support/roles.js';
import { Browser, press, publish, signedInAs, signedUp } from './support/web.js';

const PASSWORD = 'correct horse battery staple';

let t: TestApp;
// ada wrote the article, and is an admin; bob commented on it, favorited it, saved it, follows ada and its tag, and blocks and mutes her;
// cy has done nothing yet; eve only lends her CSRF token, which belongs to another session.
let users: Record<'ada' | 'bob' | 'cy' | 'eve', Browser>;
type Actor = 'ada' | 'bob' | 'cy';
let slug: string;
let commentId: string;
let evesToken: string;
let revokedToken: string;

/** A route pattern as Fastify writes it, with the fixtures' values for its parameters. */
function fill(pattern: string): string {
  return pattern
    .replace(':slug', encodeURIComponent(slug))
    .replace(':id', commentId)
    .replace(':username', 'ada')
    .replace(':type', 'article')
    .replace(':tag', 'security')
    .replace(':file', 'articles-1.xml');
}

before(async () => {
  t = await createTestApp();
  users = {
    ada: await signedUp(t.app, 'ada'),
    bob: await signedUp(t.app, 'bob'),
    cy: await signedUp(t.app, 'cy'),
    eve: await signedUp(t.app, 'eve'),
  };
  const { ada, bob, eve } = users;
  await giveRole(t, 'ada', 'admin');

  slug = await publish(ada, { title: 'Who may press this', tags: ['security'] });
  const article = `/article/${encodeURIComponent(slug)}`;
  assert.equal((await press(bob, article, `${article}/comments`, { body: 'Nice one.' })).statusCode, 303);
  commentId = /\/comments\/(\d+)\/delete"/.exec((await bob.get(article)).body)?.[1] ?? '';
  assert.ok(commentId, 'bob sees a delete button on his comment');
  // A reply from the fediverse waits for ada under the same id (so approving or rejecting it would change something).
  await execute(t.database, sql`INSERT INTO remote_actors (uri, handle, host, fetched_at) VALUES ('https://remote.example/u/x', '@x@remote.example', 'remote.example', 1)`);
  await execute(
    t.database,
    sql`INSERT INTO remote_comments (id, article_id, actor_id, note_uri, content, created_at, updated_at)
        SELECT ${Number(commentId)}, articles.id, remote_actors.id, 'https://remote.example/n/1', '<p>Hello</p>', 1, 1 FROM articles, remote_actors WHERE articles.slug = ${slug}`,
  );
  assert.equal((await press(bob, article, `${article}/favorite`)).statusCode, 303);
  assert.equal((await press(bob, '/profile/ada', '/profile/ada/follow')).statusCode, 303);
  // bob saved the article for later and follows its tag (so undoing either would change something).
  assert.equal((await press(bob, article, `${article}/save`)).statusCode, 303);
  assert.equal((await press(bob, '/tag/security', '/tag/security/follow')).statusCode, 303);
  // bob also blocks and mutes ada (so undoing either would change something).
  assert.equal((await press(bob, '/profile/ada', '/profile/ada/block')).statusCode, 303);
  assert.equal((await press(bob, '/profile/ada', '/profile/ada/mute')).statusCode, 303);

  // A live token of eve's own session: it works for her (she favorites with it), so a 403 below is about whose it is.
  await eve.get(article);
  evesToken = eve.csrf();
  assert.equal((await eve.post(`${article}/favorite`, { _csrf: evesToken })).statusCode, 303);

  // ada also signed in in another browser (so "End all other sessions" would end something)…
  assert.equal((await new Browser(t.app).login('ada@example.com', PASSWORD)).statusCode, 303);
  // …and through the API, then ended that sign-in on her sessions page: its token is revoked.
  const login = await api(t.app)('/users/login', { method: 'POST', body: { user: { email: 'ada@example.com', password: PASSWORD } } });
  assert.equal(login.statusCode, 200, login.body);
  revokedToken = login.json().user.token;
  assert.equal((await api(t.app)('/user', { token: revokedToken })).statusCode, 200);
  const sessionsPage = (await ada.get('/settings/sessions')).body;
  const handle = /name="end" value="([^"]+)" aria-label="End API token/.exec(sessionsPage)?.[1];
  assert.ok(handle, 'the sessions page lists the API token');
  assert.equal((await ada.post('/settings/sessions', { _csrf: ada.csrf(), end: handle })).statusCode, 303);
  assert.equal((await api(t.app)('/user', { token: revokedToken })).statusCode, 401, 'the ended token is refused');

  // ada has a fediverse follower (so removing one would change something), and a domain is blocked (so unblocking would).
  await execute(t.database, sql`INSERT INTO remote_followers (user_id, actor_id, inbox, created_at) SELECT id, 'https://remote.example/users/x', 'https://remote.example/users/x/inbox', 1 FROM users WHERE username = 'ada'`);
  await execute(t.database, sql`INSERT INTO domain_blocks (domain, created_at) VALUES ('unblocked.example', 1)`);
});
after(() => t.close());

/** Everything a refused request must leave as it was (not timestamps of use, nor signed-out visitors' sessions). */
async function snapshot() {
  const rows = (statement: SQL) => query(t.database, statement);
  return {
    users: await rows(sql`SELECT id, username, email, password_hash, bio, image, updated_at, role, suspended_at, suspended_until FROM users ORDER BY id`),
    articles: await rows(sql`SELECT id, slug, title, description, body, author_id, favorites_count, updated_at, hidden_at FROM articles ORDER BY id`),
    articleTags: await rows(sql`SELECT article_id, tag_id FROM article_tags ORDER BY 1, 2`),
    comments: await rows(sql`SELECT id, article_id, author_id, body, updated_at, hidden_at FROM comments ORDER BY id`),
    moderationLog: await rows(sql`SELECT id FROM moderation_log ORDER BY id`),
    reports: await rows(sql`SELECT id, status FROM reports ORDER BY id`),
    favorites: await rows(sql`SELECT user_id, article_id FROM favorites ORDER BY 1, 2`),
    follows: await rows(sql`SELECT follower_id, followee_id FROM follows ORDER BY 1, 2`),
    tagFollows: await rows(sql`SELECT user_id, tag_id FROM tag_follows ORDER BY 1, 2`),
    readingLists: await rows(sql`SELECT user_id, article_id FROM saved_articles ORDER BY 1, 2`),
    publication: await rows(sql`SELECT id, status, publish_at, created_at FROM articles ORDER BY id`),
    blocksAndMutes: await rows(sql`SELECT owner_id, target_id, kind FROM user_controls ORDER BY 1, 2, 3`),
    signedInSessions: await rows(sql`SELECT sid, user_id, signed_in_at FROM sessions WHERE user_id IS NOT NULL ORDER BY sid`),
    remoteFollowers: await rows(sql`SELECT user_id, actor_id FROM remote_followers ORDER BY 1, 2`),
    remoteComments: await rows(sql`SELECT id, approved_at FROM remote_comments ORDER BY id`),
    remoteApprovals: await rows(sql`SELECT user_id, actor_id FROM remote_approvals ORDER BY 1, 2`),
    domainBlocks: await rows(sql`SELECT domain FROM domain_blocks ORDER BY 1`),
    tokens: await rows(sql`SELECT token_hash, user_id FROM api_tokens ORDER BY 1`),
    notifications: await rows(sql`SELECT id, recipient_id, read_at FROM notifications ORDER BY id`),
    articleMutes: await rows(sql`SELECT user_id, article_id FROM article_mutes ORDER BY 1, 2`),
    notificationSettings: await rows(sql`SELECT user_id, kind, delivery FROM notification_settings ORDER BY 1, 2`),
  };
}

function assertFormExpired(response: LightMyRequestResponse) {
  assert.equal(response.statusCode, 403, response.body.slice(0, 300));
  assert.match(response.body, /This form has expired or was not sent from this site/);
}

function assertSentToLogin(response: LightMyRequestResponse) {
  assert.equal(response.statusCode, 303, response.body.slice(0, 300));
  assert.equal(response.headers.location, '/login');
}

// ---------------------------------------------------------------------------
// The HTML face

/** Pages only a signed-in user sees; `as` opens them signed in (the editor of an article is its author's). */
const signedInPages: Array<{ path: string; as: Actor }> = [
  { path: '/settings', as: 'ada' },
  { path: '/settings/sessions', as: 'ada' },
  { path: '/settings/delete', as: 'ada' },
  { path: '/settings/security', as: 'ada' },
  { path: '/settings/blocked', as: 'ada' },
  { path: '/settings/notifications', as: 'ada' },
  { path: '/notifications', as: 'ada' },
  { path: '/editor', as: 'ada' },
  { path: '/editor/:slug', as: 'ada' },
  { path: '/moderation/log', as: 'ada' },
  { path: '/moderation', as: 'ada' },
  { path: '/settings/fediverse', as: 'ada' },
  { path: '/moderation/domains', as: 'ada' },
  { path: '/article/:slug/report', as: 'bob' },
  { path: '/article/:slug/comments/:id/report', as: 'ada' },
  { path: '/profile/:username/report', as: 'bob' },
  { path: '/admin/users', as: 'ada' },
  { path: '/admin/users/:username', as: 'ada' },
  { path: '/drafts', as: 'ada' },
  { path: '/reading-list', as: 'bob' },
];

interface Form {
  path: string;
  /** Who would be allowed to send it: the refused attempts are theirs. */
  as: Actor;
  /** What the form would send, besides `_csrf`: each would change something if accepted. */
  fields: Record<string, string>;
  /** Where a signed-out POST with a valid token goes; /login unless said otherwise. */
  signedOutTo?: string;
}

const forms: Form[] = [
  { path: '/logout', as: 'ada', fields: {}, signedOutTo: '/' }, // open to anyone: signed out, it just ends the (empty) session
  { path: '/settings', as: 'ada', fields: { username: 'mallory', email: 'mallory@example.com', bio: 'pwned', image: '', password: 'a brand new password' } },
  { path: '/settings/sessions', as: 'ada', fields: { end: 'others' } },
  { path: '/settings/delete', as: 'ada', fields: {} },
  { path: '/settings/security/enable', as: 'ada', fields: { code: '123456' } },
  { path: '/settings/security/recovery-codes', as: 'ada', fields: {} },
  { path: '/settings/security/disable', as: 'ada', fields: { currentPassword: PASSWORD, code: '123456' } },
  { path: '/editor', as: 'ada', fields: { title: 'Planted', description: 'Planted', body: 'Planted.' } },
  { path: '/editor/:slug', as: 'ada', fields: { title: 'Defaced', description: 'Defaced', body: 'Defaced.' } },
  { path: '/article/:slug/delete', as: 'ada', fields: {} },
  { path: '/article/:slug/favorite', as: 'cy', fields: {} },
  { path: '/article/:slug/unfavorite', as: 'bob', fields: {} },
  { path: '/article/:slug/comments', as: 'cy', fields: { body: 'Spam.' } },
  { path: '/article/:slug/comments/:id/delete', as: 'bob', fields: {} },
  { path: '/article/:slug/fediverse-replies/:id/approve', as: 'ada', fields: {} },
  { path: '/article/:slug/fediverse-replies/:id/reject', as: 'ada', fields: {} },
  { path: '/profile/:username/follow', as: 'cy', fields: {} },
  { path: '/profile/:username/unfollow', as: 'bob', fields: {} },
  { path: '/profile/:username/block', as: 'cy', fields: {} },
  { path: '/profile/:username/unblock', as: 'bob', fields: {} },
  { path: '/profile/:username/mute', as: 'cy', fields: {} },
  { path: '/profile/:username/unmute', as: 'bob', fields: {} },
  { path: '/notifications/read-all', as: 'ada', fields: {} },
  { path: '/notifications/:id/read', as: 'ada', fields: {} },
  { path: '/article/:slug/mute-notifications', as: 'ada', fields: {} },
  { path: '/article/:slug/unmute-notifications', as: 'ada', fields: {} },
  { path: '/settings/notifications', as: 'ada', fields: { follow: 'off', favorite: 'off', comment: 'off', mention: 'off', publication: 'off' } },
  { path: '/moderation/articles/:slug/hide', as: 'ada', fields: { note: 'Hidden' } },
  { path: '/moderation/articles/:slug/unhide', as: 'ada', fields: { note: 'Shown' } },
  { path: '/moderation/comments/:id/hide', as: 'ada', fields: { note: 'Hidden' } },
  { path: '/moderation/comments/:id/unhide', as: 'ada', fields: { note: 'Shown' } },
  { path: '/moderation/users/:username/suspend', as: 'ada', fields: { days: '3', reason: 'Spam' } },
  { path: '/moderation/users/:username/unsuspend', as: 'ada', fields: { note: 'Fine' } },
  { path: '/admin/users/:username/delete', as: 'ada', fields: { note: 'Spam' } },
  { path: '/moderation/reports/:type/:id/dismiss', as: 'ada', fields: { note: 'Fine' } },
  { path: '/settings/fediverse/followers/remove', as: 'ada', fields: { actor: 'https://remote.example/users/x' } },
  { path: '/moderation/domains/block', as: 'ada', fields: { domain: 'blocked.example' } },
  { path: '/moderation/domains/unblock', as: 'ada', fields: { domain: 'unblocked.example' } },
  { path: '/article/:slug/report', as: 'cy', fields: { reason: 'spam' } },
  { path: '/article/:slug/comments/:id/report', as: 'cy', fields: { reason: 'spam' } },
  { path: '/profile/:username/report', as: 'cy', fields: { reason: 'spam' } },
  { path: '/admin/users/:username/role', as: 'ada', fields: { role: 'member' } },
  { path: '/admin/users/:username/end-sign-ins', as: 'ada', fields: { note: 'Shared' } },
  { path: '/article/:slug/publish', as: 'ada', fields: {} },
  { path: '/article/:slug/save', as: 'cy', fields: {} },
  { path: '/article/:slug/unsave', as: 'bob', fields: {} },
  { path: '/tag/:tag/follow', as: 'cy', fields: {} },
  { path: '/tag/:tag/unfollow', as: 'bob', fields: {} },
];

/** POST forms for signed-out visitors only: the CSRF test covers them. */
const signedOutForms = ['/login', '/register', '/login/code', '/forgot', '/reset/:token'];

/**
 * POSTs authorised by a signature in their URL, with no session and no CSRF
 * token (RFC 8058 one-click unsubscribe): a wrong signature is a 404 and
 * changes nothing; test/domain/notifications/notification-mail.test.ts has the right one.
 */
const signedLinks = ['/unsubscribe/:user/:topic/:sig'];

/** Files for feed readers and crawlers: the same for anyone, signed in or not, and they start no session. */
const machineFiles = ['/feed.atom', '/profile/:username/feed.atom', '/tag/:tag/feed.atom', '/sitemap.xml', '/sitemaps/:file', '/robots.txt'];

/** Signed-out pages that send a visitor back to /login: the code step, without a password given first. */
const backToLogin = ['/login/code'];

describe('signed-in pages', () => {
  for (const { path, as } of signedInPages) {
    test(`GET ${path}: signed out goes to exactly /login; signed in it is the page`, async () => {
      assertSentToLogin(await new Browser(t.app).get(fill(path)));
      const page = await users[as].get(fill(path));
      assert.equal(page.statusCode, 200);
      assert.equal(signedInAs(page.body), as);
    });
  }
});

describe('feeds, sitemaps and robots.txt', () => {
  for (const path of machineFiles) {
    test(`GET ${path}: anyone gets it, and no session starts`, async () => {
      const visitor = await new Browser(t.app).get(fill(path));
      assert.equal(visitor.statusCode, 200, visitor.body.slice(0, 300));
      assert.equal(visitor.headers['set-cookie'], undefined);
      assert.equal((await users.cy.get(fill(path))).statusCode, 200);
    });
  }
});

describe('state-changing forms', () => {
  for (const { path, as, fields, signedOutTo = '/login' } of forms) {
    describe(`POST ${path}`, () => {
      test(`signed out, with a valid token: goes to exactly ${signedOutTo} and changes nothing`, async () => {
        const visitor = new Browser(t.app);
        await visitor.get('/login');
        const before = await snapshot();
        const response = await visitor.post(fill(path), { _csrf: visitor.csrf(), ...fields });
        assert.equal(response.statusCode, 303, response.body.slice(0, 300));
        assert.equal(response.headers.location, signedOutTo);
        assert.deepEqual(await snapshot(), before);
      });

      for (const [label, token] of [
        ['without _csrf', () => undefined],
        ["with another user's token", () => evesToken],
      ] as const) {
        test(`signed in as ${as}, ${label}: 403 and nothing changes`, async () => {
          const browser = users[as];
          await browser.get('/');
          const before = await snapshot();
          const _csrf = token();
          const response = await browser.post(fill(path), _csrf === undefined ? fields : { ...fields, _csrf });
          assertFormExpired(response);
          assert.deepEqual(await snapshot(), before);
          assert.equal(signedInAs((await browser.get('/')).body), as, 'still signed in');
        });
      }
    });
  }

  test('the fixtures the refusals protect are still there', async () => {
    assert.equal((await users.cy.get(fill('/article/:slug'))).statusCode, 200);
    assert.match((await users.cy.get(fill('/article/:slug'))).body, /Nice one\./);
    assert.equal(signedInAs((await users.ada.get('/settings')).body), 'ada');
  });
});

// ---------------------------------------------------------------------------
// The JSON API

interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** A body that would change something if it were accepted. */
  body?: unknown;
}

const tokenRoutes: ApiRoute[] = [
  { method: 'GET', path: '/api/user' },
  { method: 'PUT', path: '/api/user', body: { user: { email: 'mallory@example.com', bio: 'pwned', password: 'a brand new password' } } },
  { method: 'GET', path: '/api/articles/feed' },
  { method: 'POST', path: '/api/articles', body: { article: { title: 'Planted', description: 'Planted', body: 'Planted.' } } },
  { method: 'PUT', path: '/api/articles/:slug', body: { article: { title: 'Defaced' } } },
  { method: 'DELETE', path: '/api/articles/:slug' },
  { method: 'POST', path: '/api/articles/:slug/favorite' },
  { method: 'DELETE', path: '/api/articles/:slug/favorite' },
  { method: 'POST', path: '/api/articles/:slug/comments', body: { comment: { body: 'Spam.' } } },
  { method: 'DELETE', path: '/api/articles/:slug/comments/:id' },
  { method: 'POST', path: '/api/profiles/:username/follow' },
  { method: 'DELETE', path: '/api/profiles/:username/follow' },
  { method: 'POST', path: '/api/profiles/:username/block' },
  { method: 'DELETE', path: '/api/profiles/:username/block' },
  { method: 'POST', path: '/api/profiles/:username/mute' },
  { method: 'DELETE', path: '/api/profiles/:username/mute' },
  { method: 'GET', path: '/api/user/blocks' },
  { method: 'GET', path: '/api/user/mutes' },
  { method: 'POST', path: '/api/moderation/articles/:slug/hide', body: { moderation: { note: 'Hidden' } } },
  { method: 'POST', path: '/api/moderation/articles/:slug/unhide' },
  { method: 'POST', path: '/api/moderation/comments/:id/hide' },
  { method: 'POST', path: '/api/moderation/comments/:id/unhide' },
  { method: 'POST', path: '/api/moderation/users/:username/suspend', body: { suspension: { days: 3 } } },
  { method: 'POST', path: '/api/moderation/users/:username/unsuspend' },
  { method: 'GET', path: '/api/moderation/reports' },
  { method: 'POST', path: '/api/articles/:slug/report', body: { report: { reason: 'spam' } } },
  { method: 'POST', path: '/api/articles/:slug/comments/:id/report', body: { report: { reason: 'spam' } } },
  { method: 'POST', path: '/api/profiles/:username/report', body: { report: { reason: 'spam' } } },
];

/** Routes anyone may call without a token (a token, when sent, is still checked). */
const publicApiRoutes: ApiRoute[] = [
  { method: 'POST', path: '/api/users' },
  { method: 'POST', path: '/api/users/login' },
  { method: 'GET', path: '/api/profiles/:username' },
  { method: 'GET', path: '/api/articles' },
  { method: 'GET', path: '/api/articles/:slug' },
  { method: 'GET', path: '/api/articles/:slug/comments' },
  { method: 'GET', path: '/api/tags' },
];

describe('API routes that need a token', () => {
  const credentials: Array<[string, () => string | undefined, string]> = [
    ['without a token', () => undefined, 'is missing'],
    ['with an unknown token', () => 'not-a-token-anyone-was-given', 'is invalid'],
    ['with a revoked token', () => revokedToken, 'is invalid'],
  ];
  for (const { method, path, body } of tokenRoutes) {
    for (const [label, token, reason] of credentials) {
      test(`${method} ${path} ${label}: 401 and nothing changes`, async () => {
        const before = await snapshot();
        const response = await api(t.app)(fill(path).slice('/api'.length), { method, token: token(), body });
        assert.equal(response.statusCode, 401, response.body);
        assert.deepEqual(response.json(), { errors: { token: [reason] } });
        assert.equal(response.headers['www-authenticate'], 'Token');
        assert.deepEqual(await snapshot(), before);
      });
    }
  }
});

// ---------------------------------------------------------------------------
// Federation (src/federation/): answered by Fedify through a hook, not Fastify
// routes, so listed here by hand (docs/decisions/0038). Reads are public; an
// inbox takes only posts signed by their actor.

const federationReads = [
  '/.well-known/webfinger?resource=acct:ada@127.0.0.1:3000',
  '/.well-known/nodeinfo',
  '/nodeinfo/2.1',
  '/profile/:username (Accept: application/activity+json)',
  '/profile/:username/outbox',
  '/profile/:username/followers',
];
const federationInboxes = ['/inbox', '/profile/:username/inbox'];

describe('federation paths', () => {
  for (const path of federationReads) {
    test(`GET ${path}: public, no session needed`, async () => {
      const response = await t.app.inject({ url: fill(path.replace(/ \(.*\)$/, '')), headers: { accept: 'application/activity+json' } });
      assert.equal(response.statusCode, 200, response.body.slice(0, 300));
      assert.equal(response.headers['set-cookie'], undefined);
    });
  }
  for (const path of federationInboxes) {
    test(`POST ${path} unsigned: 401 and nothing changes`, async () => {
      const before = await snapshot();
      const body = JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', id: 'https://remote.example/f', type: 'Follow', actor: 'https://remote.example/u', object: `${t.config.publicUrl}/profile/ada` });
      const response = await t.app.inject({ method: 'POST', url: fill(path), payload: body, headers: { 'content-type': 'application/activity+json' } });
      assert.equal(response.statusCode, 401, response.body.slice(0, 300));
      assert.deepEqual(await snapshot(), before);
    });
  }
});

// ---------------------------------------------------------------------------
// Completeness: the tables above against the routes the app registers

const sorted = (list: string[]) => [...new Set(list)].sort();
const isApi = (path: string) => path.startsWith('/api/');

describe('signed links', () => {
  test('POST /unsubscribe/:user/:topic/:sig with a wrong signature, signed in or out: 404 and nothing changes', async () => {
    for (const browser of [new Browser(t.app), users.ada]) {
      const before = await snapshot();
      const response = await browser.post('/unsubscribe/1/comment/not-the-signature', { 'List-Unsubscribe': 'One-Click' });
      assert.equal(response.statusCode, 404);
      assert.deepEqual(await snapshot(), before);
    }
  });
});

describe('the tables cover every route', () => {
  test('the route listing is read correctly', () => {
    const get = registeredPaths(t.app, 'GET');
    for (const path of ['/', '/settings', '/settings/sessions', '/editor/:slug', '/profile/:username/favorites', '/api/articles/:slug/comments']) {
      assert.ok(get.includes(path), `GET ${path} is among ${get.join(', ')}`);
    }
    assert.ok(registeredPaths(t.app, 'POST').includes('/article/:slug/comments/:id/delete'));
  });

  test('every page route that is not a GET is a form in the table (or a signed-out form)', () => {
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      assert.deepEqual(registeredPaths(t.app, method).filter((p) => !isApi(p)), [], `no ${method} page routes`);
    }
    const posts = registeredPaths(t.app, 'POST').filter((p) => !isApi(p));
    assert.deepEqual(posts, sorted([...forms.map((f) => f.path), ...signedOutForms, ...signedLinks]));
  });

  test('every GET page that sends a signed-out visitor to /login is in the table', async () => {
    const pages = registeredPaths(t.app, 'GET').filter((p) => !isApi(p));
    const toLogin: string[] = [];
    for (const path of pages) {
      const response = await new Browser(t.app).get(fill(path));
      if (response.statusCode === 303 && response.headers.location === '/login') toLogin.push(path);
    }
    assert.deepEqual(toLogin, sorted([...signedInPages.map((p) => p.path), ...backToLogin]));
  });

  test('every GET of a file for machines (feeds, sitemaps, robots.txt) is in the table', () => {
    const files = registeredPaths(t.app, 'GET').filter((p) => !isApi(p) && /\.(atom|xml|txt)$|\/sitemaps\//.test(p));
    assert.deepEqual(files, sorted(machineFiles));
  });

  test('every API route is either in the token table or listed as public', () => {
    const listed = (routes: ApiRoute[]) => routes.map((r) => `${r.method} ${r.path}`);
    const registered = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).flatMap((method) =>
      registeredPaths(t.app, method)
        .filter(isApi)
        .map((path) => `${method} ${path}`),
    );
    assert.deepEqual(sorted(registered), sorted([...listed(tokenRoutes), ...listed(publicApiRoutes)]));
  });

  test('the public API routes answer without a token', async () => {
    for (const { method, path } of publicApiRoutes.filter((r) => r.method === 'GET')) {
      const response = await api(t.app)(fill(path).slice('/api'.length), { method });
      assert.equal(response.statusCode, 200, `${method} ${path}: ${response.body}`);
    }
  });
});
