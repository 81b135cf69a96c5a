import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from './fixtures.js';
import { expectNoSeriousViolations, navbar, newUser, publishQuickly, signUp, uniqueUser } from './helpers.js';

const repoRoot = resolve(import.meta.dirname, '..');

test('a member reports an article, a moderator hides it from the queue, and only its author still sees it', async ({ browser, baseURL, server }) => {
  test.setTimeout(60_000);
  const author = await newUser(browser, baseURL);
  const member = await newUser(browser, baseURL);
  const moderator = await newUser(browser, baseURL);
  const [writer, reader, mod] = [uniqueUser('writer'), uniqueUser('reader'), uniqueUser('mod')];
  const title = `Miracle cure ${Date.now().toString(36)}`;

  await signUp(author.page, writer);
  const articlePath = await publishQuickly(author.page, { title, description: 'Buy now, ask later' });
  await signUp(member.page, reader);
  await signUp(moderator.page, mod);

  // The operator makes the moderator from the command line, as on a real site.
  const granted = spawnSync(process.execPath, ['--import', 'tsx', 'src/admin/admin-command.ts', 'grant', mod.email, 'moderator'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test', ...server.databaseEnv },
  });
  expect(granted.status, granted.stderr).toBe(0);

  // The member reports the article with the Report action.
  await member.page.goto(articlePath);
  await member.page.getByRole('link', { name: 'Report this article' }).click();
  await expect(member.page.getByRole('heading', { level: 1 })).toHaveText('Report this article');
  await expectNoSeriousViolations(member.page);
  await member.page.getByLabel('Reason').selectOption('spam');
  await member.page.getByLabel('Note (optional)').fill('Sells fake medicine');
  await member.page.getByRole('button', { name: 'Send report' }).click();
  await expect(member.page.getByRole('status')).toHaveText('Thank you. The moderators will look at it.');

  // The moderator opens the queue, reads the report and hides the article with a note.
  await moderator.page.goto('/');
  await navbar(moderator.page).getByRole('link', { name: 'Moderation' }).click();
  await expect(moderator.page).toHaveURL(`${baseURL}/moderation`);
  const group = moderator.page.getByRole('region', { name: new RegExp(`Article: ${title}`) });
  await expect(group.getByRole('heading', { level: 2 })).toContainText('(1 open report)');
  await expect(group.getByRole('cell', { name: 'Sells fake medicine' })).toBeVisible();
  await expect(group.getByRole('cell', { name: reader.username })).toBeVisible();
  await expectNoSeriousViolations(moderator.page);
  await group.getByLabel('Why hide (shown to the author)').fill('Health misinformation');
  await group.getByRole('button', { name: `Hide ${title}` }).click();
  await expect(moderator.page).toHaveURL(`${baseURL}/moderation`);
  await expect(moderator.page.getByText('No open reports.')).toBeVisible();

  // The member, and anyone else, no longer find it.
  const response = await member.page.goto(articlePath);
  expect(response?.status()).toBe(404);
  await member.page.goto('/');
  await expect(member.page.locator('.article-preview', { hasText: title })).toHaveCount(0);
  const visitor = await newUser(browser, baseURL);
  expect((await visitor.page.goto(articlePath))?.status()).toBe(404);

  // Its author still sees it, marked hidden with the reason.
  await author.page.goto(articlePath);
  await expect(author.page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(author.page.locator('.hidden-marker')).toHaveText('Hidden by a moderator: Health misinformation Only you and the moderators can see it.');
  await expectNoSeriousViolations(author.page);
  await moderator.page.goto('/moderation/log');
  await expect(moderator.page.getByRole('cell', { name: 'Health misinformation' })).toBeVisible();
  await expectNoSeriousViolations(moderator.page);

  for (const context of [author, member, moderator, visitor]) await context.context.close();
});
