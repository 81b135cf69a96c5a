import { expect, test } from './fixtures.js';
import { navbar, publishArticle, signUp, uniqueUser } from './helpers.js';

test.describe.configure({ mode: 'parallel' });

test.describe('search', () => {
  test('a reader types in the navbar, sees the results with the words marked, and follows one', async ({ page, baseURL }) => {
    const user = uniqueUser('searcher');
    await signUp(page, user);
    // A word no other test writes, so the results are this test's own.
    const word = `quokka${user.username.replace(/\D/g, '')}`;
    const articlePath = await publishArticle(page, { title: `Meeting a ${word}`, description: 'On an island', body: `The ${word} smiled at us.` });

    const box = navbar(page).getByRole('searchbox', { name: 'Search articles' });
    await box.fill(`${word} island`);
    await box.press('Enter');
    await expect(page).toHaveURL(`${baseURL}/search?q=${word}+island`);
    await expect(page.getByRole('heading', { name: new RegExp(`1 article matches “${word} island”`) })).toBeVisible();
    const result = page.getByRole('article');
    await expect(result.getByRole('link', { name: user.username, exact: true })).toBeVisible();
    await expect(result.locator('mark').first()).toHaveText(word);

    await result.getByRole('link', { name: `Meeting a ${word}` }).click();
    await expect(page).toHaveURL(`${baseURL}${articlePath}`);
    await expect(page.getByRole('heading', { level: 1, name: `Meeting a ${word}` })).toBeVisible();
  });

  test('signed out, a search with no match says so', async ({ page }) => {
    await page.goto('/');
    const box = navbar(page).getByRole('searchbox', { name: 'Search articles' });
    await box.fill('"unmatched* -words');
    await box.press('Enter');
    await expect(page.getByRole('heading', { name: /No articles match/ })).toBeVisible();
    await expect(page.getByRole('searchbox', { name: 'Search for' })).toHaveValue('"unmatched* -words');
  });
});
