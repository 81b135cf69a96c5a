import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

/** Helpers shared by the test/api/*.test.ts files: JSON calls to /api with an optional token. */

export interface Call {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS' | 'PATCH';
  token?: string;
  /** An object is sent as JSON; a string is sent as-is (set content-type in headers). */
  body?: unknown;
  headers?: Record<string, string>;
}

export function api(app: FastifyInstance) {
  return (url: string, call: Call = {}) => {
    const headers: Record<string, string> = { ...(call.token && { authorization: `Token ${call.token}` }), ...call.headers };
    const payload = call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    if (payload !== undefined && typeof call.body !== 'string') headers['content-type'] ??= 'application/json';
    return app.inject({ method: call.method ?? 'GET', url: `/api${url}`, headers, ...(payload !== undefined && { payload }) });
  };
}

export const PASSWORD = 'a long enough passphrase';

/** Registers `username` through the API and returns its token. */
export async function signUp(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await api(app)('/users', {
    method: 'POST',
    body: { user: { username, email: `${username}@example.com`, password } },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().user.token as string;
}

export interface NewArticle {
  title?: string;
  description?: string;
  body?: string;
  tagList?: string[];
}

/** Creates an article and returns its JSON (the `article` object). */
export async function postArticle(app: FastifyInstance, token: string, fields: NewArticle = {}) {
  const article = { title: 'A title', description: 'A description', body: 'A body', ...fields };
  const res = await api(app)('/articles', { method: 'POST', token, body: { article } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().article;
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
