import type { BrowserContextOptions } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { expectNoSeriousViolations, newUser, publishArticle, signUp, uniqueUser } from './helpers.js';

type StorageState = Exclude<BrowserContextOptions['storageState'], string | undefined>;

/** What the page states below need: a writer with a tagged Markdown article and a comment, and a reader who favorited it. */
const site = { articlePath: '', writer: '', writerState: undefined as StorageState | undefined, readerState: undefined as StorageState | undefined };

// One test per page state, so each stays short and a failure names its page.
test.describe('no serious or critical axe violations', () => {
  test.beforeAll(async ({ browser, server }) => {
    const writer = await newUser(browser, server.baseURL);
    const writerUser = uniqueUser('axe');
    await signUp(writer.page, writerUser);
    site.writer = writerUser.username;
    site.articlePath = await publishArticle(writer.page, {
      title: 'Accessible article',
      description: 'Checked by axe',
      body: '# A heading\n\nSome *text* with a [link](https://example.com).\n\n- one\n- two\n\n```\ncode\n```',
      tags: ['axe', 'a11y'],
    });
    await writer.page.getByPlaceholder('Write a comment...').fill('A comment to check.');
    await writer.page.getByRole('button', { name: 'Post Comment' }).click();
    await writer.page.getByRole('button', { name: 'Delete comment' }).waitFor();
    site.writerState = await writer.context.storageState();
    await writer.context.close();

    const reader = await newUser(browser, server.baseURL);
    await signUp(reader.page, uniqueUser('axereader'));
    await reader.page.goto(site.articlePath);
    await reader.page.getByRole('button', { name: 'Favorite Article (0)' }).click();
    await reader.page.getByRole('button', { name: 'Unfavorite Article (1)' }).waitFor();
    site.readerState = await reader.context.storageState();
    await reader.context.close();
  });

  /** Opens `path` as a signed-out visitor, the writer or the reader, in a context of their own. */
  async function open(browser: Parameters<typeof newUser>[0], baseURL: string | undefined, who: 'nobody' | 'writer' | 'reader', path: string) {
    const storageState = who === 'writer' ? site.writerState : who === 'reader' ? site.readerState : undefined;
    const visitor = await newUser(browser, baseURL, { storageState });
    await visitor.page.goto(path);
    return visitor;
  }

  const states: Array<{ who: 'nobody' | 'writer' | 'reader'; name: string; path: () => string }> = [
    ...['/', '/login', '/register', '/forgot', '/no/such/page'].map((p) => ({ who: 'nobody' as const, name: p, path: () => p })),
    { who: 'nobody', name: 'the article', path: () => site.articlePath },
    { who: 'nobody', name: 'a tag', path: () => '/tag/axe' },
    { who: 'nobody', name: 'a profile', path: () => `/profile/${site.writer}` },
    { who: 'nobody', name: 'a profile’s favorites', path: () => `/profile/${site.writer}/favorites` },
    { who: 'nobody', name: 'search results', path: () => '/search?q=accessible+text' },
    { who: 'nobody', name: 'a search that matches nothing', path: () => '/search?q=zeppelin' },
    { who: 'reader', name: 'search results', path: () => '/search?q=accessible' },
    { who: 'reader', name: 'the article, favorited', path: () => site.articlePath },
    { who: 'reader', name: 'an empty Your Feed', path: () => '/?feed=following' },
    ...['/', '/?feed=following', '/tag/axe', '/editor', '/settings', '/settings/sessions', '/settings/delete', '/settings/security', '/settings/blocked', '/drafts', '/reading-list', '/settings/notifications', '/notifications', '/no/such/page'].map((p) => ({ who: 'writer' as const, name: p, path: () => p })),
    { who: 'writer', name: 'their article, with a comment', path: () => site.articlePath },
    { who: 'writer', name: 'the editor on their article', path: () => `/editor/${site.articlePath.slice('/article/'.length)}` },
    { who: 'writer', name: 'their profile', path: () => `/profile/${site.writer}` },
    { who: 'writer', name: 'their profile’s favorites', path: () => `/profile/${site.writer}/favorites` },
  ];

  for (const state of states) {
    test(`${state.who === 'nobody' ? 'signed out' : `signed in as the ${state.who}`}: ${state.name}`, async ({ browser, baseURL }) => {
      const visitor = await open(browser, baseURL, state.who, state.path());
      await expectNoSeriousViolations(visitor.page);
      await visitor.context.close();
    });
  }

  test('signed in: the editor showing errors and tag pills', async ({ browser, baseURL }) => {
    const { page, context } = await open(browser, baseURL, 'writer', '/editor');
    await page.getByPlaceholder('Enter tags').fill('pill');
    await page.getByPlaceholder('Enter tags').press('Enter');
    await page.getByRole('button', { name: 'Publish Article' }).click();
    await expect(page.locator('.error-messages')).toBeVisible();
    await expectNoSeriousViolations(page);
    await context.close();
  });
});
