import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, queryOne, type TestApp } from '../support/app.js';
import { Browser, decodeEntities, errorMessages, inputValue, signedInAs, signedUp } from '../support/web.js';

const PASSWORD = 'correct horse battery staple';

let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

/** A new user, signed in, in their own browser. */
function signedInUser(username: string): Promise<Browser> {
  return signedUp(t.app, username);
}

function textarea(html: string, name: string): string | undefined {
  const match = new RegExp(`<textarea[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return match ? decodeEntities(match[1] ?? '') : undefined;
}

/** Posts the settings form with the current values plus `changes` (password empty unless given). */
async function saveSettings(browser: Browser, changes: Record<string, string>) {
  const page = await browser.get('/settings');
  assert.equal(page.statusCode, 200);
  const current = {
    image: inputValue(page.body, 'image') ?? '',
    username: inputValue(page.body, 'username') ?? '',
    bio: textarea(page.body, 'bio') ?? '',
    email: inputValue(page.body, 'email') ?? '',
    password: '',
  };
  return browser.post('/settings', { _csrf: browser.csrf(), ...current, ...changes });
}

test('signed out, GET /settings goes to exactly /login', async () => {
  const response = await new Browser(t.app).get('/settings');
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/login');
});

test('signed out, POST /settings goes to /login and changes nothing', async () => {
  const response = await new Browser(t.app).post('/settings', { username: 'ghost' });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/login');
});

test('the settings page shows the current values, an empty password and Update Settings first', async () => {
  const browser = await signedInUser('henry');
  const page = await browser.get('/settings');
  assert.equal(page.statusCode, 200);
  assert.equal(inputValue(page.body, 'username'), 'henry');
  assert.equal(inputValue(page.body, 'email'), 'henry@example.com');
  assert.equal(inputValue(page.body, 'image'), '');
  assert.equal(textarea(page.body, 'bio'), '');
  assert.equal(inputValue(page.body, 'password'), undefined);
  const firstSubmit = /<button[^>]*type="submit"[^>]*>([^<]*)</.exec(page.body);
  assert.equal(firstSubmit?.[1], 'Update Settings');
  for (const name of ['image', 'username', 'bio', 'email', 'password']) {
    assert.match(page.body, new RegExp(`<label[^>]*for="${name}"`), `${name} has a label`);
  }
  assert.match(page.body, /class="nav-link active" href="\/settings"/);
});

test('updating image, username, bio and email redirects to the new profile and persists', async () => {
  const browser = await signedInUser('irene');
  const response = await saveSettings(browser, {
    image: 'https://images.example.com/irene.png',
    username: 'irene_new',
    bio: 'I write about <b>things</b> & "stuff".',
    email: 'Irene.New@example.com',
  });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/profile/irene_new');

  const page = await browser.get('/settings');
  assert.equal(inputValue(page.body, 'image'), 'https://images.example.com/irene.png');
  assert.equal(inputValue(page.body, 'username'), 'irene_new');
  assert.equal(textarea(page.body, 'bio'), 'I write about <b>things</b> & "stuff".');
  assert.ok(!page.body.includes('<b>things</b>'), 'the bio is escaped');
  assert.equal(inputValue(page.body, 'email'), 'Irene.New@example.com');
  assert.equal(signedInAs(page.body), 'irene_new');
  assert.match(page.body, /<img class="user-pic" src="https:\/\/images\.example\.com\/irene\.png"/);

  // The new email signs in (any case); the old one no longer exists.
  assert.equal((await new Browser(t.app).login('irene.new@example.com')).statusCode, 303);
  assert.equal((await new Browser(t.app).login('irene@example.com')).statusCode, 422);
});

test('clearing image and bio stores them as empty again', async () => {
  const browser = await signedInUser('jack');
  await saveSettings(browser, { image: 'http://example.com/j.png', bio: 'hello' });
  const response = await saveSettings(browser, { image: '', bio: '' });
  assert.equal(response.statusCode, 303);
  const row = await queryOne(t.database, sql`SELECT bio, image FROM users WHERE username = 'jack'`);
  assert.deepEqual({ ...(row as object) }, { bio: null, image: null });
  const page = await browser.get('/settings');
  assert.match(page.body, /<img class="user-pic" src="\/default-avatar\.svg"/);
});

test('an empty password field keeps the current password', async () => {
  const browser = await signedInUser('kate');
  const hashOf = () => queryOne(t.database, sql`SELECT password_hash AS h FROM users WHERE username = 'kate'`);
  const hashBefore = await hashOf();
  const response = await saveSettings(browser, { bio: 'still me', password: '' });
  assert.equal(response.statusCode, 303);
  assert.deepEqual(await hashOf(), hashBefore);
  assert.equal((await new Browser(t.app).login('kate@example.com', PASSWORD)).statusCode, 303);
});

describe('changing the password', () => {
  const NEW_PASSWORD = 'an entirely new passphrase';
  let current: Browser;
  let other: Browser;
  let response: Awaited<ReturnType<typeof saveSettings>>;

  before(async () => {
    current = await signedInUser('liam');
    other = new Browser(t.app);
    assert.equal((await other.login('liam@example.com', PASSWORD)).statusCode, 303);
    assert.equal(signedInAs((await other.get('/')).body), 'liam');
    response = await saveSettings(current, { password: NEW_PASSWORD });
  });

  test('redirects to the profile', () => {
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/profile/liam');
  });

  test('the new password works and the old one no longer does', async () => {
    assert.equal((await new Browser(t.app).login('liam@example.com', NEW_PASSWORD)).statusCode, 303);
    const old = await new Browser(t.app).login('liam@example.com', PASSWORD);
    assert.equal(old.statusCode, 422);
    assert.deepEqual(errorMessages(old.body), ['email or password is invalid']);
  });

  test('the session that made the change stays signed in', async () => {
    assert.equal(signedInAs((await current.get('/')).body), 'liam');
    assert.equal((await current.get('/settings')).statusCode, 200);
  });

  test('every other session of the user is signed out', async () => {
    assert.equal(signedInAs((await other.get('/')).body), null);
    const settings = await other.get('/settings');
    assert.equal(settings.statusCode, 303);
    assert.equal(settings.headers.location, '/login');
  });

  test("other users' sessions are untouched", async () => {
    const bystander = await signedInUser('mona');
    await saveSettings(current, { password: 'yet another passphrase' });
    assert.equal(signedInAs((await bystander.get('/')).body), 'mona');
  });
});

describe('validation re-renders the form (422) with messages and values kept', () => {
  let browser: Browser;
  before(async () => {
    browser = await signedInUser('nina');
    await signedInUser('Oscar');
  });

  async function assertRefused(changes: Record<string, string>, expected: RegExp) {
    const response = await saveSettings(browser, changes);
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /<form method="post" action="\/settings"/);
    const messages = errorMessages(response.body);
    assert.ok(messages.some((m) => expected.test(m)), `expected ${expected} in ${JSON.stringify(messages)}`);
    for (const [name, value] of Object.entries(changes)) {
      if (name === 'password') continue;
      const shown = name === 'bio' ? textarea(response.body, name) : inputValue(response.body, name);
      assert.equal(shown, value, `${name} kept`);
    }
    assert.equal(inputValue(response.body, 'password'), undefined, 'the password is not echoed');
    // Nothing was saved.
    const row = await queryOne(t.database, sql`SELECT username, image, bio FROM users WHERE email = 'nina@example.com'`);
    assert.deepEqual({ ...(row as object) }, { username: 'nina', image: null, bio: null });
    return response;
  }

  test('a javascript: image URL', async () => {
    const response = await assertRefused({ image: 'javascript:alert(1)', bio: 'kept bio' }, /^image must be an http\(s\) URL$/);
    assert.ok(!/src="javascript:/.test(response.body));
  });

  test('a username someone else has (another case)', async () => {
    await assertRefused({ username: 'oscar', bio: 'kept bio' }, /^username has already been taken$/);
  });

  test('an email someone else has', async () => {
    await assertRefused({ email: 'OSCAR@example.com' }, /^email has already been taken$/);
  });

  test('a blank username', async () => {
    await assertRefused({ username: '' }, /^username can't be blank$/);
  });

  test('a short new password', async () => {
    await assertRefused({ password: 'Qz7#k', bio: 'kept' }, /^password is too short/);
  });

  test('a common new password', async () => {
    await assertRefused({ password: 'password123' }, /^password is too common/);
  });

  test('a bio over 1000 characters', async () => {
    await assertRefused({ bio: 'b'.repeat(1001) }, /^bio is too long \(maximum is 1000 characters\)$/);
  });

  test('the user can still sign in with the unchanged password', async () => {
    assert.equal((await new Browser(t.app).login('nina@example.com', PASSWORD)).statusCode, 303);
  });
});

test('changing only the case of your own username is allowed', async () => {
  const browser = await signedInUser('paul');
  const response = await saveSettings(browser, { username: 'Paul' });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/profile/Paul');
});
