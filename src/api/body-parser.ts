import type { FastifyInstance } from 'fastify';
import { UnsupportedMediaTypeError } from './errors.js';

/**
 * The API reads JSON only (the root's form parser does not apply here). An
 * empty body is `undefined` whatever its content type, so bodiless routes
 * (favorite, follow, deletes) accept clients that always send
 * `Content-Type: application/json`; Fastify would otherwise refuse them.
 */
export function jsonOnly(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error'); // keeps prototype-poisoning protection
  app.removeAllContentTypeParsers();
  app.addContentTypeParser<string>('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.trim() === '') done(null, undefined);
    // The default parser answers through `done` (its type also allows the promise form).
    else void parseJson(request, body, done);
  });
  app.addContentTypeParser<string>('*', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') done(null, undefined);
    else done(new UnsupportedMediaTypeError(), undefined);
  });
}
