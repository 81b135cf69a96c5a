import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The domain runs on SQLite and PostgreSQL alike, but its builder types are
 * SQLite's (src/db/database.ts). `.all()`, `.get()`, `.run()` and `.values()`
 * on a built query exist only there, and would compile and then fail on
 * PostgreSQL: outside src/db every query is awaited (or `.execute()`d) instead.
 */
const SQLITE_ONLY = new Set(['all', 'get', 'run', 'values']);
const bothEngines = {
  meta: { type: 'problem', messages: { sqliteOnly: '`.{{name}}()` runs only on SQLite: await the query (or .execute() a prepared one) so PostgreSQL runs it too.' } },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program) return {};
    const checker = services.program.getTypeChecker();
    // The method itself, wherever the type it is called on came from (Omit<…> and other mapped types included).
    const declaredBySqliteDrizzle = (symbol) =>
      symbol?.declarations?.some((d) => /drizzle-orm\/(sqlite-core|better-sqlite3)\//.test(d.getSourceFile().fileName)) ?? false;
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier' || !SQLITE_ONLY.has(callee.property.name)) return;
        // `.values(rows)` on an insert is on both engines; the SQLite-only `.values()` takes no rows.
        if (callee.property.name === 'values' && node.arguments.length > 0) return;
        const symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(callee.property));
        if (declaredBySqliteDrizzle(symbol)) context.report({ node: callee.property, messageId: 'sqliteOnly', data: { name: callee.property.name } });
      },
    };
  },
};

/**
 * Writes go through write()/writeTransaction (src/db/write-transaction.ts), which catch this
 * process up after the commit: nothing above src/db opens a transaction or catches up by hand.
 */
const WRITES_THROUGH_WRITE = [
  { selector: "CallExpression[callee.name='catchUp']", message: 'write() already catches up after its commit (src/db/write-transaction.ts).' },
  {
    selector: "CallExpression[callee.property.name='transaction'][callee.object.property.name='database']",
    message: 'Write through write() or writeTransaction() (src/db/write-transaction.ts), which catch up after the commit.',
  },
];

const ONE_CLOCK = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "Take the time from the clock the function is handed (deps.now, a Writer's now): tests move it." },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Take the time from the clock the function is handed (deps.now, a Writer's now): tests move it." },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'public/', 'bench/results/', 'bench/.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware: every domain call is async now, and a forgotten `await` must not pass quietly.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test() and describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after'] }] },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // No import cycles anywhere: a module graph with a circle makes load order (and so behaviour) depend on who imports first.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver()],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      'import-x/no-cycle': 'error',
      // Pages and the API share the domain and never import each other; the layers below them know no HTTP.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/web', from: './src/api', message: 'Pages and the API share src/domain, never each other.' },
            { target: './src/api', from: './src/web', message: 'Pages and the API share src/domain, never each other.' },
            ...['./src/domain', './src/cache', './src/db', './src/lib', './src/jobs'].map((target) => ({
              target,
              from: ['./src/web', './src/api', './src/plugins', './src/app.ts', './src/server.ts'],
              message: 'The domain and what it stands on know no HTTP: move the shared part down.',
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/cache/**/*.ts', 'src/db/**/*.ts', 'src/lib/**/*.ts', 'src/jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['fastify', '@fastify/*', 'fastify-plugin'], message: 'The domain knows no HTTP.' }] }],
    },
  },
  {
    // Engine-specific calls live in src/db; everything above it runs on both engines.
    files: ['src/**/*.ts'],
    ignores: ['src/db/**'],
    plugins: { conduit: { rules: { 'both-engines': bothEngines } } },
    rules: {
      'conduit/both-engines': 'error',
      'no-restricted-syntax': ['error', ...WRITES_THROUGH_WRITE],
    },
  },
  {
    // One clock: the domain and the job runner take the time from the clock they are handed (src/domain/clock.ts).
    files: ['src/domain/**/*.ts', 'src/jobs/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...WRITES_THROUGH_WRITE, ...ONE_CLOCK] },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
