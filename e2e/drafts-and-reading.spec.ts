import { expect, test } from './fixtures.js';
import { newUser, signUp, uniqueUser } from './helpers.js';

test.describe('drafts, followed tags and the reading list', () => {
  test.skip(({ engine, postgresReachable }) => engine === 'postgres' && !postgresReachable, 'no PostgreSQL server here (TEST_DATABASE_URL)');
  test('a draft is its author’s until published; a followed tag fills Your Feed; an article saved for later', async ({ browser, baseURL }) => {
    test.setTimeout(60_000);
    const author = await newUser(browser, baseURL);
    const reader = await newUser(browser, baseURL);
    const authorUser = uniqueUser('drafter');
    const readerUser = uniqueUser('reader');
    await signUp(author.page, authorUser);
    await signUp(reader.page, readerUser);
    const stamp = Date.now().toString(36);
    const tag = `tide${stamp}`;
    const title = `Low tide notes ${stamp}`;

    // The author writes a draft.
    const { page } = author;
    await page.goto('/editor');
    await page.getByLabel('Article Title').fill(title);
    await page.getByLabel("What's this article about?").fill('Notes from the shore');
    await page.getByLabel('Write your article (in markdown)').fill('The sea went out a long way.');
    await page.getByPlaceholder('Enter tags').fill(tag);
    await page.getByPlaceholder('Enter tags').press('Enter');
    await page.getByRole('button', { name: 'Save Draft' }).click();
    await expect(page.getByText('Draft: only you can see it.')).toBeVisible();
    const articleUrl = page.url();

    // Only the author sees it: a 404 for the reader, and in nobody's lists.
    const missing = await reader.page.goto(articleUrl);
    expect(missing?.status()).toBe(404);
    await reader.page.goto('/');
    await expect(reader.page.getByRole('heading', { name: title })).toHaveCount(0);
    await page.goto('/drafts');
    await expect(page.getByRole('heading', { name: title })).toBeVisible();

    // Scheduled for tomorrow, in the author's zone (UTC until chosen), then published now instead.
    await page.getByRole('link', { name: `Edit “${title}”` }).click();
    await expect(page.getByLabel('Publish at (UTC)')).toBeVisible();
    const tomorrow = new Date(Date.now() + 24 * 60 * 60_000).toISOString().slice(0, 16);
    await page.getByLabel('Publish at (UTC)').fill(tomorrow);
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expect(page.getByText(/^Scheduled for .* \(UTC\): only you can see it until then\.$/)).toBeVisible();
    expect((await reader.page.goto(articleUrl))?.status()).toBe(404);
    await page.getByRole('button', { name: 'Publish now' }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await expect(page.getByText('only you can see it')).toHaveCount(0);

    // The reader follows the tag on its page: the article joins Your Feed (its author is not followed).
    await reader.page.goto(`/tag/${tag}`);
    await reader.page.getByRole('button', { name: `Follow tag ${tag}` }).click();
    await expect(reader.page.getByRole('button', { name: `Unfollow tag ${tag}` })).toBeVisible();
    await reader.page.goto('/');
    await reader.page.getByRole('link', { name: 'Your Feed' }).click();
    await expect(reader.page.getByRole('heading', { name: title })).toBeVisible();

    // And saves it for later.
    await reader.page.goto(articleUrl);
    await reader.page.getByRole('button', { name: 'Save for later' }).click();
    await expect(reader.page.getByRole('button', { name: 'Remove from reading list' })).toBeVisible();
    await reader.page.goto('/reading-list');
    await expect(reader.page.getByRole('heading', { name: title })).toBeVisible();
    await reader.page.getByRole('button', { name: `Remove “${title}” from your reading list` }).click();
    await expect(reader.page.getByRole('heading', { name: title })).toHaveCount(0);

    await author.context.close();
    await reader.context.close();
  });
});
