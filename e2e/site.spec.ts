import { expect, test } from './fixtures.js';
import { navbar, newUser, publishArticle, publishQuickly, signUp, uniqueUser } from './helpers.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.describe('two people using the site', () => {
  // The chromium-postgres project runs this flow on a PostgreSQL server; a machine without one skips it (CI never does).
  test.skip(({ engine, postgresReachable }) => engine === 'postgres' && !postgresReachable, 'no PostgreSQL server here (TEST_DATABASE_URL)');
  test('publish, find, follow, favorite, comment, edit and delete', async ({ browser, baseURL }) => {
    test.setTimeout(60_000);
    const a = await newUser(browser, baseURL);
    const b = await newUser(browser, baseURL);
    const userA = uniqueUser('writer');
    const userB = uniqueUser('reader');
    const tag = `dragons${Date.now().toString(36)}`;
    const title = `How to train your dragon ${Date.now().toString(36)}`;

    // A writes an article. Enter in the tag input adds a pill and does not submit.
    await signUp(a.page, userA);
    await navbar(a.page).getByRole('link', { name: 'New Article' }).click();
    await expect(a.page).toHaveURL(`${baseURL}/editor`);
    // The tag script comes with the page (deferred, before load); Enter before it runs would submit the form.
    await a.page.waitForLoadState('load');
    await a.page.getByLabel('Article Title').fill(title);
    await a.page.getByLabel("What's this article about?").fill('Ever wonder how?');
    await a.page.getByLabel('Write your article (in markdown)').fill('It takes a **Jacobian**.\n\nAnd patience.');
    const tagInput = a.page.getByPlaceholder('Enter tags');
    for (const t of [tag, 'training', 'extra']) {
      await tagInput.fill(t);
      await tagInput.press('Enter');
      await expect(a.page).toHaveURL(`${baseURL}/editor`);
      await expect(a.page.locator('[data-tag-list] .tag-pill', { hasText: t })).toHaveCount(1);
      await expect(tagInput).toHaveValue('');
    }
    await a.page.getByRole('button', { name: 'Publish Article' }).click();
    await expect(a.page).toHaveURL(new RegExp(`^${escape(baseURL!)}/article/[a-z0-9-]+$`));
    const articlePath = new URL(a.page.url()).pathname;
    await expect(a.page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(a.page.locator('.article-content .tag-list li')).toHaveText(['extra', tag, 'training'].sort());
    await expect(a.page.locator('.article-content strong')).toHaveText('Jacobian');

    // B finds it in the Global Feed and through its tag.
    await signUp(b.page, userB);
    const preview = b.page.locator('.article-preview', { hasText: title });
    await expect(preview).toBeVisible();
    await expect(preview.locator('a.author')).toHaveText(userA.username);
    await b.page.locator('.sidebar').getByRole('link', { name: tag, exact: true }).click();
    await expect(b.page).toHaveURL(`${baseURL}/tag/${tag}`);
    await expect(b.page.locator('.feed-toggle .nav-link.active')).toContainText(tag);
    await b.page.getByRole('link', { name: new RegExp(escape(title)) }).click();
    await expect(b.page).toHaveURL(`${baseURL}${articlePath}`);

    // B follows A and sees the article in Your Feed.
    await b.page.getByRole('button', { name: `Follow ${userA.username}`, exact: true }).click();
    await expect(b.page).toHaveURL(`${baseURL}${articlePath}`);
    await expect(b.page.getByRole('button', { name: `Unfollow ${userA.username}`, exact: true })).toBeVisible();
    await b.page.goto('/');
    await b.page.locator('.feed-toggle').getByRole('link', { name: 'Your Feed' }).click();
    await expect(b.page).toHaveURL(`${baseURL}/?feed=following`);
    const feedPreview = b.page.locator('.article-preview', { hasText: title });
    await expect(feedPreview).toBeVisible();

    // B favorites it from the feed: the counter moves and the button fills.
    await feedPreview.getByRole('button', { name: `Favorite “${title}” (0)`, exact: true }).click();
    await expect(b.page).toHaveURL(`${baseURL}/?feed=following`);
    const favorited = feedPreview.getByRole('button', { name: `Unfavorite “${title}” (1)`, exact: true });
    await expect(favorited).toBeVisible();
    await expect(favorited).toHaveClass(/\bbtn-primary\b/);
    await expect(favorited).toHaveText('1');

    // B comments.
    const comment = `Great read! <b>not bold</b> ${Date.now()}`;
    await feedPreview.locator('a.preview-link').click();
    await expect(b.page.getByRole('button', { name: 'Unfavorite Article (1)' })).toBeVisible();
    await b.page.getByPlaceholder('Write a comment...').fill(comment);
    await b.page.getByRole('button', { name: 'Post Comment' }).click();
    await expect(b.page).toHaveURL(`${baseURL}${articlePath}`);
    const commentCardB = b.page.locator('.card', { has: b.page.locator('.card-block p', { hasText: comment }) });
    await expect(commentCardB).toHaveCount(1);
    await expect(commentCardB.getByRole('button', { name: 'Delete comment' })).toBeVisible();

    // A sees the comment, with no delete button on it.
    await a.page.reload();
    const commentCardA = a.page.locator('.card', { has: a.page.locator('.card-block p', { hasText: comment }) });
    await expect(commentCardA).toHaveCount(1);
    await expect(commentCardA.locator('.card-block p')).toHaveText(comment);
    await expect(commentCardA.getByRole('button', { name: 'Delete comment' })).toHaveCount(0);
    await expect(a.page.getByRole('button', { name: /Favorite Article|Follow / })).toHaveCount(0);

    // B deletes their own comment.
    await commentCardB.getByRole('button', { name: 'Delete comment' }).click();
    await expect(b.page).toHaveURL(`${baseURL}${articlePath}`);
    await expect(commentCardB).toHaveCount(0);

    // A edits: removes a tag by its pill's i.
    await a.page.getByRole('link', { name: 'Edit Article' }).click();
    await expect(a.page).toHaveURL(`${baseURL}/editor${articlePath.slice('/article'.length)}`);
    await expect(a.page.locator('[data-tag-list] .tag-pill')).toHaveText(['extra', tag, 'training'].sort());
    await a.page.getByRole('button', { name: 'Remove tag extra' }).click();
    await expect(a.page.locator('[data-tag-list] .tag-pill')).toHaveText([tag, 'training']);
    await a.page.getByRole('button', { name: 'Publish Article' }).click();
    await expect(a.page).toHaveURL(`${baseURL}${articlePath}`);
    await expect(a.page.locator('.article-content .tag-list li')).toHaveText([tag, 'training']);

    // A deletes the article and lands on /.
    await a.page.getByRole('button', { name: 'Delete Article' }).click();
    await expect(a.page).toHaveURL(`${baseURL}/`);
    await expect(a.page.locator('.article-preview', { hasText: title })).toHaveCount(0);
    const gone = await b.page.goto(articlePath);
    expect(gone?.status()).toBe(404);
    await expect(b.page.getByRole('link', { name: 'Back to the home page' })).toBeVisible();

    await a.context.close();
    await b.context.close();
  });
});

test('pagination past ten articles', async ({ page, baseURL }) => {
  const user = uniqueUser('prolific');
  await signUp(page, user);
  const stamp = Date.now().toString(36);
  for (let i = 0; i < 11; i++) await publishQuickly(page, { title: `Paged ${stamp} ${String(i).padStart(2, '0')}` });

  await page.goto('/');
  await expect(page.locator('.article-preview')).toHaveCount(10);
  await page.locator('.pagination').getByRole('link', { name: '2', exact: true }).click();
  await expect(page).toHaveURL(`${baseURL}/?page=2`);
  await expect(page.locator('.pagination li.page-item.active')).toHaveText('2');
  await expect(page.locator('.article-preview').first()).toBeVisible();

  await page.goto(`/profile/${user.username}`);
  await expect(page.locator('.article-preview')).toHaveCount(10);
  await expect(page.locator('.article-preview h1').first()).toHaveText(`Paged ${stamp} 10`);
  await page.locator('.pagination').getByRole('link', { name: '2', exact: true }).click();
  await expect(page).toHaveURL(`${baseURL}/profile/${user.username}?page=2`);
  await expect(page.locator('.article-preview h1')).toHaveText([`Paged ${stamp} 00`]);
  await expect(page.locator('.pagination li.page-item.active')).toHaveText('2');
});

test('a signed-out favorite goes to /login and comes back after signing in', async ({ page, browser, baseURL }) => {
  const author = uniqueUser('author');
  await signUp(page, author);
  const path = await publishArticle(page, { title: `Come back here ${Date.now().toString(36)}` });

  const visitor = await newUser(browser, baseURL);
  const reader = uniqueUser('visitor');
  await signUp(visitor.page, reader);
  await visitor.page.goto('/settings');
  await visitor.page.getByRole('button', { name: 'Or click here to logout.' }).click();

  await visitor.page.goto(path);
  await visitor.page.getByRole('button', { name: 'Favorite Article (0)' }).click();
  await expect(visitor.page).toHaveURL(`${baseURL}/login`);
  await visitor.page.getByLabel('Email', { exact: true }).fill(reader.email);
  await visitor.page.getByLabel('Password', { exact: true }).fill(reader.password);
  await visitor.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(visitor.page).toHaveURL(`${baseURL}${path}`);
  await visitor.context.close();
});
