/** Shared set-up for the site page tests: users and articles made through the real forms. */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Browser } from './app.js';

export interface Draft {
  title: string;
  description?: string;
  body?: string;
  /** Each entry is sent as one `tagList` field (a pill, or a comma-separated text input). */
  tags?: string[];
}

/** A signed-in browser for a new user. */
export async function signedUp(app: FastifyInstance, username: string): Promise<Browser> {
  const browser = new Browser(app);
  const res = await browser.register(username);
  assert.equal(res.statusCode, 303, `registering ${username}: ${res.body.slice(0, 300)}`);
  return browser;
}

/** Posts url-encoded pairs (repeated names allowed), with the CSRF token of the last page. */
export function postPairs(browser: Browser, url: string, pairs: Array<[string, string]>, headers: Record<string, string> = {}) {
  return browser.request({
    method: 'POST',
    url,
    payload: new URLSearchParams(pairs).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

export function draftPairs(draft: Draft): Array<[string, string]> {
  return [
    ['title', draft.title],
    ['description', draft.description ?? `About ${draft.title}`],
    ['body', draft.body ?? `The body of ${draft.title}.`],
    ...(draft.tags ?? []).map((t): [string, string] => ['tagList', t]),
  ];
}

/** Opens the editor and submits it; returns the response (303 on success). */
export async function submitEditor(browser: Browser, draft: Draft, editorUrl = '/editor') {
  await browser.get(editorUrl);
  return postPairs(browser, editorUrl, [['_csrf', browser.csrf()], ...draftPairs(draft)]);
}

/** Publishes through the editor and returns the new article's slug. */
export async function publish(browser: Browser, draft: Draft): Promise<string> {
  const res = await submitEditor(browser, draft);
  assert.equal(res.statusCode, 303, `publishing "${draft.title}": ${res.body.slice(0, 500)}`);
  const location = String(res.headers.location);
  assert.match(location, /^\/article\/[^?#]+$/);
  return decodeURIComponent(location.slice('/article/'.length));
}

/** Loads `pageUrl` and posts its CSRF token plus `fields` to `action` (a button's form). */
export async function press(browser: Browser, pageUrl: string, action: string, fields: Record<string, string> = {}) {
  await browser.get(pageUrl);
  return browser.post(action, { _csrf: browser.csrf(), ...fields });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
