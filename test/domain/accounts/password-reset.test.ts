import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { api } from '../../support/api.js';
import { TestClock, createTestApp, query, type TestApp } from '../../support/app.js';
import { Browser, errorMessages, inputValue, signedInAs, signedUp, uniqueName } from '../../support/web.js';
import { all, one, parse, text } from '../../support/html.js';
import { startSmtpSink, type SinkMessage, type SmtpSink } from '../../support/smtp-sink.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a fresh and lengthy passphrase';
const MINUTE = 60 * 1000;
/** Mail goes out in the background; well under the test runner's limits, even on a busy machine. */
const MAIL_WAIT_MS = 5_000;

// The mail goes through a real SMTP server; a hand-moved clock stands in for waiting 30 minutes.
const clock = new TestClock();
let sink: SmtpSink;
let t: TestApp;
before(async () => {
  sink = await startSmtpSink();
  t = await createTestApp({ SMTP_URL: sink.url }, { now: clock.now });
});
after(async () => {
  await t.close(); // waits for queued mail
  await sink.close();
});

/** A new user for one test, signed up through the one page helper under a unique name. */
async function newUser(name: string) {
  const browser = await signedUp(t.app, uniqueName(name), PASSWORD);
  return { browser, username: browser.username, email: browser.email };
}
let n = 0;
const unique = (name: string) => `${name}${++n}`;

const askForReset = (email: string, browser = new Browser(t.app)) => browser.submit('/forgot', '/forgot', { email });

const isResetMail = (email: string) => (m: SinkMessage) => m.to.includes(email) && /^Reset your .+ password$/.test(m.subject);
const isChangedNotice = (email: string) => (m: SinkMessage) => m.to.includes(email) && /password was changed$/.test(m.subject);

/** The reset link in a mail's text part, with its path and token. */
function linkIn(mail: SinkMessage) {
  const match = new RegExp(`${t.config.publicUrl}/reset/([^\\s"<]+)`).exec(mail.text);
  assert.ok(match?.[1], `a reset link in:\n${mail.text}`);
  return { url: match[0], path: `/reset/${match[1]}`, token: match[1] };
}

/** Asks for a link for `email` and returns it from the mail. */
async function mailedLink(email: string) {
  assert.equal((await askForReset(email)).statusCode, 200);
  return linkIn(await sink.next(isResetMail(email), MAIL_WAIT_MS));
}

/** Posts a new password through the link: the token comes from the reset form, or /forgot when the link is dead. */
async function choosePassword(browser: Browser, path: string, password: string) {
  const form = await browser.get(path);
  return browser.submit(form.statusCode === 200 ? path : '/forgot', path, { password });
}

const canSignIn = async (email: string, password: string) => (await new Browser(t.app).login(email, password)).statusCode === 303;
const heading = (html: string) => text(one(parse(html), 'h1'));
const resetRows = (username: string) =>
  query(t.database, sql`SELECT r.* FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.username = ${username}`);

describe('the whole flow', () => {
  test('forgot, mail, link, new password: signed in here, everywhere else signed out, and told by mail', async () => {
    const { browser: elsewhere, username, email } = await newUser('flow');
    const login = await api(t.app)('/users/login', { method: 'POST', body: { user: { email, password: PASSWORD } } });
    const apiToken = login.json().user.token as string;

    const visitor = new Browser(t.app);
    const forgot = await visitor.get('/forgot');
    assert.equal(forgot.statusCode, 200);
    const form = one(parse(forgot.body), 'form[action="/forgot"][method="post"]');
    assert.ok(form, 'a form posting to /forgot');
    assert.ok(one(form, 'input[name="_csrf"]')?.attribs.value, 'with a CSRF token');
    assert.ok(one(form, 'input[name="email"]'));

    const sent = await visitor.post('/forgot', { _csrf: visitor.csrf(), email });
    assert.equal(sent.statusCode, 200);
    assert.equal(heading(sent.body), 'Check your email');

    const mail = await sink.next(isResetMail(email), MAIL_WAIT_MS);
    const link = linkIn(mail);
    assert.ok(mail.html, 'an HTML part');
    const doc = parse(mail.html);
    assert.ok(all(doc, 'a').some((a) => a.attribs.href === link.url), 'the same link in the HTML part');
    assert.match(mail.text, new RegExp(`Hello ${username},`));

    const page = await visitor.get(link.path);
    assert.equal(page.statusCode, 200);
    assert.ok(one(parse(page.body), `form[action="${link.path}"] input[name="password"]`), 'the new-password form');

    const done = await visitor.post(link.path, { _csrf: visitor.csrf(), password: NEW_PASSWORD });
    assert.equal(done.statusCode, 303);
    const home = await visitor.get(String(done.headers.location));
    assert.equal(signedInAs(home.body), username, 'signed in on this browser');

    assert.equal(signedInAs((await elsewhere.get('/')).body), null, 'the other session ended');
    assert.notEqual((await elsewhere.get('/settings')).statusCode, 200);
    assert.equal((await api(t.app)('/user', { token: apiToken })).statusCode, 401, 'the API token was revoked');

    assert.equal(await canSignIn(email, PASSWORD), false, 'the old password is gone');
    assert.equal(await canSignIn(email, NEW_PASSWORD), true);

    const notice = await sink.next(isChangedNotice(email), MAIL_WAIT_MS);
    assert.match(notice.text, /reset through an emailed link/);
    assert.ok(notice.html);
  });

  test('the token is 256 random bits, and the database keeps only its hash', async () => {
    const { username, email } = await newUser('token');
    const { token } = await mailedLink(email);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    const rows = await resetRows(username);
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows).includes(token), 'no column holds the token');
    assert.notEqual(rows[0]!.token_hash, token);
  });
});

describe('dead links', () => {
  const assertDead = (res: { statusCode: number; body: string }, what: string) => {
    assert.equal(res.statusCode, 410, what);
    assert.equal(heading(res.body), 'This link no longer works', what);
  };

  test('after 30 minutes, the link no longer works and the password stays', async () => {
    const { email } = await newUser('expired');
    const { path } = await mailedLink(email);
    clock.advance(30 * MINUTE + 1);
    const browser = new Browser(t.app);
    assertDead(await browser.get(path), 'GET');
    assertDead(await browser.submit('/forgot', path, { password: NEW_PASSWORD }), 'POST');
    assert.equal(await canSignIn(email, PASSWORD), true);
    assert.equal(await canSignIn(email, NEW_PASSWORD), false);
  });

  test('a link works once', async () => {
    const { email } = await newUser('reused');
    const { path } = await mailedLink(email);
    assert.equal((await choosePassword(new Browser(t.app), path, NEW_PASSWORD)).statusCode, 303);
    const again = new Browser(t.app);
    assertDead(await again.get(path), 'GET');
    assertDead(await again.submit('/forgot', path, { password: 'yet another passphrase' }), 'POST');
    assert.equal(await canSignIn(email, NEW_PASSWORD), true);
  });

  test('a later password change on /settings kills the link', async () => {
    const { browser, email } = await newUser('settings');
    const { path } = await mailedLink(email);
    // Just signed up: within the window where no current password is asked for.
    const settings = await browser.get('/settings');
    const saved = await browser.post('/settings', {
      _csrf: browser.csrf(),
      image: '',
      username: inputValue(settings.body, 'username') ?? '',
      bio: '',
      email,
      password: NEW_PASSWORD,
    });
    assert.equal(saved.statusCode, 303);
    assertDead(await new Browser(t.app).get(path), 'GET');
    assertDead(await choosePassword(new Browser(t.app), path, 'yet another passphrase'), 'POST');
    assert.equal(await canSignIn(email, NEW_PASSWORD), true);
  });

  test('a later password change through PUT /api/user kills the link', async () => {
    const { email } = await newUser('apichange');
    const { path } = await mailedLink(email);
    const token = (await api(t.app)('/users/login', { method: 'POST', body: { user: { email, password: PASSWORD } } })).json().user.token as string;
    const put = await api(t.app)('/user', { method: 'PUT', token, body: { user: { password: NEW_PASSWORD } } });
    assert.equal(put.statusCode, 200);
    assertDead(await new Browser(t.app).get(path), 'GET');
  });
});

describe('asking for a link', () => {
  test('an unknown email gets the same answer as a known one, and no mail', async () => {
    const known = await newUser('known');
    const ghost = `${unique('ghost')}@example.com`;
    // Mail is queued in the background (src/domain/mail.ts), so both answers come as fast;
    // timings are not asserted here: shared test machines are too noisy for that.
    const forGhost = await askForReset(ghost);
    const forKnown = await askForReset(known.email);
    assert.equal(forGhost.statusCode, 200);
    assert.equal(forKnown.statusCode, forGhost.statusCode);
    const scrub = (html: string, email: string) => html.replaceAll(email, '<email>').replace(/name="_csrf" value="[^"]*"/g, '');
    assert.equal(scrub(forGhost.body, ghost), scrub(forKnown.body, known.email));
    assert.ok(forGhost.body.includes(ghost), 'the page names the address it was asked for');

    // Asked for first, so any mail for it would have been queued before this one.
    await sink.next(isResetMail(known.email), MAIL_WAIT_MS);
    assert.deepEqual(sink.messages.filter((m) => m.to.includes(ghost)), []);
  });

  test('the address is matched without regard to case', async () => {
    const { email } = await newUser('CaseUser');
    assert.equal((await askForReset(email.toUpperCase())).statusCode, 200);
    const mail = await sink.next((m) => m.to.map((a) => a.toLowerCase()).includes(email.toLowerCase()), MAIL_WAIT_MS);
    assert.ok(linkIn(mail).token);
  });

  test('a fourth request for one email within the hour answers the same but mails nothing', async () => {
    const { username, email } = await newUser('flooded');
    for (let i = 1; i <= 3; i++) {
      assert.equal((await askForReset(email)).statusCode, 200, `request ${i}`);
      await sink.next(isResetMail(email), MAIL_WAIT_MS);
    }
    const fourth = await askForReset(email);
    assert.equal(fourth.statusCode, 200);
    assert.equal(heading(fourth.body), 'Check your email');
    assert.equal((await resetRows(username)).length, 3, 'no fourth link was made');
    // Another user's mail asked for afterwards arrives; none more for this one.
    const { email: marker } = await newUser('marker');
    await mailedLink(marker);
    assert.equal(sink.messages.filter(isResetMail(email)).length, 3);

    // Someone asking from another address (the owner, say) still gets a link.
    assert.equal((await askForReset(email, new Browser(t.app, '198.51.100.40'))).statusCode, 200);
    await sink.next(isResetMail(email), MAIL_WAIT_MS);

    // An hour later the limit starts again.
    clock.advance(60 * MINUTE + 1);
    await mailedLink(email);
  });

  test('from any number of addresses, one email gets at most ten links an hour', async () => {
    const { username, email } = await newUser('spread');
    for (let i = 1; i <= 12; i++) {
      assert.equal((await askForReset(email, new Browser(t.app, `203.0.113.${i}`))).statusCode, 200, `request ${i}`);
    }
    assert.equal((await resetRows(username)).length, 10);
  });

  test('POST /forgot without a CSRF token is refused', async () => {
    const { username, email } = await newUser('nocsrf');
    const browser = new Browser(t.app);
    await browser.get('/forgot');
    assert.equal((await browser.post('/forgot', { email })).statusCode, 403);
    assert.equal((await new Browser(t.app).post('/forgot', { email })).statusCode, 403);
    assert.equal((await resetRows(username)).length, 0);
  });
});

describe('choosing the new password', () => {
  test('the password rules apply, and the link still works after a refusal', async () => {
    const { username, email } = await newUser('rules');
    const { path } = await mailedLink(email);
    const browser = new Browser(t.app);
    const weak: Array<[string, RegExp]> = [
      ['short', /^password is too short/],
      ['password123', /^password is too common/],
      [`my ${username} passphrase`, /^password must not contain your username/],
    ];
    for (const [password, message] of weak) {
      const refused = await choosePassword(browser, path, password);
      assert.equal(refused.statusCode, 422, password);
      assert.match(errorMessages(refused.body).join('\n'), message);
      assert.ok(one(parse(refused.body), `form[action="${path}"] input[name="password"]`), `the form again for ${password}`);
      assert.equal(inputValue(refused.body, 'password'), undefined, 'the password is not sent back');
    }
    assert.equal(await canSignIn(email, PASSWORD), true);
    assert.equal((await choosePassword(browser, path, NEW_PASSWORD)).statusCode, 303);
    assert.equal(await canSignIn(email, NEW_PASSWORD), true);
  });

  test('POST /reset/:token without a CSRF token is refused and uses nothing up', async () => {
    const { email } = await newUser('resetcsrf');
    const { path } = await mailedLink(email);
    const browser = new Browser(t.app);
    assert.equal((await browser.get(path)).statusCode, 200);
    assert.equal((await browser.post(path, { password: NEW_PASSWORD })).statusCode, 403);
    assert.equal((await new Browser(t.app).post(path, { password: NEW_PASSWORD })).statusCode, 403);
    assert.equal(await canSignIn(email, PASSWORD), true);
    assert.equal((await browser.get(path)).statusCode, 200, 'the link still works');
  });
});

test('PUT /api/user with a new password mails a notice to the address the account had', async () => {
  const username = unique('apinotice');
  const email = `${username}@example.com`;
  const created = await api(t.app)('/users', { method: 'POST', body: { user: { username, email, password: PASSWORD } } });
  assert.equal(created.statusCode, 201);
  const token = created.json().user.token as string;

  const put = (user: Record<string, string>) => api(t.app)('/user', { method: 'PUT', token, body: { user } });
  assert.equal((await put({ password: NEW_PASSWORD })).statusCode, 200);
  const notice = await sink.next(isChangedNotice(email), MAIL_WAIT_MS);
  assert.match(notice.text, new RegExp(`Hello ${username},`));
  assert.match(notice.text, /was changed, and every other session/);

  // A new email with the new password: the old address hears of both.
  assert.equal((await put({ email: `${username}@new.example.com`, password: 'and yet another passphrase' })).statusCode, 200);
  await sink.next(isChangedNotice(email), MAIL_WAIT_MS);
  const moved = await sink.next((m) => m.to.includes(email) && /email of your .+ account was changed/.test(m.subject), MAIL_WAIT_MS);
  assert.match(moved.text, new RegExp(`to ${username}@new\\.example\\.com`));
});

test('a new email kills outstanding reset links (they went to the old address)', async () => {
  const { browser, username, email } = await newUser('emailmove');
  const { path } = await mailedLink(email);
  await browser.get('/settings');
  const changed = await browser.post('/settings', { _csrf: browser.csrf(), image: '', username, bio: '', email: `${username}@moved.example.com`, password: '' });
  assert.equal(changed.statusCode, 303);
  assert.equal((await new Browser(t.app).get(path)).statusCode, 410);
});

describe('a separate app', () => {
  test('with AUTH_RATE_LIMIT=3, a fourth POST /forgot from one address in a minute is 429', async () => {
    const limited = await createTestApp({ SMTP_URL: sink.url, AUTH_RATE_LIMIT: '3' });
    try {
      const browser = new Browser(limited.app);
      for (let i = 1; i <= 3; i++) {
        assert.equal((await askForReset(`${unique('nobody')}@example.com`, browser)).statusCode, 200, `request ${i}`);
      }
      assert.equal((await askForReset(`${unique('nobody')}@example.com`, browser)).statusCode, 429);
      const otherAddress = new Browser(limited.app, '203.0.113.7');
      assert.equal((await askForReset(`${unique('nobody')}@example.com`, otherAddress)).statusCode, 200);
    } finally {
      await limited.close();
    }
  });

  test('production without SMTP_URL: no resets by email, and no outbox', async () => {
    const prod = await createTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
    try {
      assert.equal(prod.config.mail.kind, 'none');
      const browser = new Browser(prod.app);
      const page = await browser.get('/forgot');
      assert.equal(page.statusCode, 200);
      assert.match(text(one(parse(page.body), '.auth-page')), /Password resets by email are not available/);
      assert.equal(one(parse(page.body), 'form[action="/forgot"]'), undefined);
      assert.equal((await browser.get('/dev/outbox')).statusCode, 404);
    } finally {
      await prod.close();
    }
    // Nor with SMTP but no PUBLIC_URL: links would need the request's Host header.
    const noUrl = await createTestApp({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SMTP_URL: sink.url });
    try {
      assert.equal(noUrl.config.publicUrl, null);
      assert.match((await new Browser(noUrl.app).get('/forgot')).body, /Password resets by email are not available/);
    } finally {
      await noUrl.close();
    }
  });

  test('without SMTP_URL outside production, mail lands in the outbox beside the database, listed at /dev/outbox', async () => {
    const dev = await createTestApp();
    try {
      const dir = join(dirname(dev.config.databasePath), 'outbox');
      assert.deepEqual(dev.config.mail, { kind: 'outbox', dir });
      const browser = new Browser(dev.app);
      const username = unique('outbox');
      assert.equal((await browser.register(username, PASSWORD)).statusCode, 303);
      const email = `${username}@example.com`;
      assert.equal((await askForReset(email, new Browser(dev.app))).statusCode, 200);

      // The file is written in the background: poll, bounded like the SMTP waits.
      const deadline = Date.now() + MAIL_WAIT_MS;
      let names: string[] = [];
      while (names.length === 0) {
        assert.ok(Date.now() < deadline, 'no message in the outbox in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
        names = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.eml')) : [];
      }
      assert.equal(names.length, 1);
      assert.match(names[0]!, /-password-reset-[0-9a-f]{6}\.eml$/);

      const list = await browser.get('/dev/outbox');
      assert.equal(list.statusCode, 200);
      const link = one(parse(list.body), `a[href="/dev/outbox/${names[0]}"]`);
      assert.ok(link, 'the list links to the message');
      assert.match(text(link), /^Reset your .+ password$/);
      assert.ok(list.body.includes(email), 'and names who it is for');

      // The message as a reader sees it: headers, the text part with its link whole, the HTML part in a sandboxed frame.
      const message = await browser.get(`/dev/outbox/${names[0]}`);
      assert.equal(message.statusCode, 200);
      assert.match(String(message.headers['content-type']), /^text\/html/);
      const page = parse(message.body);
      assert.match(text(one(page, 'pre.outbox-text')!), new RegExp(`${dev.config.publicUrl}/reset/[A-Za-z0-9_-]{43} `));
      assert.ok(message.body.includes(`<td>${email}</td>`), 'the To header');
      const frame = one(page, 'iframe.outbox-html');
      assert.equal(frame?.attribs.sandbox, 'allow-popups allow-popups-to-escape-sandbox');
      const html = await browser.get(frame!.attribs.src!);
      assert.match(String(html.headers['content-security-policy']), /default-src 'none'.*sandbox allow-popups/);
      assert.match(html.body, /^<base target="_blank">/);
      assert.match(html.body, new RegExp(`<a href="${dev.config.publicUrl}/reset/[A-Za-z0-9_-]{43}"`));

      const raw = await browser.get(`/dev/outbox/${names[0]}/raw`);
      assert.match(String(raw.headers['content-type']), /^text\/plain/);
      const parsed = await simpleParser(raw.body);
      assert.match(parsed.text ?? '', new RegExp(`${dev.config.publicUrl}/reset/[A-Za-z0-9_-]{43}`));
      assert.ok(message.body.includes(`href="/dev/outbox/${names[0]}/raw"`), 'the raw message is a link away');
    } finally {
      await dev.close();
    }
  });
});
