import { expect, test } from './fixtures.js';
import { newUser, signUp, uniqueUser } from './helpers.js';

test.describe('the editor without JavaScript', () => {
  test('comma-separated tags publish, show on the article, and survive an edit', async ({ browser, baseURL }) => {
    const { context, page } = await newUser(browser, baseURL, { javaScriptEnabled: false });
    await signUp(page, uniqueUser('nojs'));
    const title = `Written without scripts ${Date.now().toString(36)}`;

    await page.goto('/editor');
    // The Enter hint is the script's: without it only commas are offered.
    await expect(page.getByText('or press Enter after each')).toBeHidden();
    await page.getByLabel('Article Title').fill(title);
    await page.getByLabel("What's this article about?").fill('Plain forms');
    await page.getByLabel('Write your article (in markdown)').fill('Works *everywhere*.');
    await page.getByPlaceholder('Enter tags').fill(' zeta, alpha ,beta,, alpha ');
    await page.getByRole('button', { name: 'Publish Article' }).click();

    await expect(page).toHaveURL(new RegExp(`^${baseURL!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/article/[a-z0-9-]+$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.locator('.article-content .tag-list li')).toHaveText(['alpha', 'beta', 'zeta']);
    await expect(page.locator('.article-content em')).toHaveText('everywhere');

    // Editing: the tags come back as pills; more can be added with commas.
    await page.getByRole('link', { name: 'Edit Article' }).click();
    await expect(page.locator('[data-tag-list] .tag-pill')).toHaveText(['alpha', 'beta', 'zeta']);
    await expect(page.getByPlaceholder('Enter tags')).toHaveValue('');
    await page.getByPlaceholder('Enter tags').fill('gamma, beta');
    await page.getByRole('button', { name: 'Publish Article' }).click();
    await expect(page.locator('.article-content .tag-list li')).toHaveText(['alpha', 'beta', 'gamma', 'zeta']);

    // A validation error keeps every value, tags included, without the script.
    await page.goto('/editor');
    await page.getByLabel("What's this article about?").fill('No title');
    await page.getByLabel('Write your article (in markdown)').fill('Body');
    await page.getByPlaceholder('Enter tags').fill('kept, tags');
    await page.getByRole('button', { name: 'Publish Article' }).click();
    await expect(page.locator('ul.error-messages')).toContainText("title can't be blank");
    await expect(page.getByLabel("What's this article about?")).toHaveValue('No title');
    await expect(page.locator('[data-tag-list] .tag-pill')).toHaveText(['kept', 'tags']);

    await context.close();
  });
});
