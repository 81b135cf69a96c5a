import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api } from '../../support/api.js';
import { TestClock, createTestApp, type TestApp } from '../../support/app.js';
import { Browser } from '../../support/web.js';

const PASSWORD = 'correct horse battery staple';
const OWNER_ADDRESS = '203.0.113.10';
const MINUTE = 60 * 1000;

// Small limits, so the test makes few attempts: 3 per address per 15 minutes, 8 per account per hour.
const clock = new TestClock();
let t: TestApp;
before(async () => (t = await createTestApp({ LOGIN_FAILURES_PER_ADDRESS: '3', LOGIN_FAILURES_PER_HOUR: '8' }, { now: clock.now })));
after(() => t.close());

const attempt = (address: string, email: string, password: string) => new Browser(t.app, address).login(email, password);
const apiAttempt = (address: string, email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/users/login', remoteAddress: address, payload: { user: { email, password } } });

test("an attacker's failures from one address do not pause the owner signing in from another", async () => {
  await new Browser(t.app).register('victim', PASSWORD);
  for (let i = 1; i <= 3; i++) assert.equal((await attempt('192.0.2.66', 'victim@example.com', `guess ${i}`)).statusCode, 422);
  // The attacker's address is paused, for the page and the API, even with the right password...
  assert.equal((await attempt('192.0.2.66', 'victim@example.com', PASSWORD)).statusCode, 429);
  assert.equal((await apiAttempt('192.0.2.66', 'victim@example.com', PASSWORD)).statusCode, 429);
  // ...while the owner, elsewhere, signs in at once.
  assert.equal((await attempt(OWNER_ADDRESS, 'victim@example.com', PASSWORD)).statusCode, 303);
  assert.equal((await apiAttempt(OWNER_ADDRESS, 'victim@example.com', PASSWORD)).statusCode, 200);
  // The attacker's pause ends after 15 minutes.
  clock.advance(15 * MINUTE);
  assert.equal((await attempt('192.0.2.66', 'victim@example.com', PASSWORD)).statusCode, 303);
});

test('the per-account ceiling holds against guesses spread over many addresses', async () => {
  await new Browser(t.app).register('target', PASSWORD);
  // Two guesses from each of four addresses: none of them reaches its own pause of 3.
  for (let i = 0; i < 8; i++) {
    const address = `198.51.100.${Math.floor(i / 2) + 1}`;
    assert.equal((await attempt(address, 'target@example.com', `guess ${i}`)).statusCode, 422, `guess ${i} from ${address}`);
  }
  // Now the account is paused from everywhere, the owner's address included, on both faces.
  const ownerPage = await attempt(OWNER_ADDRESS, 'target@example.com', PASSWORD);
  assert.equal(ownerPage.statusCode, 429);
  assert.ok(Number(ownerPage.headers['retry-after']) > 15 * 60, 'paused for the rest of the hour');
  assert.equal((await apiAttempt('198.51.100.200', 'target@example.com', PASSWORD)).statusCode, 429);
  // Other accounts are untouched.
  await new Browser(t.app).register('bystander', PASSWORD);
  assert.equal((await attempt('198.51.100.1', 'bystander@example.com', PASSWORD)).statusCode, 303);
  // An hour later the account opens again.
  clock.advance(60 * MINUTE);
  assert.equal((await attempt(OWNER_ADDRESS, 'target@example.com', PASSWORD)).statusCode, 303);
});

test('unknown emails are counted the same way, so pauses say nothing about which accounts exist', async () => {
  for (let i = 1; i <= 3; i++) assert.equal((await attempt('192.0.2.77', 'nobody@example.com', `guess ${i}`)).statusCode, 422);
  assert.equal((await attempt('192.0.2.77', 'nobody@example.com', 'guess 4')).statusCode, 429);
  assert.equal((await api(t.app)('/users/login', { method: 'POST', body: { user: { email: 'nobody@example.com', password: 'x' } } })).statusCode, 401);
});
