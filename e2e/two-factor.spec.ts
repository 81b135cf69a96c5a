import { Secret, TOTP } from 'otpauth';
import { expect, test } from './fixtures.js';
import { navbar, signUp, uniqueUser } from './helpers.js';

test('two-factor authentication: turn it on with the QR code’s key, sign in with a code, then with a recovery code', async ({ page, mail }) => {
  const user = uniqueUser('totp');
  await signUp(page, user);
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Two-factor authentication' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' }).locator('svg')).toBeVisible();

  // What a user would type into an authenticator app instead of scanning.
  const key = (await page.locator('.two-factor-key').innerText()).replace(/\s/g, '');
  const app = new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30, algorithm: 'SHA1' });
  await page.getByLabel('Code from your app').fill(app.generate());
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  const codes = await page.locator('.recovery-codes code').allInnerTexts();
  expect(codes).toHaveLength(10);
  await mail.next((m) => m.to.includes(user.email) && /is on/.test(m.subject));
  await page.getByRole('link', { name: 'I have saved them' }).click();
  await expect(page.getByText('Two-factor authentication is on.')).toBeVisible();

  // Signing in now takes the password, then a code; only then is the user signed in.
  await navbar(page).getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/login');
  await page.getByPlaceholder('Email').fill(user.email);
  await page.getByPlaceholder('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Two-factor authentication' })).toBeVisible();
  await expect(navbar(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
  // A code from a later time step than the one that turned it on: a code is never accepted twice.
  await page.getByLabel('Authentication code').fill(app.generate({ timestamp: Date.now() + 30_000 }));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(navbar(page).getByRole('link', { name: user.username })).toBeVisible();

  // Without the phone: a recovery code, once.
  await navbar(page).getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/login');
  await page.getByPlaceholder('Email').fill(user.email);
  await page.getByPlaceholder('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Authentication code').fill(codes[0]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(navbar(page).getByRole('link', { name: user.username })).toBeVisible();
});
