// The search page and the navbar's search box: results with title, author,
// date, tags and a snippet whose matched words alone are marked, everything
// an author wrote escaped; filters, pages, and clear empty states.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postArticle, signUp } from '../support/api.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { all, innerHtml, one, only, parse, text, texts, type El } from '../support/html.js';
import { Browser, signedUp } from '../support/web.js';

let t: TestApp;
let anon: Browser;
let ada: string;

before(async () => {
  t = await createTestApp();
  anon = new Browser(t.app);
  ada = await signUp(t.app, 'ada');
  const bob = await signUp(t.app, 'bob');
  await postArticle(t.app, ada, { title: 'Gardening with kelp', description: 'Seaweed as mulch', body: 'Rinse the kelp first, then spread it thin.', tagList: ['garden', 'sea'] });
  await postArticle(t.app, bob, { title: 'Tide tables', description: 'Reading them', body: 'Low tide is when the kelp shows.', tagList: ['sea'] });
  // Markup in every field an author writes: none of it may reach the page as markup.
  await postArticle(t.app, bob, {
    title: 'Kelp <script>alert(1)</script> & more',
    description: '<img src=x onerror=alert(2)>',
    body: 'Some <b>bold</b> kelp and <script>alert(3)</script> plus <mark>fake</mark> & \u0001 a control.',
    tagList: ['<i>odd</i>'],
  });
  for (let i = 1; i <= 12; i++) await postArticle(t.app, ada, { title: `Barnacle note ${i}`, body: 'About barnacles.', tagList: ['shell'] });
});
after(() => t.close());

/** The tag names of every element inside `el`. */
const elementsIn = (el: El): string[] => all(el, '*').map((e) => e.tagName);
const results = (html: string) => texts(html, '.search-result h3');

describe('the navbar search box', () => {
  test('is on every page, signed in or out: a labelled GET form to /search', async () => {
    const reader = await signedUp(t.app, 'reader');
    for (const [who, url] of [[anon, '/'], [anon, '/login'], [anon, '/article/tide-tables'], [reader, '/'], [reader, '/settings']] as const) {
      const doc = parse((await who.get(url)).body);
      const form = only(doc, 'nav form[role="search"]');
      assert.equal(form.attribs.method, 'get', url);
      assert.equal(form.attribs.action, '/search', url);
      const input = only(form, 'input[name="q"]');
      assert.equal(text(one(form, `label[for="${input.attribs.id}"]`)), 'Search articles', url);
    }
  });
});

describe('the results', () => {
  test('show title, author, date, tags and a snippet with only the matched words marked', async () => {
    const res = await anon.get('/search?q=rinse');
    assert.equal(res.statusCode, 200);
    const [hit] = all(res.body, '.search-result');
    assert.equal(text(one(hit!, 'h3 a')), 'Gardening with kelp');
    assert.equal(one(hit!, 'h3 a')!.attribs.href, '/article/gardening-with-kelp');
    assert.equal(text(one(hit!, '.author')), 'ada');
    assert.match(one(hit!, 'time')!.attribs.datetime!, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(texts(hit!, '.tag-list a'), ['garden', 'sea']);
    assert.deepEqual(texts(hit!, '.search-snippet mark').map((w) => w.toLowerCase()), ['rinse']);
    assert.match(text(one(hit!, '.search-snippet')), /Rinse the kelp first/);
    assert.match(text(one(res.body, '.search-summary')), /1 article matches “rinse”/);
  });

  test('a title match comes before a body-only match', async () => {
    assert.deepEqual(results((await anon.get('/search?q=kelp')).body).slice(0, 2).sort(), ['Gardening with kelp', 'Kelp <script>alert(1)</script> & more'].sort());
    assert.equal(results((await anon.get('/search?q=kelp')).body)[2], 'Tide tables');
  });

  test('markup an author wrote is shown as text, and only the matched words are marked', async () => {
    const res = await anon.get('/search?q=kelp+bold');
    const doc = parse(res.body);
    const hit = only(doc, '.search-result');
    assert.equal(all(doc, 'script').length, 0, 'no script element on the page');
    assert.equal(all(hit, 'img').length + all(hit, 'b').length + all(hit, 'i').length, 0);
    assert.equal(text(one(hit, 'h3 a')), 'Kelp <script>alert(1)</script> & more');
    assert.equal(text(one(hit, '.search-description')), '<img src=x onerror=alert(2)>');
    assert.deepEqual(texts(hit, '.tag-list a'), ['<i>odd</i>']);
    const snippet = one(hit, '.search-snippet')!;
    assert.deepEqual(texts(snippet, 'mark').map((w) => w.toLowerCase()).sort(), ['bold', 'kelp']);
    // SQLite's snippet keeps the tags as text, PostgreSQL's ts_headline drops them: either way no element but the marks.
    assert.deepEqual(elementsIn(snippet), ['mark', 'mark']);
    assert.doesNotMatch(innerHtml(snippet), /<(?!\/?mark>)/);
    assert.ok(!innerHtml(snippet).includes("\u0001"), "no control character");
  });

  test('filters by tag and by author, and links that narrow keep the search', async () => {
    assert.deepEqual(results((await anon.get('/search?q=kelp&tag=garden')).body), ['Gardening with kelp']);
    assert.deepEqual(results((await anon.get('/search?q=kelp&author=bob')).body).sort(), ['Kelp <script>alert(1)</script> & more', 'Tide tables']);
    const page = (await anon.get('/search?q=kelp&tag=sea')).body;
    assert.ok(all(page, '.search-result .tag-list a').some((a) => a.attribs.href === '/search?q=kelp&tag=garden'));
    assert.equal(one(page, 'input[type="hidden"][name="tag"]')!.attribs.value, 'sea');
    assert.ok(all(page, '.search-filters a').some((a) => a.attribs.href === '/search?q=kelp'), 'a way to drop the filter');
  });

  test('are paged ten at a time, the links keeping the words', async () => {
    const first = (await anon.get('/search?q=barnacle')).body;
    assert.equal(results(first).length, 10);
    assert.match(text(one(first, '.search-summary')), /12 articles match/);
    const next = all(first, '.pagination a').find((a) => text(a) === '2');
    assert.equal(next?.attribs.href, '/search?q=barnacle&page=2');
    assert.equal(results((await anon.get('/search?q=barnacle&page=2')).body).length, 2);
  });
});

describe('clear states', () => {
  test('no words yet, and nothing matching, each say so', async () => {
    for (const url of ['/search', '/search?q=', '/search?q=%22*%22', '/search?q=a&q=b']) {
      const res = await anon.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.match(text(one(res.body, '.search-summary')), /Type a few words/, url);
    }
    const common = await anon.get('/search?q=the');
    assert.match(text(one(common.body, '.search-summary')), /“the” is too common a word to search for/);
    assert.match(text(one((await anon.get('/search?q=the+kelp')).body, '.search-note')), /Left out as too common: “the”/);
    const none = await anon.get('/search?q=zeppelin');
    assert.match(text(one(none.body, '.search-summary')), /No articles match “zeppelin”/);
    assert.equal(all(none.body, '.search-result').length, 0);
  });

  test('hostile input gives a page, never an error', async () => {
    for (const q of ['"', 'NEAR(kelp', '-kelp', 'kelp*', ')(', 'a:b', '\u0000', '🦭', 'x'.repeat(1000), '%E0%A4%A', 'kelp OR AND NOT']) {
      const res = await anon.get(`/search?q=${encodeURIComponent(q)}&page=${encodeURIComponent('-1')}`);
      assert.equal(res.statusCode, 200, q);
    }
  });
});
