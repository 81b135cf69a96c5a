import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { api } from '../support/api.js';
import { all, parse, text } from '../support/html.js';
import { TestClock, createTestApp, query, queryOne, type TestApp } from '../support/app.js';
import { Browser, errorMessages, signedInAs } from '../support/web.js';

const PASSWORD = 'correct horse battery staple';
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

const clock = new TestClock();
let t: TestApp;
before(async () => (t = await createTestApp({}, { now: clock.now })));
after(() => t.close());

let n = 0;
const unique = (name: string) => `${name}${++n}`;

/** A user signed in on two browsers (Firefox, then Safari from another address) and one API token. */
async function userOnThreeDevices(name: string) {
  const username = unique(name);
  const email = `${username}@example.com`;
  const laptop = new Browser(t.app);
  await laptop.get('/register', { 'user-agent': FIREFOX });
  assert.equal((await laptop.post('/register', { _csrf: laptop.csrf(), username, email, password: PASSWORD }, { 'user-agent': FIREFOX })).statusCode, 303);
  const phone = new Browser(t.app, '198.51.100.23');
  await phone.get('/login', { 'user-agent': SAFARI });
  assert.equal((await phone.post('/login', { _csrf: phone.csrf(), email, password: PASSWORD }, { 'user-agent': SAFARI })).statusCode, 303);
  const login = await api(t.app)('/users/login', { method: 'POST', body: { user: { email, password: PASSWORD } } });
  return { username, email, laptop, phone, token: login.json().user.token as string };
}

const rows = (html: string, caption: string) => {
  const doc = parse(html);
  const table = all(doc, 'table').find((tb) => text(all(tb, 'caption')[0]) === caption);
  assert.ok(table, `a table captioned ${caption}`);
  return all(table, 'tbody tr').map((tr) => all(tr, 'td').map((td) => text(td)));
};
const endButtons = (html: string) => all(parse(html), 'button[name=end]').map((b) => ({ value: b.attribs.value!, label: b.attribs['aria-label'] ?? text(b) }));

describe('/settings/sessions', () => {
  test('lists browsers with device, address and times, the current one marked, and API tokens', async () => {
    const { laptop } = await userOnThreeDevices('lister');
    const page = await laptop.get('/settings/sessions');
    assert.equal(page.statusCode, 200);
    const browsers = rows(page.body, 'Browsers');
    assert.equal(browsers.length, 2);
    const mine = browsers.find((r) => r[0]!.includes('(this browser)'));
    assert.ok(mine, 'the current browser is marked');
    assert.match(mine[0]!, /^Firefox on Windows/);
    assert.equal(mine[1], '127.0.0.1');
    const other = browsers.find((r) => !r[0]!.includes('(this browser)'))!;
    assert.match(other[0]!, /^Safari on iOS/);
    assert.equal(other[1], '198.51.100.23');
    assert.match(other[2]!, /\d{4} at \d{2}:\d{2} UTC$/);
    assert.equal(rows(page.body, 'API tokens').length, 1);
    // The page never shows a session id or a token, only handles.
    const sids = await query<{ sid: string }>(t.database, sql`SELECT sid FROM sessions`);
    for (const { sid } of sids) assert.ok(!page.body.includes(sid));
    // Two others can be ended: the phone and the token; this browser cannot end itself here.
    assert.equal(endButtons(page.body).length, 3);
  });

  test('ending one browser signs it out; its cookie no longer works', async () => {
    const { laptop, phone } = await userOnThreeDevices('endone');
    const page = await laptop.get('/settings/sessions');
    const safari = endButtons(page.body).find((b) => b.label.includes('Safari'))!;
    const ended = await laptop.post('/settings/sessions', { _csrf: laptop.csrf(), end: safari.value });
    assert.equal(ended.statusCode, 303);
    assert.equal(ended.headers.location, '/settings/sessions');
    assert.equal(signedInAs((await phone.get('/')).body), null);
    assert.equal((await phone.get('/settings')).headers.location, '/login');
    assert.equal(rows((await laptop.get('/settings/sessions')).body, 'Browsers').length, 1);
  });

  test('ending the API token makes it a 401', async () => {
    const { laptop, token } = await userOnThreeDevices('endtoken');
    const page = await laptop.get('/settings/sessions');
    const tokenButton = endButtons(page.body).find((b) => b.label.startsWith('End API token'))!;
    assert.equal((await laptop.post('/settings/sessions', { _csrf: laptop.csrf(), end: tokenButton.value })).statusCode, 303);
    assert.equal((await api(t.app)('/user', { token })).statusCode, 401);
    assert.equal(signedInAs((await laptop.get('/')).body) !== null, true, 'this browser stays signed in');
  });

  test('"End all other sessions" ends every other browser and token, and keeps this one', async () => {
    const { username, laptop, phone, token } = await userOnThreeDevices('endall');
    await laptop.get('/settings/sessions');
    const res = await laptop.post('/settings/sessions', { _csrf: laptop.csrf(), end: 'others' });
    assert.equal(res.statusCode, 303);
    assert.equal(signedInAs((await phone.get('/')).body), null);
    assert.equal((await api(t.app)('/user', { token })).statusCode, 401);
    assert.equal(signedInAs((await laptop.get('/')).body), username);
    const page = await laptop.get('/settings/sessions');
    assert.match(page.body, /You are signed in nowhere else/);
  });

  test('after 10 minutes, ending needs the current password', async () => {
    const { laptop, phone } = await userOnThreeDevices('sudo');
    clock.advance(11 * MINUTE);
    const page = await laptop.get('/settings/sessions');
    assert.match(page.body, /<input[^>]*name="currentPassword"/);
    const refused = await laptop.post('/settings/sessions', { _csrf: laptop.csrf(), end: 'others' });
    assert.equal(refused.statusCode, 422);
    assert.deepEqual(errorMessages(refused.body), ['Current password is required to end other sessions']);
    assert.notEqual(signedInAs((await phone.get('/')).body), null);
    const wrong = await laptop.post('/settings/sessions', { _csrf: laptop.csrf(), end: 'others', currentPassword: 'nope nope' });
    assert.equal(wrong.statusCode, 422);
    assert.deepEqual(errorMessages(wrong.body), ['Current password is invalid']);
    const right = await laptop.post('/settings/sessions', { _csrf: laptop.csrf(), end: 'others', currentPassword: PASSWORD });
    assert.equal(right.statusCode, 303);
    assert.equal(signedInAs((await phone.get('/')).body), null);
  });

  test("someone else's handle, or nonsense, is a 404 and ends nothing", async () => {
    const alice = await userOnThreeDevices('alice');
    const mallory = await userOnThreeDevices('mallory');
    const alicePhone = endButtons((await alice.laptop.get('/settings/sessions')).body).find((b) => b.label.includes('Safari'))!;
    await mallory.laptop.get('/settings/sessions');
    for (const end of [alicePhone.value, 'nonsense', '']) {
      const res = await mallory.laptop.post('/settings/sessions', { _csrf: mallory.laptop.csrf(), end });
      assert.equal(res.statusCode, 404, `end=${end}`);
    }
    assert.notEqual(signedInAs((await alice.phone.get('/')).body), null);
  });
});

describe('idle timeout and "last used"', () => {
  test('a browser session unused for 14 days is over; one used within them lives on', async () => {
    const { laptop, phone, username } = await userOnThreeDevices('idle');
    clock.advance(13 * DAY);
    assert.equal(signedInAs((await laptop.get('/')).body), username, 'used on day 13');
    clock.advance(2 * DAY);
    assert.equal(signedInAs((await laptop.get('/')).body), username, 'day 15: it was used 2 days ago');
    assert.equal(signedInAs((await phone.get('/')).body), null, 'day 15: unused for 15 days');
  });

  test('an API token unused for 14 days is a 401', async () => {
    const { token } = await userOnThreeDevices('idletoken');
    clock.advance(14 * DAY - HOUR);
    assert.equal((await api(t.app)('/user', { token })).statusCode, 200);
    clock.advance(14 * DAY - HOUR);
    assert.equal((await api(t.app)('/user', { token })).statusCode, 200);
    clock.advance(14 * DAY + HOUR);
    assert.equal((await api(t.app)('/user', { token })).statusCode, 401);
  });

  test('the 30-day lifetime holds however often a token is used', async () => {
    const { token } = await userOnThreeDevices('lifetime');
    for (let day = 0; day < 29; day += 7) {
      assert.equal((await api(t.app)('/user', { token })).statusCode, 200, `day ${day}`);
      clock.advance(7 * DAY);
    }
    assert.equal((await api(t.app)('/user', { token })).statusCode, 401, 'day 35');
  });

  test('"last used" is written at most once an hour, not on every request', async () => {
    const { username, laptop, token } = await userOnThreeDevices('touch');
    const lastUsed = () =>
      queryOne<{ browser: number; token: number }>(
        t.database,
        sql`SELECT (SELECT max(s.last_used_at) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = ${username}) AS browser,
                   (SELECT max(a.last_used_at) FROM api_tokens a JOIN users u ON u.id = a.user_id WHERE u.username = ${username}) AS token`,
      );
    await laptop.get('/'); // the first page with a form saves the session once, with its CSRF secret
    const start = await lastUsed();
    clock.advance(30 * MINUTE);
    await laptop.get('/');
    await api(t.app)('/user', { token });
    assert.deepEqual(await lastUsed(), start, 'within the hour: no write');
    clock.advance(31 * MINUTE);
    await laptop.get('/');
    await api(t.app)('/user', { token });
    assert.deepEqual(await lastUsed(), { browser: clock.ms, token: clock.ms });
  });

  test('the purge deletes expired and idle sessions and tokens', async () => {
    const { purgeEndedSignIns } = await import('../../src/domain/accounts/sessions-and-tokens.js');
    const { username } = await userOnThreeDevices('purged');
    const countFor = async (table: string) =>
      (await queryOne<{ n: number }>(t.database, sql`SELECT count(*) AS n FROM ${sql.identifier(table)} x JOIN users u ON u.id = x.user_id WHERE u.username = ${username}`)).n;
    assert.equal(await countFor('sessions'), 2);
    assert.equal(await countFor('api_tokens'), 1);
    await purgeEndedSignIns(t.database.db, clock.ms + 15 * DAY, t.config.sessionIdleMs);
    assert.equal(await countFor('sessions'), 0);
    assert.equal(await countFor('api_tokens'), 0);
  });
});
