import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { newUser, publishArticle, signUp, uniqueUser } from './helpers.js';

/** Runs axe on the page and fails on any serious or critical violation, naming each. */
async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect.soft(serious, `${label}: ${serious.join('\n')}`).toEqual([]);
}

test('no serious or critical axe violations on any page', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  // Signed out first, on an empty-ish site.
  for (const path of ['/', '/login', '/register', '/no/such/page']) {
    await page.goto(path);
    await expectNoSeriousViolations(page, `signed out ${path}`);
  }

  // A writer with an article (tags, Markdown, a comment) and a favorite.
  const writer = uniqueUser('axe');
  await signUp(page, writer);
  const articlePath = await publishArticle(page, {
    title: 'Accessible article',
    description: 'Checked by axe',
    body: '# A heading\n\nSome *text* with a [link](https://example.com).\n\n- one\n- two\n\n```\ncode\n```',
    tags: ['axe', 'a11y'],
  });
  await page.getByPlaceholder('Write a comment...').fill('A comment to check.');
  await page.getByRole('button', { name: 'Post Comment' }).click();
  await page.getByRole('button', { name: 'Delete comment' }).waitFor();

  const reader = await newUser(browser, baseURL);
  await signUp(reader.page, uniqueUser('axereader'));
  await reader.page.goto(articlePath);
  await reader.page.getByRole('button', { name: 'Favorite Article (0)' }).click();
  await reader.page.getByRole('button', { name: 'Unfavorite Article (1)' }).waitFor();
  await expectNoSeriousViolations(reader.page, 'article, signed in, favorited');
  await reader.page.goto('/?feed=following');
  await expectNoSeriousViolations(reader.page, 'empty Your Feed');

  const signedIn = [
    '/',
    '/?feed=following',
    '/tag/axe',
    articlePath,
    '/editor',
    `/editor/${articlePath.slice('/article/'.length)}`,
    '/settings',
    `/profile/${writer.username}`,
    `/profile/${writer.username}/favorites`,
    '/no/such/page',
  ];
  for (const path of signedIn) {
    await page.goto(path);
    await expectNoSeriousViolations(page, `signed in ${path}`);
  }

  // An editor with a validation error and pills.
  await page.goto('/editor');
  await page.getByPlaceholder('Enter tags').fill('pill');
  await page.getByPlaceholder('Enter tags').press('Enter');
  await page.getByRole('button', { name: 'Publish Article' }).click();
  await expect(page.locator('.error-messages')).toBeVisible();
  await expectNoSeriousViolations(page, 'editor with errors');

  // Signed out again: the article, tag, profile and favorites pages.
  await reader.context.clearCookies();
  for (const path of [articlePath, '/tag/axe', `/profile/${writer.username}`, `/profile/${writer.username}/favorites`, '/']) {
    await reader.page.goto(path);
    await expectNoSeriousViolations(reader.page, `signed out ${path}`);
  }
  await reader.context.close();
});
