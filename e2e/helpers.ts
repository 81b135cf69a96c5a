import type { Page } from '@playwright/test';
import { expect } from './fixtures.js';

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
