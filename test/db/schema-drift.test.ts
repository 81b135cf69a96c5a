// The two engines' schemas must describe the same database: same tables,
// columns, JavaScript types, nullability, defaults, keys and indexes. The
// domain is typed by the SQLite schema and runs on either (docs/decisions/0014),
// so a column added to one file only must fail here, not in production.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getTableName, is, SQL, Table, type Column } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as pgSchema from '../../src/db/schema/postgres.js';
import * as sqliteSchema from '../../src/db/schema/sqlite.js';

/**
 * SQLite counts any INTEGER PRIMARY KEY as defaulted (it aliases the rowid). Those given by the app's design are
 * AUTOINCREMENT ones, and a table's own `id` left a plain rowid (notification_queue: docs/decisions/0063); a key
 * such as two_factor's user_id is not.
 */
const isBareRowid = (c: Column) =>
  c.columnType === 'SQLiteInteger' && c.primary && !(c as Column & { autoIncrement?: boolean }).autoIncrement && c.name !== 'id';

const columnShape = (c: Column) => ({
  name: c.name,
  // 'number', 'string', 'boolean'…: what the domain gets, whatever the SQL type (a text with a collation is a string).
  jsType: c.dataType === 'custom' && c.getSQLType().startsWith('text') ? 'string' : c.dataType,
  notNull: c.notNull,
  primary: c.primary,
  // An identity column (PostgreSQL) and AUTOINCREMENT (SQLite) are both given by the database.
  hasDefault: (c.hasDefault && !isBareRowid(c)) || (c as Column & { generatedIdentity?: unknown }).generatedIdentity !== undefined,
  default: c.default instanceof SQL ? 'sql' : c.default,
  unique: c.isUnique,
});

const indexShape = (columns: Array<{ name?: string } | SQL | unknown>) =>
  columns.map((c) => (c instanceof SQL ? `expr:${c.queryChunks.filter((q) => typeof q === 'object' && q !== null && 'name' in q).map((q) => (q as { name: string }).name)}` : (c as { name: string }).name));

function describe(config: ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>) {
  return {
    columns: config.columns.map(columnShape).sort((a, b) => a.name.localeCompare(b.name)),
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return { columns: ref.columns.map((c) => c.name), table: getTableName(ref.foreignTable), to: ref.foreignColumns.map((c) => c.name), onDelete: fk.onDelete };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
    indexes: config.indexes
      .map((i) => ({ name: i.config.name ?? '', unique: i.config.unique, on: indexShape(i.config.columns as unknown[]) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    checks: config.checks.map((c) => c.name).sort(),
  };
}

const tablesOf = (schema: Record<string, unknown>) =>
  new Map(Object.values(schema).filter((v): v is Table => is(v, Table)).map((t) => [getTableName(t), t]));

test('both engines have the same tables', () => {
  assert.deepEqual([...tablesOf(pgSchema).keys()].sort(), [...tablesOf(sqliteSchema).keys()].sort());
  assert.deepEqual(Object.keys(pgSchema).sort(), Object.keys(sqliteSchema).sort(), 'the same export names, so `db.t` is one shape');
});

for (const [name, sqliteTable] of tablesOf(sqliteSchema)) {
  test(`table ${name} is the same on both engines`, () => {
    const pgTable = tablesOf(pgSchema).get(name);
    assert.ok(pgTable && is(pgTable, PgTable) && is(sqliteTable, SQLiteTable), `${name} exists in both schemas`);
    assert.deepEqual(describe(pgConfig(pgTable)), describe(sqliteConfig(sqliteTable)));
  });
}

test('the drift check sees a difference', () => {
  const { users } = sqliteSchema;
  const shape = describe(sqliteConfig(users));
  const changed = { ...shape, columns: shape.columns.map((c) => (c.name === 'bio' ? { ...c, notNull: true } : c)) };
  assert.notDeepEqual(changed, shape);
});
