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

/**
 * No text with a NUL character reaches the domain, from a path, a query
 * string, a form or a JSON body: PostgreSQL cannot store one in text (the
 * statement fails), and no reader types one. Refused before validation, on
 * every route, as the field's error (422), the same on both engines.
 */
export function refuseNul(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const field = fieldWithNul(request.params, 'path') ?? fieldWithNul(request.query, 'query') ?? fieldWithNul(request.body, 'body');
    done(field ? new InvalidError({ [field]: ['must not contain the NUL character'] }) : undefined);
  });
}
