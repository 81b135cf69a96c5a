// Who may do what, route by route: every moderation and admin route and every
// write, on both faces, for each kind of caller (a signed-out visitor, a
// member, a suspended member, a moderator, an admin). Each route's row says which roles it is for;
// the guard at the end compares the rows with the routes the app registers,
// so a new route cannot be left out.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { api, postArticle, signUp } from './support/api.js';
import { createTestApp, type TestApp } from './support/app.js';
import { giveRole } from './support/roles.js';
import { registeredPaths } from './support/routes.js';
import { Browser, signedUp } from './support/web.js';
import { findUserByUsername } from '../src/domain/accounts/users.js';
import { suspendUser } from '../src/domain/moderation/suspension.js';

let t: TestApp;

type Caller = 'visitor' | 'member' | 'suspended' | 'moderator' | 'admin';
const CALLERS: Caller[] = ['visitor', 'member', 'suspended', 'moderator', 'admin'];

/** Who a route is for: everyone signed in (a write of one's own), moderators and admins, or admins only. */
type For = 'signed-in' | 'moderators' | 'admins';

interface Route {
  face: 'page' | 'api';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  for: For;
  body?: unknown;
  /** A write of content (articles, comments, favorites, follows, reports): refused to a suspended account. */
  content?: boolean;
}

const ALLOWED: Record<For, Caller[]> = {
  'signed-in': ['member', 'moderator', 'admin'],
  moderators: ['moderator', 'admin'],
  admins: ['admin'],
};

/** Moderation and admin routes (each fully checked: refused, or let through, for every caller). */
const guarded: Route[] = [
  { face: 'page', method: 'GET', path: '/moderation', for: 'moderators' },
  { face: 'page', method: 'GET', path: '/moderation/log', for: 'moderators' },
  { face: 'page', method: 'POST', path: '/moderation/reports/:type/:id/dismiss', for: 'moderators', body: { note: 'Fine' } },
  { face: 'api', method: 'GET', path: '/api/moderation/reports', for: 'moderators' },
  { face: 'page', method: 'POST', path: '/moderation/articles/:slug/hide', for: 'moderators', body: { note: 'Spam' } },
  { face: 'page', method: 'POST', path: '/moderation/articles/:slug/unhide', for: 'moderators', body: { note: 'Fine' } },
  { face: 'page', method: 'POST', path: '/moderation/comments/:id/hide', for: 'moderators', body: { note: 'Rude' } },
  { face: 'page', method: 'POST', path: '/moderation/comments/:id/unhide', for: 'moderators', body: { note: 'Fine' } },
  { face: 'api', method: 'POST', path: '/api/moderation/articles/:slug/hide', for: 'moderators', body: { moderation: { note: 'Spam' } } },
  { face: 'api', method: 'POST', path: '/api/moderation/articles/:slug/unhide', for: 'moderators' },
  { face: 'api', method: 'POST', path: '/api/moderation/comments/:id/hide', for: 'moderators' },
  { face: 'api', method: 'POST', path: '/api/moderation/comments/:id/unhide', for: 'moderators' },
  { face: 'page', method: 'POST', path: '/moderation/users/:username/suspend', for: 'moderators', body: { days: '1', reason: 'Spam' } },
  { face: 'page', method: 'POST', path: '/moderation/users/:username/unsuspend', for: 'moderators' },
  { face: 'api', method: 'POST', path: '/api/moderation/users/:username/suspend', for: 'moderators', body: { suspension: { days: 1, reason: 'Spam' } } },
  { face: 'api', method: 'POST', path: '/api/moderation/users/:username/unsuspend', for: 'moderators' },
  { face: 'page', method: 'POST', path: '/admin/users/:username/delete', for: 'admins', body: { note: 'Spam' } },
  { face: 'page', method: 'GET', path: '/admin/users', for: 'admins' },
  { face: 'page', method: 'GET', path: '/admin/users/:username', for: 'admins' },
  { face: 'page', method: 'POST', path: '/admin/users/:username/role', for: 'admins', body: { role: 'moderator', note: 'Trusted' } },
  { face: 'page', method: 'POST', path: '/admin/users/:username/end-sign-ins', for: 'admins', body: { note: 'Shared' } },
  { face: 'page', method: 'GET', path: '/moderation/domains', for: 'moderators' },
  { face: 'page', method: 'POST', path: '/moderation/domains/block', for: 'moderators', body: { domain: 'blocked.example', note: 'Spam' } },
  { face: 'page', method: 'POST', path: '/moderation/domains/unblock', for: 'moderators', body: { domain: 'blocked.example' } },
];

/** Writes open to every signed-in user: a visitor is sent to sign in. */
const writes: Route[] = [
  ...[
    '/settings',
    '/settings/sessions',
    '/settings/delete',
    '/settings/security/enable',
    '/settings/security/recovery-codes',
    '/settings/security/disable',
    '/editor',
    '/editor/:slug',
    '/article/:slug/delete',
    '/article/:slug/favorite',
    '/article/:slug/unfavorite',
    '/article/:slug/comments',
    '/article/:slug/comments/:id/delete',
    '/profile/:username/follow',
    '/profile/:username/unfollow',
    '/article/:slug/report',
    '/article/:slug/comments/:id/report',
    '/profile/:username/report',
    '/article/:slug/publish',
    // The article's author (or a moderator) approving or rejecting a reply from the fediverse.
    '/article/:slug/fediverse-replies/:id/approve',
    '/article/:slug/fediverse-replies/:id/reject',
  ].map((path): Route => ({ face: 'page', method: 'POST', path, for: 'signed-in', content: /^\/(editor|article|profile)/.test(path) })),
  // A reading list and followed tags are private reading aids: a suspended account keeps them.
  ...['/article/:slug/save', '/article/:slug/unsave', '/tag/:tag/follow', '/tag/:tag/unfollow'].map(
    (path): Route => ({ face: 'page', method: 'POST', path, for: 'signed-in', content: false }),
  ),
  ...(
    [
      ['PUT', '/api/user'],
      ['POST', '/api/articles', { article: { title: 'Planted', description: 'd', body: 'b' } }],
      ['PUT', '/api/articles/:slug', { article: { title: 'Defaced' } }],
      ['DELETE', '/api/articles/:slug'],
      ['POST', '/api/articles/:slug/favorite'],
      ['DELETE', '/api/articles/:slug/favorite'],
      ['POST', '/api/articles/:slug/comments', { comment: { body: 'Spam' } }],
      ['DELETE', '/api/articles/:slug/comments/:id'],
      ['POST', '/api/profiles/:username/follow'],
      ['DELETE', '/api/profiles/:username/follow'],
      ['POST', '/api/articles/:slug/report', { report: { reason: 'spam' } }],
      ['POST', '/api/articles/:slug/comments/:id/report', { report: { reason: 'spam' } }],
      ['POST', '/api/profiles/:username/report', { report: { reason: 'spam' } }],
    ] as const
  ).map(([method, path, body]: readonly [Route['method'], string, unknown?]): Route => ({ face: 'api', method, path, body, for: 'signed-in', content: /^\/api\/(articles|profiles)/.test(path) })),
  // Blocking and muting protect the reader, and one's own notifications are one's own: a suspended account keeps them.
  ...[
    '/profile/:username/block',
    '/profile/:username/unblock',
    '/profile/:username/mute',
    '/profile/:username/unmute',
    '/notifications/read-all',
    '/notifications/:id/read',
    '/article/:slug/mute-notifications',
    '/article/:slug/unmute-notifications',
    '/settings/notifications',
    '/settings/fediverse/followers/remove',
  ].map(
    (path): Route => ({ face: 'page', method: 'POST', path, for: 'signed-in', content: false }),
  ),
  ...(
    [
      ['POST', '/api/profiles/:username/block'],
      ['DELETE', '/api/profiles/:username/block'],
      ['POST', '/api/profiles/:username/mute'],
      ['DELETE', '/api/profiles/:username/mute'],
    ] as const
  ).map(([method, path]): Route => ({ face: 'api', method, path, for: 'signed-in', content: false })),
];

/** Writes that are not a signed-in user's: signing up, in and out, and resetting a password. */
const openWrites = ['POST /unsubscribe/:user/:topic/:sig', 'POST /login', 'POST /login/code', 'POST /register', 'POST /logout', 'POST /forgot', 'POST /reset/:token', 'POST /api/users', 'POST /api/users/login'];

const browsers = {} as Record<Caller, Browser>;
const tokens = {} as Record<Caller, string | undefined>;
let slug: string;
let commentId: number;

before(async () => {
  t = await createTestApp();
  for (const caller of CALLERS) {
    if (caller === 'visitor') {
      browsers.visitor = new Browser(t.app);
      continue;
    }
    browsers[caller] = await signedUp(t.app, caller);
    const login = await api(t.app)('/users/login', { method: 'POST', body: { user: { email: `${caller}@example.com`, password: 'correct horse battery staple' } } });
    tokens[caller] = login.json().user.token;
  }
  await giveRole(t, 'moderator', 'moderator');
  await giveRole(t, 'admin', 'admin');
  // Suspended until lifted, then signed in again (a suspension ends the sessions it finds).
  const boss = await findUserByUsername(t.database.db, 'admin');
  await suspendUser(t.app.services, boss!, 'suspended', { reason: 'Spam' });
  await browsers.suspended.login('suspended@example.com');
  tokens.suspended = (await api(t.app)('/users/login', { method: 'POST', body: { user: { email: 'suspended@example.com', password: 'correct horse battery staple' } } })).json().user.token;
  const author = await signUp(t.app, 'author');
  slug = (await postArticle(t.app, author, { title: 'Subject' })).slug;
  commentId = (await api(t.app)(`/articles/${slug}/comments`, { method: 'POST', token: author, body: { comment: { body: 'A comment' } } })).json().comment.id;
});
after(() => t.close());

/** Actions on a user act on one made for the purpose, so suspending or deleting them harms no fixture. */
let subject = 0;
const fill = (path: string, username = 'author') =>
  path.replace(':slug', slug).replace(':id', String(commentId)).replace(':username', username).replace(':type', 'article');

async function subjectFor(route: Route): Promise<string> {
  if (!route.path.includes(':username') || route.for === 'signed-in') return 'author';
  const name = `subject${++subject}`;
  await signUp(t.app, name);
  return name;
}

async function send(route: Route, caller: Caller): Promise<LightMyRequestResponse> {
  const path = fill(route.path, await subjectFor(route));
  if (route.face === 'api') {
    return api(t.app)(path.slice('/api'.length), { method: route.method, token: tokens[caller], body: route.body });
  }
  const browser = browsers[caller];
  if (route.method === 'GET') return browser.get(path);
  await browser.get('/login');
  const csrf = caller === 'visitor' ? /name="_csrf" value="([^"]+)"/.exec(browser.lastHtml)?.[1] ?? '' : (await browser.get('/'), browser.csrf());
  return browser.post(path, { _csrf: csrf, ...(route.body as Record<string, string> | undefined) });
}

function assertRefused(route: Route, caller: Caller, res: LightMyRequestResponse) {
  const what = `${caller}: ${route.method} ${route.path}`;
  if (caller === 'visitor') {
    if (route.face === 'page') {
      assert.equal(res.statusCode, 303, what);
      assert.equal(res.headers.location, '/login', what);
    } else assert.equal(res.statusCode, 401, what);
    return;
  }
  assert.equal(res.statusCode, 403, `${what}: ${res.body.slice(0, 200)}`);
  const resource = route.for === 'admins' ? 'admin' : 'moderation';
  if (route.face === 'api') assert.deepEqual(res.json(), { errors: { [resource]: ['forbidden'] } }, what);
  else assert.match(res.body, route.for === 'admins' ? /This is for admins only\./ : /This is for moderators and admins only\./, what);
}

function assertLetThrough(route: Route, caller: Caller, res: LightMyRequestResponse) {
  const what = `${caller}: ${route.method} ${route.path}: ${res.statusCode} ${res.body.slice(0, 200)}`;
  assert.ok(res.statusCode < 500 && ![401, 403].includes(res.statusCode), what);
  if (route.face === 'page') assert.notEqual(res.headers.location, '/login', what);
}

describe('moderation and admin routes: refused to whoever they are not for, on both faces', () => {
  for (const route of guarded) {
    test(`${route.method} ${route.path} is for ${route.for}`, async () => {
      for (const caller of CALLERS) {
        const res = await send(route, caller);
        if (ALLOWED[route.for].includes(caller)) assertLetThrough(route, caller, res);
        else assertRefused(route, caller, res);
      }
    });
  }
});

describe('writes: a signed-out visitor is sent to sign in (pages) or refused with 401 (API); a suspended account may not write content', () => {
  for (const route of writes) {
    test(`${route.method} ${route.path}`, async () => {
      assertRefused(route, 'visitor', await send(route, 'visitor'));
      if (!route.content) return;
      const res = await send(route, 'suspended');
      assert.equal(res.statusCode, 403, `suspended: ${route.method} ${route.path}: ${res.body.slice(0, 200)}`);
      if (route.face === 'api') assert.deepEqual(res.json(), { errors: { account: ['is suspended until lifted'] } });
      else assert.match(res.body, /Your account is suspended until lifted: Spam\./);
    });
  }
});

test('the tables cover every moderation and admin route and every write the app registers', () => {
  const key = (r: Pick<Route, 'method' | 'path'>) => `${r.method} ${r.path}`;
  const registered = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).flatMap((method) =>
    registeredPaths(t.app, method)
      .filter((path) => method !== 'GET' || /^\/(api\/)?(moderation|admin)\b/.test(path))
      .map((path) => `${method} ${path}`),
  );
  const listed = [...guarded, ...writes].map(key);
  assert.deepEqual([...new Set(registered)].sort(), [...listed, ...openWrites].sort());
});
