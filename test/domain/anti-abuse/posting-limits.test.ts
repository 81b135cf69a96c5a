// New accounts may post only so many articles and comments an hour, more as
// they age (docs/decisions/0026), on both faces, counted in the database, so
// two instances of the app count against one limit. Time moves on a TestClock.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { POSTING_TIERS } from '../../../src/domain/anti-abuse/account-age.js';
import { api, signUp } from '../../support/api.js';
import { TestClock, createTestApp, secondInstance, type TestApp } from '../../support/app.js';
import { Browser, errorMessages, postPairs, press, publish, signedUp, submitEditor, uniqueName } from '../../support/web.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const [dayOne, firstWeek, older] = POSTING_TIERS;

const clock = new TestClock();
let t: TestApp;
before(async () => {
  t = await createTestApp({ POSTING_LIMITS: 'true' }, { now: clock.now });
});
after(() => t.close());

const newArticle = (token: string, app = t.app) =>
  api(app)('/articles', { method: 'POST', token, body: { article: { title: uniqueName('Post'), description: 'd', body: 'b' } } });
const newComment = (token: string, slug: string, app = t.app) =>
  api(app)(`/articles/${slug}/comments`, { method: 'POST', token, body: { comment: { body: uniqueName('Comment') } } });

/** Posts `n` times with `post`, each accepted, a minute apart. */
async function postTimes(n: number, post: () => Promise<{ statusCode: number; body: string }>) {
  for (let i = 0; i < n; i++) {
    const res = await post();
    assert.equal(res.statusCode, 201, `post ${i + 1}: ${res.body}`);
    clock.advance(MINUTE);
  }
}

describe('articles', () => {
  test('a day-one account gets 429 with Retry-After past its hourly limit; the slot comes back as the oldest post leaves the hour', async () => {
    const token = await signUp(t.app, uniqueName('fresh'));
    await postTimes(dayOne.articles, () => newArticle(token));
    const refused = await newArticle(token);
    assert.equal(refused.statusCode, 429);
    // The first was posted three minutes ago: it leaves the hour in 57 minutes.
    assert.equal(refused.headers['retry-after'], String(57 * 60));
    assert.deepEqual(refused.json(), {
      errors: { article: [`is over the limit for this account (${dayOne.articles} articles an hour while it is new), try again in 57 minutes`] },
    });
    clock.advance(57 * MINUTE - 1);
    assert.equal((await newArticle(token)).statusCode, 429);
    clock.advance(1);
    assert.equal((await newArticle(token)).statusCode, 201);
    assert.equal((await newArticle(token)).statusCode, 429);
  });

  test('the limit rises with the account\'s age', async () => {
    const token = await signUp(t.app, uniqueName('growing'));
    clock.advance(DAY);
    await postTimes(firstWeek.articles, () => newArticle(token));
    assert.equal((await newArticle(token)).statusCode, 429);
    clock.advance(7 * DAY);
    await postTimes(older.articles, () => newArticle(token));
    assert.equal((await newArticle(token)).statusCode, 429);
  });

  test('the editor re-renders with the message and 429, keeping the draft', async () => {
    const writer = await signedUp(t.app, uniqueName('writer'));
    for (let i = 0; i < dayOne.articles; i++) await publish(writer, { title: uniqueName('Draft') });
    const res = await submitEditor(writer, { title: 'One too many', description: 'Still mine', body: 'Every word of it.', tags: ['kept'] });
    assert.equal(res.statusCode, 429);
    assert.equal(res.headers['retry-after'], String(60 * 60));
    assert.deepEqual(errorMessages(res.body), [`New accounts may post ${dayOne.articles} articles an hour, and you have reached that. Try again in 60 minutes; your text is kept below.`]);
    assert.match(res.body, /value="One too many"/);
    assert.match(res.body, /value="Still mine"/);
    assert.match(res.body, />Every word of it\.<\/textarea>/);
    assert.match(res.body, /value="kept"/);
  });

  test('two instances of the app count against one limit', async () => {
    const other = await secondInstance(t, { now: clock.now });
    try {
      const token = await signUp(t.app, uniqueName('twice'));
      for (let i = 0; i < dayOne.articles; i++) assert.equal((await newArticle(token, i % 2 ? other.app : t.app)).statusCode, 201);
      assert.equal((await newArticle(token, other.app)).statusCode, 429);
      assert.equal((await newArticle(token, t.app)).statusCode, 429);
      // …and refuse at the same moment, sent at once to both.
      clock.advance(HOUR);
      const results = await Promise.all(Array.from({ length: dayOne.articles + 3 }, (_, i) => newArticle(token, i % 2 ? other.app : t.app)));
      assert.equal(results.filter((r) => r.statusCode === 201).length, dayOne.articles);
      assert.equal(results.filter((r) => r.statusCode === 429).length, 3);
    } finally {
      await other.close();
    }
  });
});

describe('comments', () => {
  let slug: string;
  before(async () => {
    const host = await signUp(t.app, uniqueName('host'));
    slug = (await newArticle(host)).json().article.slug;
  });

  test('a day-one account gets 429 past its hourly limit, on the API', async () => {
    const token = await signUp(t.app, uniqueName('talker'));
    await postTimes(dayOne.comments, () => newComment(token, slug));
    const refused = await newComment(token, slug);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], String((60 - dayOne.comments) * 60));
    assert.deepEqual(Object.keys(refused.json().errors), ['comment']);
    // Articles are counted apart from comments.
    assert.equal((await newArticle(token)).statusCode, 201);
  });

  test('the article page re-renders with the message and 429, keeping the comment', async () => {
    const talker = await signedUp(t.app, uniqueName('pager'));
    const article = `/article/${slug}`;
    for (let i = 0; i < dayOne.comments; i++) assert.equal((await press(talker, article, `${article}/comments`, { body: `Number ${i}` })).statusCode, 303);
    await talker.get(article);
    const res = await postPairs(talker, `${article}/comments`, [['_csrf', talker.csrf()], ['body', 'The one that waits.']]);
    assert.equal(res.statusCode, 429);
    assert.ok(res.headers['retry-after']);
    assert.deepEqual(errorMessages(res.body), [`New accounts may post ${dayOne.comments} comments an hour, and you have reached that. Try again in 60 minutes; your text is kept below.`]);
    assert.match(res.body, /<textarea[^>]*>The one that waits\.<\/textarea>/);
  });
});

test('limits are off unless POSTING_LIMITS or production turns them on', async () => {
  const plain = await createTestApp();
  try {
    assert.equal(plain.config.postingLimits, false);
    const token = await signUp(plain.app, 'prolific');
    for (let i = 0; i <= dayOne.articles; i++) assert.equal((await newArticle(token, plain.app)).statusCode, 201);
  } finally {
    await plain.close();
  }
  assert.equal(t.config.postingLimits, true);
  // A signed-out visitor is not counted, nor served: still the login page.
  assert.equal((await new Browser(t.app).get('/editor')).headers.location, '/login');
});
