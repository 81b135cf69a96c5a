import { expect, test } from './fixtures.js';
import { fillSignIn, fillSignUp, navbar, signIn, signOut, signUp, uniqueUser } from './helpers.js';

// Each test makes its own users, so the tests can share a worker's server in any order.
test.describe.configure({ mode: 'parallel' });

test.describe('signing up, in and out', () => {
  test('a new user registers, edits settings, signs out and back in', async ({ page, baseURL }) => {
    const user = uniqueUser('alice');

    await signUp(page, user);
    await expect(page).toHaveURL(`${baseURL}/`);
    const myLink = navbar(page).getByRole('link', { name: user.username, exact: true });
    await expect(myLink).toBeVisible();
    await expect(navbar(page).getByRole('link', { name: 'Sign in' })).toHaveCount(0);

    await navbar(page).getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(`${baseURL}/settings`);
    await page.getByLabel('Bio').fill('I write about tests.');
    await page.getByLabel('URL of profile picture').fill('https://example.com/alice.png');
    await page.getByRole('button', { name: 'Update Settings' }).click();
    // The profile page may not exist yet: only where the save leads is asserted here.
    await expect(page).toHaveURL(`${baseURL}/profile/${user.username}`);

    // The saved values are there when Settings is opened again.
    await page.goto('/settings');
    await expect(page.getByLabel('Bio')).toHaveValue('I write about tests.');
    await expect(page.getByLabel('URL of profile picture')).toHaveValue('https://example.com/alice.png');

    await page.getByRole('button', { name: 'Or click here to logout.' }).click();
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(navbar(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expect(navbar(page).getByRole('link', { name: user.username, exact: true })).toHaveCount(0);

    await signIn(page, user);
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(navbar(page).getByRole('link', { name: user.username, exact: true })).toBeVisible();
  });

  test('a wrong password shows an error and stays on /login', async ({ page, baseURL }) => {
    const user = uniqueUser('bob');
    await signUp(page, user);
    await signOut(page);

    await page.goto('/login');
    await fillSignIn(page, { email: user.email, password: 'not the right password' });
    await expect(page).toHaveURL(`${baseURL}/login`);
    const errors = page.locator('ul.error-messages');
    await expect(errors).toBeVisible();
    await expect(errors).toContainText('email or password is invalid');
    // The email is kept, the password never is.
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue(user.email);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await expect(navbar(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
  });

  test('signing up with a username already taken shows an error', async ({ page, baseURL }) => {
    const first = uniqueUser('carol');
    await signUp(page, first);
    await signOut(page);

    const second = { ...uniqueUser('carol'), username: first.username };
    await page.goto('/register');
    await fillSignUp(page, second);
    await expect(page).toHaveURL(`${baseURL}/register`);
    const errors = page.locator('ul.error-messages');
    await expect(errors).toContainText('has already been taken');
    await expect(page.getByLabel('Username', { exact: true })).toHaveValue(first.username);
    await expect(navbar(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
  });

  test('a signed-out visit to /settings goes to /login and back after signing in', async ({ page, baseURL }) => {
    const user = uniqueUser('dave');
    await signUp(page, user);
    await signOut(page);

    await page.goto('/settings');
    await expect(page).toHaveURL(`${baseURL}/login`);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await fillSignIn(page, user);
    await expect(page).toHaveURL(`${baseURL}/settings`);
    await expect(page.getByLabel('Username', { exact: true })).toHaveValue(user.username);
  });
});
