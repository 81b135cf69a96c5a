// Every file that a comment or a document names must exist. Files move (the
// domain was regrouped, the tests now mirror src), and a comment that sends a
// reader to a file that is gone is worse than none.
//
// Looked at: the comments of src, test, bench and e2e (TypeScript's own
// scanner finds them, so strings and regular expressions are never taken for
// comments), the comments of the Eta views, and the whole text of the
// Markdown documents. A reference is a path that starts with ./ or ../
// (resolved against the citing file's folder), one that starts with a folder
// at the repository's root (src/db/sql.ts, migrations/postgres/0001…), any
// other path with a slash that ends in a file extension (resolved against the
// root), or a bare file name with an extension (beside the citing file, or at
// the root). URLs, absolute paths such as routes (/api/articles) and package
// names (@fastify/session) are not references. A reference ending in … or *
// matches any entry that starts with it, as does one whose last part is a
// number (docs/decisions/0010); bench/results/latest.{json,md} names both
// files. Paths the repository ignores (data/, dist/, bench/.cache/) are made
// at run time and are not checked.
//
// A decision record whose status says it is superseded is history: it names
// the files of its day, and is left as it was written.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..');

const EXTENSIONS = new Set(['ts', 'mts', 'js', 'mjs', 'cjs', 'json', 'md', 'sql', 'eta', 'css', 'yml', 'yaml', 'sh', 'html', 'svg', 'png', 'ico', 'txt']);

/** A path-like word: segments of word characters, dots, dashes and {a,b} groups, joined by slashes. */
const CANDIDATE = /(?<![\w@$/.:~\\-])(?:\.\.?\/)*(?:[\w.-]|\{[\w.,-]*\})+(?:\/(?:[\w.-]|\{[\w.,-]*\})*)*(?:…|\*)?/g;
const WEB_ADDRESS = /\b[a-z][a-z\d+.-]*:\/\/[^\s)>\]`'"]*/gi;

const posix = (path: string) => path.split(sep).join('/');

/**
 * What the repository ignores: paths (data/ a folder only; node_modules and bench/.cache, written without the
 * slash, a folder or a symbolic link), and file endings (*.db).
 */
const ignored = (() => {
  const lines = readFileSync(join(root, '.gitignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return {
    folders: lines.filter((l) => !l.includes('*')).map((l) => l.replace(/^\//, '').replace(/\/?$/, '/')),
    endings: lines.filter((l) => l.startsWith('*.')).map((l) => l.slice(1)),
  };
})();
const isIgnored = (path: string) => ignored.folders.some((f) => `${path}/`.startsWith(f)) || ignored.endings.some((e) => path.endsWith(e));

/** Every file of the repository (relative, with forward slashes), ignored folders and .git left out. */
function repositoryFiles(dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.name === '.git' || isIgnored(entry.isDirectory() ? `${path}/` : path)) return [];
    return entry.isDirectory() ? repositoryFiles(path) : [path];
  });
}

const files = repositoryFiles();
const rootFolders = new Set([
  ...readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== '.git')
    .map((e) => e.name),
  ...ignored.folders.map((f) => f.split('/')[0]!),
]);

/** Where a reference may appear: the text to search, per file. */
function citingTexts(): Array<{ file: string; text: string }> {
  const scanned = files.filter(
    (f) =>
      (/^(src|test|bench|e2e)\//.test(f) && f.endsWith('.ts')) ||
      (f.startsWith('views/') && f.endsWith('.eta')) ||
      (f.startsWith('docs/') && f.endsWith('.md')) ||
      f === 'README.md' ||
      f === 'bench/README.md',
  );
  return scanned.flatMap((file) => {
    const source = readFileSync(join(root, file), 'utf8');
    if (file.endsWith('.ts')) return [{ file, text: typeScriptComments(source) }];
    if (file.endsWith('.eta')) return [{ file, text: etaComments(source) }];
    if (/^Status:\s*superseded/im.test(source.split('\n').slice(0, 12).join('\n'))) return [];
    return [{ file, text: source }];
  });
}

/** The comments of a TypeScript file, each where it stands (other text blanked), so line numbers hold. */
function typeScriptComments(source: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, source);
  const kept = source.replace(/[^\n]/g, ' ').split('');
  // Per open `${…}` of a template: how many braces are open inside it.
  const substitutions: number[] = [];
  let previous = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    // A slash where an expression may start opens a regular expression, not a division.
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && regexMayFollow(previous)) kind = scanner.reScanSlashToken();
    const open = substitutions.length - 1;
    if (kind === ts.SyntaxKind.CloseBraceToken && substitutions[open] === 0) {
      // The `}` that ends a substitution: the template's text goes on.
      substitutions.pop();
      kind = scanner.reScanTemplateToken(false);
    } else if (kind === ts.SyntaxKind.OpenBraceToken && open >= 0) substitutions[open]!++;
    else if (kind === ts.SyntaxKind.CloseBraceToken && open >= 0) substitutions[open]!--;
    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle) substitutions.push(0);
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      for (let i = scanner.getTokenStart(); i < scanner.getTokenEnd(); i++) kept[i] = source[i]!;
    } else if (kind !== ts.SyntaxKind.WhitespaceTrivia && kind !== ts.SyntaxKind.NewLineTrivia) previous = kind;
  }
  return kept.join('');
}

/** After these a slash divides; after anything else it starts a regular expression. */
function regexMayFollow(previous: ts.SyntaxKind): boolean {
  const divides = [
    ts.SyntaxKind.Identifier,
    ts.SyntaxKind.NumericLiteral,
    ts.SyntaxKind.BigIntLiteral,
    ts.SyntaxKind.StringLiteral,
    ts.SyntaxKind.NoSubstitutionTemplateLiteral,
    ts.SyntaxKind.TemplateTail,
    ts.SyntaxKind.RegularExpressionLiteral,
    ts.SyntaxKind.CloseParenToken,
    ts.SyntaxKind.CloseBracketToken,
    ts.SyntaxKind.CloseBraceToken,
    ts.SyntaxKind.PlusPlusToken,
    ts.SyntaxKind.MinusMinusToken,
    ts.SyntaxKind.ThisKeyword,
    ts.SyntaxKind.SuperKeyword,
    ts.SyntaxKind.TrueKeyword,
    ts.SyntaxKind.FalseKeyword,
    ts.SyntaxKind.NullKeyword,
    ts.SyntaxKind.ExclamationToken,
  ];
  return !divides.includes(previous);
}

/** Eta's `<% /* … *\/ %>` comments and HTML comments, other text blanked. */
function etaComments(source: string): string {
  return source.replace(/(<%\s*\/\*[\s\S]*?\*\/\s*%>|<!--[\s\S]*?-->)|[^\n]/g, (match, comment: string | undefined) => comment ?? ' ');
}

/** One path per choice of each `{a,b}` group. */
function expandBraces(path: string): string[] {
  const group = /\{([^{}]*)\}/.exec(path);
  if (!group) return [path];
  return group[1]!.split(',').flatMap((part) => expandBraces(path.slice(0, group.index) + part + path.slice(group.index + group[0].length)));
}

const exists = (path: string) => existsSync(join(root, path)) || (path.endsWith('.js') && existsSync(join(root, path.replace(/\.js$/, '.ts'))));

/** Whether some entry of the folder starts with `prefix`. */
function someEntryStartsWith(folder: string, prefix: string): boolean {
  const dir = join(root, folder);
  return existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).some((name) => name.startsWith(prefix));
}

/** undefined when the word is not a reference to a file; else whether what it names exists. */
export function resolveReference(word: string, citingFile: string): boolean | undefined {
  let ref = word;
  let prefix = false;
  if (/(?:…|\*|\.\.\.)$/.test(ref)) {
    prefix = true;
    ref = ref.replace(/(?:…|\*|\.\.\.)$/, '');
  } else ref = ref.replace(/\.+$/, ''); // the end of a sentence
  if (!/\w/.test(ref)) return undefined; // ./ alone
  const relativeRef = /^\.\.?\//.test(ref);
  const segments = ref.split('/');
  const last = segments[segments.length - 1]!;
  const extension = /\.([a-z]+)$/i.exec(expandBraces(last)[0]!)?.[1]?.toLowerCase();
  const hasExtension = extension !== undefined && EXTENSIONS.has(extension);
  if (!relativeRef) {
    if (ref.startsWith('.') && segments.length === 1) return undefined; // `.md`, `.eml`: a kind of file, not a file
    if (segments.length === 1 && (!hasExtension || extension === 'js')) return undefined; // a word; Node.js
    if (segments.length > 1 && !hasExtension && !rootFolders.has(segments[0]!)) return undefined; // req/s, and/or
  }
  if (/^\d+$/.test(last)) prefix = true; // docs/decisions/0010
  return expandBraces(ref).every((path) => {
    if (segments.length === 1 && !relativeRef) {
      // A bare file name: beside the citing file, or at the root.
      return exists(posix(join(dirname(citingFile), path))) || exists(path);
    }
    const target = posix(relativeRef ? join(dirname(citingFile), path) : path).replace(/\/$/, '');
    if (isIgnored(target) || isIgnored(`${target}/`)) return true;
    if (prefix) return someEntryStartsWith(dirname(target), basename(target));
    return exists(target);
  });
}

/** Every reference that names nothing, as `file:line: reference`. */
export function brokenReferences(): string[] {
  const broken: string[] = [];
  for (const { file, text } of citingTexts()) {
    const lines = text.replace(WEB_ADDRESS, (url) => ' '.repeat(url.length)).split('\n');
    lines.forEach((line, index) => {
      for (const [word] of line.matchAll(CANDIDATE)) {
        if (resolveReference(word, file) === false) broken.push(`${file}:${index + 1}: ${word}`);
      }
    });
  }
  return broken;
}

test('every file named in a comment or a document exists', () => {
  const broken = brokenReferences();
  assert.deepEqual(broken, [], `${broken.length} reference(s) to files that do not exist:\n${broken.join('\n')}`);
});

test('the reference pattern finds paths and leaves URLs, routes and packages alone', () => {
  const words = (text: string) => [...text.replace(WEB_ADDRESS, (u) => ' '.repeat(u.length)).matchAll(CANDIDATE)].map(([w]) => w).filter((w) => resolveReference(w, 'src/db/x.ts') !== undefined);
  assert.deepEqual(words('see src/db/sql.ts, ./raw.ts and docs/decisions/0010.'), ['src/db/sql.ts', './raw.ts', 'docs/decisions/0010.']);
  assert.deepEqual(words('migrations/postgres/0001… and domain/cache/reads.ts'), ['migrations/postgres/0001…', 'domain/cache/reads.ts']);
  assert.deepEqual(words('GET /api/articles, @fastify/session, https://github.com/x/y.md, Node.js, req/s, `.eml` files'), []);
  assert.equal(resolveReference('src/db/sql.ts', 'README.md'), true);
  assert.equal(resolveReference('./sql.ts', 'src/db/x.ts'), true);
  assert.equal(resolveReference('./raw.ts', 'src/db/x.ts'), false);
  assert.equal(resolveReference('docs/decisions/0010', 'README.md'), true);
  assert.equal(resolveReference('docs/decisions/0099', 'README.md'), false);
  assert.equal(resolveReference('migrations/postgres/0001…', 'README.md'), true);
  assert.equal(resolveReference('package.{json,lock}', 'README.md'), false);
  assert.equal(resolveReference('PRODUCT.md', 'src/app.ts'), false);
  assert.equal(resolveReference('data/conduit.db', 'README.md'), true);
});

test('only comments count in TypeScript: strings, templates and regular expressions are code', () => {
  const source = [
    "const a = '// src/gone.ts'; // src/db/sql.ts",
    'const b = `${a}/* src/gone.ts */${`// src/gone.ts`}`; /* ./sql.ts */',
    String.raw`const c = /\/\/ src\/gone.ts/.test(a) ? 1 / 2 : 2; // src/app.ts`,
  ].join('\n');
  const comments = typeScriptComments(source);
  assert.equal(comments.split('\n').length, 3);
  assert.deepEqual(comments.split(/\s+/).filter(Boolean), ['//', 'src/db/sql.ts', '/*', './sql.ts', '*/', '//', 'src/app.ts']);
});
