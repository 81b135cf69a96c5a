// The lint rules that keep the house's rules (eslint.config.js), checked on
// code that breaks them: a rule that silently stopped matching (a renamed
// type in a dependency, a moved folder) would otherwise pass everything.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { ESLint } from 'eslint';

const fixtures: string[] = [];
after(() => fixtures.forEach((file) => rmSync(file, { force: true })));

/** Writes a fixture where the rules apply (the type checker needs a real file); removed after the tests. */
function fixture(path: string, code: string): string {
  writeFileSync(path, code);
  fixtures.push(path);
  return path;
}

/** Lints `code` as if it were the file at `path`. */
async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await new ESLint().lintFiles([fixture(path, code)]);
  return (result?.messages ?? []).map((m) => `${m.line}: ${m.ruleId ?? 'parse'}`);
}

test('SQLite-only query calls fail outside src/db; what both engines run passes', async () => {
  const found = await problems(
    'src/domain/lint-fixture-engines.ts',
    `import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.js';
export async function f(db: Db) {
  const { users } = db.t;
  const one = await db.select().from(users).where(eq(users.id, 1)).get();
  const prepared = db.select().from(users).prepare();
  const rows = await prepared.all();
  const awaited = await db.select().from(users).limit(1);
  const executed = await prepared.execute();
  await db.update(users).set({ bio: 'x' }).where(eq(users.id, 1)).run();
  const seen = new Map<number, number>();
  return [one, rows, awaited, executed, seen.get(1), [...seen.values()]];
}
`,
  );
  assert.deepEqual(found, ['5: conduit/both-engines', '7: conduit/both-engines', '10: conduit/both-engines']);
});

test('a hand-made catch-up or transaction above src/db fails', async () => {
  const found = await problems(
    'src/domain/lint-fixture-writes.ts',
    `import { catchUp } from '../cache/version-board.js';
import type { Db } from '../db/database.js';
export async function f(db: Db) {
  await db.database.transaction(async () => 1);
  await catchUp(db);
}
`,
  );
  assert.deepEqual(found, ['4: no-restricted-syntax', '5: no-restricted-syntax']);
});

test('the domain reads no time but from the clock it is handed', async () => {
  const found = await problems(
    'src/domain/lint-fixture-clock.ts',
    `import type { Writer } from './clock.js';
export function f({ now }: Writer): number[] {
  return [Date.now(), new Date().getTime(), new Date(now()).getTime(), now()];
}
`,
  );
  assert.deepEqual(found, ['3: no-restricted-syntax', '3: no-restricted-syntax']);
});

test('the job runner reads no time but from the clock it is handed, and knows no HTTP', async () => {
  const found = await problems(
    'src/jobs/lint-fixture-clock.ts',
    `import type { FastifyInstance } from 'fastify';
import type { Clock } from '../domain/clock.js';
export function f(now: Clock, app: FastifyInstance): unknown[] {
  return [Date.now(), new Date(now()), app];
}
`,
  );
  assert.deepEqual(found, ['1: no-restricted-imports', '4: no-restricted-syntax']);
});

test('pages and the API never import each other, and the domain imports no HTTP', async () => {
  const fromApi = await problems('src/web/lint-fixture-faces.ts', `import { apiRoutes } from '../api/index.js';\nexport const f = apiRoutes;\n`);
  assert.deepEqual(fromApi, ['1: import-x/no-restricted-paths']);
  const http = await problems(
    'src/domain/lint-fixture-http.ts',
    `import type { FastifyRequest } from 'fastify';\nimport { webRoutes } from '../web/index.js';\nexport const f = (r: FastifyRequest) => [r, webRoutes];\n`,
  );
  assert.deepEqual(http, ['1: no-restricted-imports', '2: import-x/no-restricted-paths']);
});

test('an import cycle fails', async () => {
  fixture('src/lib/lint-fixture-b.ts', `import { a } from './lint-fixture-a.js';\nexport const b = (): number => a() + 1;\n`);
  const found = await problems('src/lib/lint-fixture-a.ts', `import { b } from './lint-fixture-b.js';\nexport const a = (): number => b() - 1;\n`);
  assert.deepEqual(found, ['1: import-x/no-cycle']);
});
