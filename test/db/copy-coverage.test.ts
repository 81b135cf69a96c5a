// db:copy moves a whole site: every table either engine has is copied, or is
// listed in SKIPPED_TABLES with the reason (src/db/copy.ts). A new table that
// is neither fails here, on the engine under test.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { getTableName, sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config.js';
import { COPIED_TABLES, SKIPPED_TABLES } from '../../src/db/copy.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { rows } from '../../src/db/sql.js';
import { scratchDatabase, testEngine, type ScratchDatabase } from '../support/test-database.js';

let scratch: ScratchDatabase;
let database: Database;

before(async () => {
  scratch = await scratchDatabase();
  database = await openDatabase(loadConfig({ NODE_ENV: 'test', ...scratch.env }));
});
after(async () => {
  await database.close();
  await scratch.drop();
});

/** The tables the migrated database has, by SQL name: the catalog's word, not the schema's. */
async function tablesInDatabase(): Promise<string[]> {
  const found =
    database.engine === 'sqlite'
      ? await rows<{ name: string }>(database.db, sql`SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await rows<{ name: string }>(
          database.db,
          sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema IN (current_schema(), 'drizzle')`,
        );
  return found.map((t) => t.name).sort();
}

/** The SQL names of the copied tables. */
const copiedNames = () => new Set<string>(COPIED_TABLES.map((name) => getTableName(database.db.t[name])));

test(`every table of the database is copied or skipped with a reason (${testEngine})`, async () => {
  const copied = copiedNames();
  const neither = (await tablesInDatabase()).filter((name) => !copied.has(name) && !(name in SKIPPED_TABLES));
  assert.deepEqual(neither, [], 'add each to COPIED_TABLES (parents first) or SKIPPED_TABLES (with why) in src/db/copy.ts');
});

test('every table of the schema is copied or skipped, and none is both', () => {
  const copied = copiedNames();
  for (const table of Object.values(database.db.t)) {
    const name = getTableName(table);
    assert.ok(copied.has(name) !== name in SKIPPED_TABLES, `${name}: copied ${copied.has(name)}, skipped ${name in SKIPPED_TABLES}`);
  }
  for (const [name, why] of Object.entries(SKIPPED_TABLES)) assert.ok(why.length > 20, `${name} needs a reason`);
});
