import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { expect } from './fixtures.js';

/** Runs axe on the page and fails on any serious or critical violation, naming each. */
export async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, serious.join('\n')).toEqual([]);
}

export interface TestUser {
  username: string;
  email: string;
  password: string;
}

let counter = 0;

/** A fresh user, unique per call (usernames: letters, digits, `_`, `-`; at most 32 chars). */
export function uniqueUser(prefix = 'user'): TestUser {
  const suffix = `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const username = `${prefix.slice(0, Math.max(0, 32 - suffix.length))}${suffix}`;
  return { username, email: `${username}@example.com`, password: 'correct horse battery staple' };
}

/** `path` on the origin the page is on (the worker's baseURL), as an absolute URL. */
export function urlOf(page: Page, path: string): string {
  return new URL(path, page.url()).href;
}

/** The navbar (the main navigation landmark). */
export function navbar(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

export async function signUp(page: Page, user: TestUser): Promise<void> {
  await page.goto('/register');
  const home = urlOf(page, '/');
  await fillSignUp(page, user);
  await expect(page).toHaveURL(home);
}

/** Fills and submits the sign-up form without asserting where it lands. */
export async function fillSignUp(page: Page, user: TestUser): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
}

/** Fills and submits the sign-in form on the current page (which must be /login). */
export async function fillSignIn(page: Page, user: Pick<TestUser, 'email' | 'password'>): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/login');
  const home = urlOf(page, '/');
  await fillSignIn(page, user);
  await expect(page).toHaveURL(home);
}

export async function signOut(page: Page): Promise<void> {
  await page.goto('/settings');
  const home = urlOf(page, '/');
  await page.getByRole('button', { name: 'Or click here to logout.' }).click();
  await expect(page).toHaveURL(home);
}

export interface Draft {
  title: string;
  description?: string;
  body?: string;
  tags?: string[];
}

/** A new browser context (its own cookies) on the worker's server, with a page open in it. */
export async function newUser(browser: Browser, baseURL: string | undefined, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  return { context, page };
}

/** Fills the editor on the current page (typing each tag and pressing Enter) and publishes. */
export async function fillEditor(page: Page, draft: Draft): Promise<void> {
  await page.getByLabel('Article Title').fill(draft.title);
  await page.getByLabel("What's this article about?").fill(draft.description ?? `About ${draft.title}`);
  await page.getByLabel('Write your article (in markdown)').fill(draft.body ?? `The body of ${draft.title}.`);
  for (const tag of draft.tags ?? []) {
    await page.getByPlaceholder('Enter tags').fill(tag);
    await page.getByPlaceholder('Enter tags').press('Enter');
  }
  await page.getByRole('button', { name: 'Publish Article' }).click();
}

/** Publishes through the editor page and returns the article's path. */
export async function publishArticle(page: Page, draft: Draft): Promise<string> {
  await page.goto('/editor');
  await fillEditor(page, draft);
  await expect(page).toHaveURL(/\/article\/[a-z0-9-]+$/);
  return new URL(page.url()).pathname;
}

/** The CSRF token in a page's HTML (every form on a page carries the same one). */
export function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/**
 * Publishes with the page's cookies but without driving the form: GET /editor
 * for the token, then POST it the way the form would. Quick for bulk set-up.
 */
export async function publishQuickly(page: Page, draft: Draft): Promise<string> {
  const editor = await page.request.get('/editor');
  const form = new URLSearchParams([
    ['_csrf', csrfFrom(await editor.text())],
    ['title', draft.title],
    ['description', draft.description ?? `About ${draft.title}`],
    ['body', draft.body ?? `The body of ${draft.title}.`],
    ...(draft.tags ?? []).map((t): [string, string] => ['tagList', t]),
  ]);
  const response = await page.request.post('/editor', {
    data: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBe(303);
  return response.headers().location!;
}
