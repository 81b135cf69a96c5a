// Prepared statements are built once per connection (src/db/prepared.ts). On PostgreSQL every
// transaction is a new Db over one of the pool's connections; keyed by the Db, each transaction built
// every statement set it touched again. A statement built in one transaction must still run inside
// whichever transaction is open on its connection later, and what keeps values (`keptFor`: memos)
// must not outlive a transaction.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { keptFor, preparedFor } from '../../src/db/prepared.js';
import { scratchDatabase, testEngine, type ScratchDatabase } from '../support/test-database.js';

let scratch: ScratchDatabase;
let database: Database;
before(async () => {
  scratch = await scratchDatabase();
  // One connection, so both engines' transactions run on the same one, one after the other.
  database = await openDatabase({ databaseUrl: scratch.env.DATABASE_URL, databasePath: scratch.env.DATABASE_PATH!, databasePoolMax: 1 });
});
after(async () => {
  await database.close();
  await scratch.drop();
});

let builds = 0;
const counterStatements = preparedFor((db: Db) => {
  builds++;
  const { counters } = db.t;
  return {
    add: db
      .insert(counters)
      .values({ key: sql.placeholder('key'), count: 1, resetAt: 0 })
      .prepare(),
    count: db
      .select({ count: counters.count })
      .from(counters)
      .where(eq(counters.key, sql.placeholder('key')))
      .prepare(),
  };
});

test(`statements built in one transaction serve the next on the same connection, inside it (${testEngine})`, async () => {
  builds = 0;
  await database.transaction(async (tx) => void (await counterStatements(tx).add.execute({ key: 'first' })));
  assert.equal(builds, 1);

  // The second transaction gets the same statements, and they run in it: its rollback takes their write back.
  const rolledBack = new Error('rolled back on purpose');
  await assert.rejects(
    database.transaction(async (tx) => {
      const statements = counterStatements(tx);
      await statements.add.execute({ key: 'second' });
      assert.deepEqual(await statements.count.execute({ key: 'second' }), [{ count: 1 }], 'the transaction sees its own write');
      throw rolledBack;
    }),
    rolledBack,
  );
  assert.equal(builds, 1, 'not built again for the second transaction');

  const outside = counterStatements(database.db);
  assert.deepEqual(await outside.count.execute({ key: 'first' }), [{ count: 1 }], 'the committed write is there');
  assert.deepEqual(await outside.count.execute({ key: 'second' }), [], 'the rolled-back one is not');
});

test(`what keeps values is one per transaction on PostgreSQL, one per connection's Db on SQLite (${testEngine})`, async () => {
  const kept: unknown[] = [];
  const perDb = keptFor(() => {
    const value = {};
    kept.push(value);
    return value;
  });
  const first = await database.transaction(async (tx) => perDb(tx));
  const second = await database.transaction(async (tx) => perDb(tx));
  if (testEngine === 'postgres') assert.notEqual(first, second, 'a value read inside a transaction goes with it');
  else assert.equal(first, second, 'SQLite writes through one Db');
  assert.equal(perDb(database.db), perDb(database.db));
});
