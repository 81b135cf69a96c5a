import { expect, test } from './fixtures.js';
import { navbar, newUser, publishQuickly, signUp, uniqueUser } from './helpers.js';

// Mail goes to the development outbox, swept every second (a worker of its own: see e2e/fixtures.ts).
test.use({ mailTo: 'outbox' });

test.describe('notifications', () => {
  test.skip(({ engine, postgresReachable }) => engine === 'postgres' && !postgresReachable, 'no PostgreSQL server here (TEST_DATABASE_URL)');
  test('readers favorite and comment; the author sees the count, the grouped list, marks all read, turns mail on, and reads it in the outbox', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const author = await newUser(browser, baseURL);
    const reader = await newUser(browser, baseURL);
    const other = await newUser(browser, baseURL);
    const [a, b, c] = [uniqueUser('ana'), uniqueUser('bob'), uniqueUser('cy')];
    await signUp(author.page, a);
    await signUp(reader.page, b);
    await signUp(other.page, c);
    const title = `Worth hearing about ${Date.now().toString(36)}`;
    const articlePath = await publishQuickly(author.page, { title });

    // Two readers favorite it; one comments and mentions the other.
    for (const { page } of [reader, other]) {
      await page.goto(articlePath);
      await page.getByRole('button', { name: /^Favorite Article/ }).first().click();
    }
    await reader.page.getByRole('textbox', { name: 'Comment' }).fill(`Good one. @${c.username} should see this.`);
    await reader.page.getByRole('button', { name: 'Post Comment' }).click();
    await expect(reader.page.getByRole('link', { name: `@${c.username}` })).toHaveAttribute('href', `/profile/${c.username}`);

    // The author's navbar counts three (written a moment after each request, so a page loaded at
    // once may not have them yet); the page shows two lines, the favorites grouped.
    const link = navbar(author.page).getByRole('link', { name: /^Notifications/ });
    await expect(async () => {
      await author.page.goto('/');
      await expect(link).toHaveText(/Notifications\s*3\s*unread/, { timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
    await link.click();
    await expect(author.page).toHaveURL(`${baseURL}/notifications`);
    const items = author.page.getByRole('listitem').filter({ hasText: title });
    await expect(items).toHaveCount(2);
    await expect(items.filter({ hasText: `${c.username} and 1 other favorited` })).toHaveCount(1);
    await expect(items.filter({ hasText: `${b.username} commented on` })).toHaveCount(1);
    await author.page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect(navbar(author.page).getByRole('link', { name: /^Notifications/ })).toHaveText('Notifications');

    // The author wants new followers mailed at once; then someone follows.
    await author.page.getByRole('link', { name: 'Notification and email settings' }).click();
    await author.page.getByLabel('New followers').selectOption({ label: 'At once' });
    await author.page.getByRole('button', { name: 'Save notification settings' }).click();
    await expect(author.page.getByLabel('New followers')).toHaveValue('instant');
    await reader.page.goto(`/profile/${a.username}`);
    await reader.page.getByRole('button', { name: `Follow ${a.username}` }).click();

    // The outbox shows the mail as a reader would, and its link works.
    const subject = `${b.username} followed you`;
    await expect(async () => {
      await author.page.goto('/dev/outbox');
      await expect(author.page.getByRole('link', { name: subject })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await author.page.getByRole('link', { name: subject }).click();
    await expect(author.page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
    await expect(author.page.getByRole('row', { name: /List-Unsubscribe-Post/ })).toContainText('List-Unsubscribe=One-Click');
    await expect(author.page.locator('pre.outbox-text')).toContainText(`${baseURL}/profile/${b.username}`);
    const frame = author.page.frameLocator('iframe[title="HTML part of the message"]');
    const popup = author.page.waitForEvent('popup');
    await frame.getByRole('link', { name: subject }).click();
    const opened = await popup;
    await expect(opened).toHaveURL(`${baseURL}/profile/${b.username}`);
    await expect(opened.getByRole('heading', { name: b.username })).toBeVisible();
    await expect(author.page.getByRole('link', { name: 'Raw message (.eml)' })).toBeVisible();

    for (const { context } of [author, reader, other]) await context.close();
  });
});
