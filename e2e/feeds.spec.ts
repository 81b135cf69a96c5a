import { readAtom } from '../test/support/xml-documents.js';
import { expect, test } from './fixtures.js';
import { newUser, publishArticle, signUp, uniqueUser } from './helpers.js';

test.describe('subscribing to an author', () => {
  test("a reader finds the feed link on a writer's profile, and it is the writer's feed", async ({ browser, baseURL }) => {
    const writer = await newUser(browser, baseURL);
    const user = uniqueUser('feedwriter');
    await signUp(writer.page, user);
    const title = `Feeds for everyone ${Date.now().toString(36)}`;
    await publishArticle(writer.page, { title, body: 'Subscribe **now**.', tags: ['syndication'] });

    // Signed out, as feed readers are.
    const reader = await newUser(browser, baseURL);
    await reader.page.goto(`/profile/${user.username}`);
    const link = reader.page.getByRole('link', { name: `Atom feed of ${user.username}’s articles` });
    await expect(link).toBeVisible();
    const href = await link.getAttribute('href');
    expect(href).toBe(`/profile/${user.username}/feed.atom`);
    await expect(reader.page.locator('head link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', href!);

    const response = await reader.page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/atom\+xml/);
    const feed = readAtom(await response.text());
    expect(feed.entries?.map((e) => e.title?.value)).toEqual([title]);
    const [entry] = feed.entries!;
    expect(entry?.authors).toEqual([{ name: user.username, uri: `${baseURL}/profile/${user.username}` }]);
    expect(entry?.content?.value).toContain('<strong>now</strong>');
    expect(entry?.categories?.map((c) => c.term)).toEqual(['syndication']);

    // The entry's link goes back to the article a person can read.
    await reader.page.goto(entry!.links![0]!.href!);
    await expect(reader.page.getByRole('heading', { level: 1 })).toHaveText(title);
    await writer.context.close();
    await reader.context.close();
  });
});
