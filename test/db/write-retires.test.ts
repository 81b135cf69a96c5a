// A write retires what it changed by itself: `write` catches this process up
// with the database's stamps once the outermost transaction commits, so no
// call site has to, and the caller's next read never sees a kept value from
// before its own write.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../../src/config.js';
import { scope } from '../../src/cache/scopes.js';
import { versionBoard } from '../../src/cache/version-board.js';
import type { Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { write } from '../../src/db/write-transaction.js';
import { scratchDatabase, type ScratchDatabase } from '../support/test-database.js';

let scratch: ScratchDatabase;
let database: Database;
let userId: number;

before(async () => {
  scratch = await scratchDatabase();
  database = await openDatabase(loadConfig({ NODE_ENV: 'test', ...scratch.env }));
  const { users } = database.db.t;
  [{ id: userId } = { id: 0 }] = await database.transaction((tx) =>
    tx.insert(users).values({ username: 'ada', email: 'ada@example.com', passwordHash: 'x', createdAt: 1, updatedAt: 1 }).returning({ id: users.id }),
  );
  await versionBoard(database.db).catchUp();
});
after(async () => {
  await database.close();
  await scratch.drop();
});

const rename = (bio: string) => (tx: Database['db']) => tx.update(tx.t.users).set({ bio }).where(eq(tx.t.users.id, userId));

test('when a write resolves, this process already counts what it changed as moved', async () => {
  const board = versionBoard(database.db);
  const builtAt = board.seen;
  assert.ok(board.isCurrent([scope.user(userId)], builtAt));
  await write(database.db, rename('first'));
  assert.equal(board.isCurrent([scope.user(userId)], builtAt), false, 'the user scope moved before write() resolved');
  assert.equal(board.seen, await database.changes.latest(), 'caught up to the newest stamp');
});

test('a write inside another joins it, and the outer one catches up after its commit', async () => {
  const board = versionBoard(database.db);
  const builtAt = board.seen;
  await write(database.db, async (tx) => {
    await write(tx, rename('inner'));
    assert.equal(board.seen, builtAt, 'nothing is caught up before the commit');
  });
  assert.equal(board.isCurrent([scope.user(userId)], builtAt), false);
});

test('a write that fails changes nothing and leaves the board as it was', async () => {
  const board = versionBoard(database.db);
  const builtAt = board.seen;
  await assert.rejects(
    write(database.db, async (tx) => {
      await rename('never')(tx);
      throw new Error('changed my mind');
    }),
    /changed my mind/,
  );
  assert.ok(board.isCurrent([scope.user(userId)], builtAt));
});
