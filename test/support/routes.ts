import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

/**
 * Every path registered for `method`, read from `printRoutes`' tree: a line's
 * indentation (four columns a level) says which lines above it its path continues.
 */
export function registeredPaths(app: FastifyInstance, method: string): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ method, commonPrefix: false }).split('\n')) {
    if (line.trim() === '' || line.trim() === '(empty tree)') continue;
    const match = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    assert.ok(match, `printRoutes wrote a line this test cannot read: ${JSON.stringify(line)}`);
    const [, indent = '', segment = '', methods = ''] = match;
    stack.length = indent.length / 4;
    stack.push(segment);
    if (methods.split(', ').includes(method)) paths.push(stack.join(''));
  }
  return paths.sort();
}

