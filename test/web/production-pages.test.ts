// Production keeps compiled templates and remembers where each include lives
// (src/plugins/views.ts); the other tests run without that cache. Every page
// must come out the same with it, includes from different files included.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, execute, type TestApp } from '../support/app.js';
import { all, count, one, parse } from '../support/html.js';
import { giveRole } from '../support/roles.js';
import { draftPairs, postPairs, press, publish, signedInAs, signedUp } from '../support/web.js';

let prod: TestApp;
let plain: TestApp;

before(async () => {
  // With PUBLIC_URL, so pages carry their feed links, canonical addresses and metadata.
  const PUBLIC_URL = 'https://conduit.example';
  [prod, plain] = [await createTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'silent', PUBLIC_URL }), await createTestApp({ PUBLIC_URL })];
});
after(async () => {
  await prod.close();
  await plain.close();
});

/** The same story on both apps: two users, an article, every page each can see. */
async function pagesOf(t: TestApp) {
  const writer = await signedUp(t.app, 'writer');
  const reader = await signedUp(t.app, 'reader');
  const moderator = await signedUp(t.app, 'moderator');
  await giveRole(t, 'moderator', 'admin');
  const slug = await publish(writer, { title: 'Cached templates', tags: ['eta'] });
  // Someone the reader blocks and mutes, so their settings list both.
  await signedUp(t.app, 'pest');
  for (const action of ['block', 'mute']) assert.equal((await press(reader, '/profile/pest', `/profile/pest/${action}`)).statusCode, 303);
  // A draft of the writer's, and the article on the reader's reading list.
  await writer.get('/editor');
  const draft = await postPairs(writer, '/editor', [['_csrf', writer.csrf()], ...draftPairs({ title: 'Unfinished' }), ['intent', 'draft']]);
  assert.equal(draft.statusCode, 303);
  assert.equal((await press(reader, `/article/${slug}`, `/article/${slug}/save`)).statusCode, 303);
  // A fediverse follower of the writer's, and a blocked domain, so both lists show a row.
  await execute(t.database, sql`INSERT INTO remote_followers (user_id, actor_id, inbox, handle, url, created_at) SELECT id, 'https://remote.example/users/x', 'https://remote.example/users/x/inbox', '@x@remote.example', 'https://remote.example/@x', 1 FROM users WHERE username = 'writer'`);
  assert.equal((await press(moderator, '/moderation/domains', '/moderation/domains/block', { domain: 'blocked.example' })).statusCode, 303);
  const shapes: string[] = [];
  for (const [browser, url] of [
    [reader, '/'],
    [reader, '/tag/eta'],
    [reader, `/article/${slug}`],
    [reader, '/profile/writer'],
    [reader, '/profile/writer/favorites'],
    [writer, `/editor/${slug}`],
    [writer, '/settings'],
    [reader, '/?feed=following'],
    [reader, '/settings/blocked'],
    [writer, '/notifications'],
    [reader, '/settings/notifications'],
    [reader, '/search?q=cached+templates'],
    [moderator, `/article/${slug}`],
    [moderator, '/moderation/log'],
    [moderator, '/moderation'],
    [moderator, '/admin/users'],
    [moderator, '/admin/users/writer'],
    [reader, `/article/${slug}/report`],
    [writer, '/editor'],
    [writer, '/drafts'],
    [writer, String(draft.headers.location)],
    [writer, '/editor/unfinished'],
    [reader, '/reading-list'],
    [writer, '/settings/fediverse'],
    [moderator, '/moderation/domains'],
  ] as const) {
    for (let i = 0; i < 2; i++) {
      const res = await browser.get(url);
      assert.equal(res.statusCode, 200, `${url} (${t.config.env})`);
      const doc = parse(res.body);
      shapes.push(
        [
          url,
          signedInAs(res.body),
          count(doc, '.article-preview'),
          all(doc, 'form').map((f) => f.attribs.action).join(' '),
          count(doc, 'input[name="_csrf"]'),
          one(doc, 'title') ? 'titled' : 'untitled',
          all(doc, 'head meta, head link[rel="canonical"], head link[rel="alternate"]').length,
          count(doc, 'script[type="application/ld+json"]'),
          all(doc, 'a[type="application/atom+xml"]').map((a) => a.attribs.href).join(' '),
        ].join(' | '),
      );
    }
  }
  return shapes;
}

test('with cached templates every page has the same forms, tokens and previews as without', async () => {
  assert.equal(prod.config.env, 'production');
  const [cached, fresh] = [await pagesOf(prod), await pagesOf(plain)];
  assert.deepEqual(cached, fresh);
  assert.ok(cached.some((line) => line.includes('/article/cached-templates/favorite')), 'the favorite button is there');
  assert.ok(cached.some((line) => line.includes('/profile/writer/follow')), 'the follow button is there');
  assert.ok(cached.some((line) => line.includes('/profile/writer/block') && line.includes('/profile/writer/mute')), 'the block and mute buttons are there');
  assert.ok(cached.some((line) => line.includes('/profile/pest/unblock') && line.includes('/profile/pest/unmute')), 'the settings list undoes both');
  assert.ok(cached.some((line) => line.includes('/profile/writer/feed.atom')), "the author's feed link is there");
});
