import type { FastifyInstance } from 'fastify';
import { InvalidError } from '../domain/errors.js';

const NUL = '\u0000';
/** Deeper than any body either face accepts: past it, a value is not looked into (and no route reads it). */
const MAX_DEPTH = 8;

/** The name of the first field holding a NUL character, searched depth first; undefined when none does. */
function fieldWithNul(value: unknown, name: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? name : undefined;
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = fieldWithNul(inner, Array.isArray(value) ? name : key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Replaces every NUL in the strings of a parsed path or query (an object of strings and lists of strings). */
function replaceNuls(values: unknown): void {
  if (values === null || typeof values !== 'object') return;
  const record = values as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string') record[key] = value.replaceAll(NUL, '\uFFFD');
    else if (Array.isArray(value)) record[key] = value.map((v: unknown) => (typeof v === 'string' ? v.replaceAll(NUL, '\uFFFD') : v));
  }
}

/**
 * No NUL character reaches the domain: PostgreSQL cannot hold one in text
 * (the statement fails), and no reader types one. In an address (path or
 * query string) it becomes U+FFFD, the replacement character: a lookup then
 * finds nothing and a bad `page` is page 1, as for any other odd address. In
 * a form or JSON body it is the field's error (422), so nothing written is
 * altered behind the writer's back. The same on both engines.
 */
export function refuseNul(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    replaceNuls(request.params);
    replaceNuls(request.query);
    const field = fieldWithNul(request.body, 'body');
    done(field ? new InvalidError({ [field]: ['must not contain the NUL character'] }) : undefined);
  });
}
