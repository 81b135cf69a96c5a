import { expect, test } from './fixtures.js';
import { fillSignIn, navbar, publishArticle, signUp, uniqueUser } from './helpers.js';

// Each test makes its own user, so the tests can share a worker's server in any order.
test.describe.configure({ mode: 'parallel' });

test.describe('leaving', () => {
  test('deleting an account takes everything with it and frees the name', async ({ page, context, browser, baseURL }) => {
    const user = uniqueUser('leaver');
    await signUp(page, user);
    const articlePath = await publishArticle(page, { title: `Last words of ${user.username}` });
    await page.getByLabel('Comment', { exact: true }).fill('Goodbye, everyone.');
    await page.getByRole('button', { name: 'Post Comment' }).click();
    await expect(page).toHaveURL(`${baseURL}${articlePath}`);
    await expect(page.getByText('Goodbye, everyone.')).toBeVisible();

    await navbar(page).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Delete your account' }).click();
    await expect(page).toHaveURL(`${baseURL}/settings/delete`);
    await expect(page.getByRole('heading', { level: 1, name: 'Delete your account' })).toBeVisible();
    // What will go, counted.
    await expect(page.getByRole('main').getByRole('listitem')).toHaveText([
      /^1 article you wrote\b/,
      /^1 comment you wrote\b/,
      /^0 favorites\b/,
      /^0 authors you follow\b/,
      /^1 signed-in browser and 0 API tokens$/,
    ]);
    // Signed in moments ago, so no password should be asked; give it if it is.
    const currentPassword = page.getByLabel('Current password');
    if ((await currentPassword.count()) > 0) await currentPassword.fill(user.password);

    const oldCookies = await context.cookies();
    expect(oldCookies.some((cookie) => cookie.name.endsWith('conduit_session')), 'the session cookie is among them').toBe(true);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(navbar(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expect(navbar(page).getByRole('button', { name: 'Sign out' })).toHaveCount(0);

    // The article and the profile are gone.
    expect((await page.goto(articlePath))?.status()).toBe(404);
    expect((await page.goto(`/profile/${user.username}`))?.status()).toBe(404);

    // The old credentials no longer sign in.
    await page.goto('/login');
    await fillSignIn(page, user);
    await expect(page).toHaveURL(`${baseURL}/login`);
    await expect(page.locator('ul.error-messages')).toContainText('email or password is invalid');

    // A copy of the old session cookie signs nobody in.
    const replay = await browser.newContext({ baseURL });
    try {
      await replay.addCookies(oldCookies);
      const replayPage = await replay.newPage();
      await replayPage.goto('/settings');
      await expect(replayPage).toHaveURL(`${baseURL}/login`);
      await expect(navbar(replayPage).getByRole('link', { name: 'Sign in' })).toBeVisible();
    } finally {
      await replay.close();
    }

    // The same username and email can be registered again: a new, empty account.
    await signUp(page, user);
    await expect(navbar(page).getByRole('link', { name: user.username, exact: true })).toBeVisible();
    await page.goto(`/profile/${user.username}`);
    await expect(page.getByRole('heading', { level: 4, name: user.username })).toBeVisible();
    await expect(page.getByText(`Last words of ${user.username}`)).toHaveCount(0);
  });
});

test.describe('signing out from the navbar', () => {
  test('Sign out lands home signed out, and Back does not bring a signed-in page back', async ({ page, baseURL }) => {
    const user = uniqueUser('navout');
    await signUp(page, user);
    await expect(navbar(page).getByRole('button', { name: 'Sign out' })).toBeVisible();

    await navbar(page).getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(`${baseURL}/settings`);
    await expect(page.getByRole('heading', { level: 1, name: 'Your Settings' })).toBeVisible();

    await navbar(page).getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(navbar(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expect(navbar(page).getByRole('link', { name: user.username, exact: true })).toHaveCount(0);

    await page.goBack();
    await page.reload();
    await expect(page).toHaveURL(`${baseURL}/login`);
    await expect(page.getByRole('heading', { level: 1, name: 'Your Settings' })).toHaveCount(0);
    await expect(page.getByLabel('Username', { exact: true })).toHaveCount(0);
    await expect(navbar(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
  });
});
