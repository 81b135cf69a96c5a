import { expect, test } from './fixtures.js';
import { navbar, signUp, uniqueUser } from './helpers.js';

test('forgot password: ask, receive the mail, follow the link, set a password, sign in with it', async ({ page, mail }) => {
  const user = uniqueUser('reset');
  await signUp(page, user);
  await navbar(page).getByRole('button', { name: 'Sign out' }).click();

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Email').fill(user.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  const message = await mail.next((m) => m.to.includes(user.email) && /Reset your/.test(m.subject));
  const link = /https?:\/\/\S+\/reset\/[A-Za-z0-9_-]{43}/.exec(message.text)?.[0];
  expect(link, message.text).toBeTruthy();
  expect(message.html).toContain(link!);

  await page.goto(link!);
  await page.getByLabel('New password').fill('a fresh and long passphrase');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(navbar(page).getByRole('link', { name: user.username })).toBeVisible();
  await mail.next((m) => m.to.includes(user.email) && /password was changed/.test(m.subject));

  // The link worked once.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
  await page.goto(link!);
  await expect(page.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();

  // The old password is gone; the new one signs in.
  await page.goto('/login');
  await page.getByPlaceholder('Email').fill(user.email);
  await page.getByPlaceholder('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.error-messages')).toContainText('email or password is invalid');
  await page.getByPlaceholder('Password').fill('a fresh and long passphrase');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(navbar(page).getByRole('link', { name: user.username })).toBeVisible();
});
