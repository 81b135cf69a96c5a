import { expect, test } from './fixtures.js';
import { newUser, publishQuickly, signUp, uniqueUser } from './helpers.js';

test.describe('blocking someone', () => {
  test.skip(({ engine, postgresReachable }) => engine === 'postgres' && !postgresReachable, 'no PostgreSQL server here (TEST_DATABASE_URL)');
  test('block from the profile page, the blocked person is told when they comment, unblock from settings', async ({ browser, baseURL }) => {
    test.setTimeout(60_000);
    const owner = await newUser(browser, baseURL);
    const pest = await newUser(browser, baseURL);
    const ownerUser = uniqueUser('owner');
    const pestUser = uniqueUser('pest');
    await signUp(owner.page, ownerUser);
    await signUp(pest.page, pestUser);
    const articlePath = await publishQuickly(owner.page, { title: `Quiet corner ${Date.now().toString(36)}` });

    // The owner blocks the pest from the pest's profile page.
    await owner.page.goto(`/profile/${pestUser.username}`);
    await owner.page.getByRole('button', { name: `Block ${pestUser.username}` }).click();
    await expect(owner.page).toHaveURL(`${baseURL}/profile/${pestUser.username}`);
    await expect(owner.page.getByRole('button', { name: `Unblock ${pestUser.username}` })).toBeVisible();

    // The pest tries to comment on the owner's article: told why, and the text is still there.
    await pest.page.goto(articlePath);
    await pest.page.getByRole('textbox', { name: 'Comment' }).fill('You cannot keep me out.');
    await pest.page.getByRole('button', { name: 'Post Comment' }).click();
    await expect(pest.page.locator('.error-messages')).toHaveText('Commenting is not possible: the author of this article has blocked you');
    await expect(pest.page.getByRole('textbox', { name: 'Comment' })).toHaveValue('You cannot keep me out.');
    await expect(pest.page.locator('.card-text')).toHaveCount(0);

    // The owner lifts the block from settings.
    await owner.page.goto('/settings');
    await owner.page.getByRole('link', { name: 'Blocked and muted people' }).click();
    await expect(owner.page).toHaveURL(`${baseURL}/settings/blocked`);
    const blocked = owner.page.getByRole('region', { name: 'Blocked' });
    await expect(blocked.getByRole('link', { name: pestUser.username })).toBeVisible();
    await blocked.getByRole('button', { name: `Unblock ${pestUser.username}` }).click();
    await expect(owner.page).toHaveURL(`${baseURL}/settings/blocked`);
    await expect(owner.page.getByText('You block nobody.')).toBeVisible();

    // Now the comment goes through.
    await pest.page.goto(articlePath);
    await pest.page.getByRole('textbox', { name: 'Comment' }).fill('Thank you.');
    await pest.page.getByRole('button', { name: 'Post Comment' }).click();
    await expect(pest.page.locator('.card-text')).toHaveText(['Thank you.']);

    await owner.context.close();
    await pest.context.close();
  });
});
