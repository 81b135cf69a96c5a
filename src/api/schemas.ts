import { z } from 'zod';
import type { ListFilter } from '../domain/publishing/articles.js';
import { parseInput } from '../domain/validation.js';

/**
 * Request shapes the API adds around the domain's own schemas: the RealWorld
 * envelopes ({user: {...}}) and query/path parameters. Field rules stay in
 * the domain; unknown fields pass through here and the domain drops them.
 */
const fields = z.record(z.string(), z.unknown(), {
  error: (issue) => (issue.input == null ? "can't be blank" : 'must be an object'),
});

function envelope<K extends string>(key: K) {
  const schema = z.object({ [key]: fields } as Record<K, typeof fields>, { error: 'must be a JSON object' });
  // A missing body reads as an empty object, so the error names the envelope ("user: can't be blank").
  return (body: unknown) => (parseInput(schema, body ?? {}) as Record<K, Record<string, unknown>>)[key];
}

/** An envelope a route may go without: no body at all reads as an empty one. */
function optionalEnvelope<K extends string>(key: K) {
  const schema = z.object({ [key]: fields.optional() } as Record<K, z.ZodOptional<typeof fields>>, { error: 'must be a JSON object' });
  return (body: unknown) => (parseInput(schema, body ?? {}) as Record<K, Record<string, unknown> | undefined>)[key] ?? {};
}

export const userInput = envelope('user');
export const articleInput = envelope('article');
export const commentInput = envelope('comment');
/** `{"moderation": {"note": "…"}}`, optional on hide, unhide and unsuspend. */
export const moderationInput = optionalEnvelope('moderation');
/** `{"report": {"reason": "spam", "note": "…"}}`. */
export const reportInput = envelope('report');
/** `{"suspension": {"days": 7, "reason": "…"}}`; without days, until lifted. */
export const suspensionInput = envelope('suspension');

/** A query or path number: digits only, at least `min`; "" or absent gives undefined. */
function wholeNumber(min: number, message: string) {
  const digits = z.unknown().transform((value, ctx) => {
    if (value === '') return undefined;
    const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
    if (Number.isNaN(n) || n < min) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return n;
  });
  return digits.optional();
}

/** A text filter; an empty one means no filter. */
const filter = z
  .string({ error: 'must be a single value' })
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

const paginationShape = {
  limit: wholeNumber(1, `must be a whole number between 1 and ${MAX_LIMIT}`),
  offset: wholeNumber(0, 'must be a whole number of 0 or more'),
};

type Page = Pick<ListFilter, 'limit' | 'offset'>;
const toPage = (q: { limit?: number; offset?: number }): Page => ({
  limit: Math.min(q.limit ?? DEFAULT_LIMIT, MAX_LIMIT), // larger limits are capped, not refused
  offset: q.offset ?? 0,
});

const paginationSchema = z.object(paginationShape).transform(toPage);

/** The list's filters, and `q` (this API's extension): words to search for, which make it a search in relevance order. */
export type ListQuery = ListFilter & { q?: string };

const listQuerySchema = z
  .object({ q: filter, tag: filter, author: filter, favorited: filter, ...paginationShape })
  .transform((q): ListQuery => ({ q: q.q, tag: q.tag, author: q.author, favoritedBy: q.favorited, ...toPage(q) }));

export const pageQuery = (query: unknown): Page => parseInput(paginationSchema, query);
export const listQuery = (query: unknown): ListQuery => parseInput(listQuerySchema, query);

const commentIdSchema = z.object({
  id: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a positive integer')
    .transform(Number)
    .refine((n) => n >= 1, 'must be a positive integer'),
});

export const commentIdParam = (params: unknown): number => parseInput(commentIdSchema, params).id;

const reportsQuerySchema = z
  .object({
    status: z.enum(['open', 'dismissed', 'resolved', 'all'], { error: 'must be open, dismissed, resolved or all' }).optional(),
    ...paginationShape,
  })
  .transform((q) => ({ status: q.status ?? 'open', ...toPage(q) }));

/** `?status=open|dismissed|resolved|all` (open unless said) and the usual limit and offset. */
export const reportsQuery = (query: unknown) => parseInput(reportsQuerySchema, query);
