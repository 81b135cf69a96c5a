// A process that opens the SQLite file argv[2], commits argv[3] write
// transactions (enough to start the checkpoint thread), waits until the
// thread has folded some of them, and then, by argv[4]:
// - "leave": just ends its script, with the database still open;
// - "kill": kills itself with SIGKILL.
// For test/db/wal-checkpointer.test.ts. A file, not `node -e`: run that way
// the process ended even with the bug its first test looks for (the thread
// kept the process alive), so it did not behave as a server process does.
import { sql } from 'drizzle-orm';
import { exec } from '../../src/db/sql.js';
import { openSqlite, walPagesFolded } from '../../src/db/sqlite.js';

const [path, writes, then] = process.argv.slice(2);
const database = openSqlite(path!);
for (let i = 0; i < Number(writes); i++) {
  await database.transaction((tx) => exec(tx, sql`INSERT INTO counters (key, count, reset_at) VALUES (${`k${i}`}, 1, 0)`));
}
const until = Date.now() + 10_000;
while ((walPagesFolded(database) ?? 0) === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
console.log(`folded ${walPagesFolded(database) ?? 0}`);
if (then === 'kill') process.kill(process.pid, 'SIGKILL');
