import { z } from 'zod';
import { InvalidError, type FieldErrors } from './errors.js';

/** Parses with a domain schema; failures become an InvalidError keyed by field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InvalidError(toFieldErrors(result.error));
}

const BLANK = "can't be blank";

export function toFieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : 'body';
    const list = (fields[field] ??= []);
    if (!list.includes(issue.message)) list.push(issue.message);
  }
  // A blank field is only blank: "too short" or "may only contain" would say the same thing worse.
  for (const [field, messages] of Object.entries(fields)) if (messages.includes(BLANK)) fields[field] = [BLANK];
  return fields;
}

/** "can't be blank" for a missing value, a plain type message otherwise. */
const typeMessage = (expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null ? "can't be blank" : `must be ${expected}`;

const tooLong = (max: number) => `is too long (maximum is ${max} characters)`;

/** A required single-line text field: trimmed, not blank, at most `max` characters. */
export const requiredText = (max: number) =>
  z
    .string({ error: typeMessage('a string') })
    .trim()
    .min(1, "can't be blank")
    .max(max, tooLong(max));

/** Optional text where "" and null both mean "none" (stored as null). */
export const optionalText = (max: number) =>
  z
    .string({ error: typeMessage('a string') })
    .max(max, tooLong(max))
    .nullable()
    .transform((v) => (v === null || v.trim() === '' ? null : v));

export const usernameSchema = requiredText(32).regex(
  /^[A-Za-z0-9_-]+$/,
  'may only contain letters, digits, underscores and hyphens',
);

export const emailSchema = z
  .string({ error: typeMessage('a string') })
  .trim()
  .min(1, "can't be blank")
  .max(254, tooLong(254))
  .pipe(z.email({ error: 'is invalid' }));

/** Length only, never trimmed or truncated (NIST 800-63B). */
export const passwordSchema = z
  .string({ error: typeMessage('a string') })
  .min(1, "can't be blank")
  .min(8, 'is too short (minimum is 8 characters)')
  .max(128, tooLong(128));

export const imageSchema = z
  .string({ error: typeMessage('a string') })
  .trim()
  .max(2000, tooLong(2000))
  .refine((v) => v === '' || isHttpUrl(v), 'must be an http(s) URL')
  .nullable()
  .transform((v) => (v ? v : null));

export const bioSchema = optionalText(1000);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
