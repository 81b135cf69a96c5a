// A remote server that keeps failing is dropped: its followers go, and every
// delivery to it with them; one that answers keeps its followers. A's clock
// runs, and is moved past the window (FEDERATION_DROP_FAILING_DAYS, 7)
// instead of waiting (it must run: retries are due by it); failing servers are tried again every second here
// (FEDERATION_RETRY_FAILING_SECONDS=1). The dead server is a loopback port
// nothing listens on; the living one a small server that takes every POST.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { execute, query } from '../support/app.js';
import { postArticle, signUp } from '../support/api.js';
import { freePort } from '../support/cluster.js';
import { eventually, federatingInstance, type FederatingInstance } from '../support/federation.js';
import { testEngine } from '../support/test-database.js';

const DAY = 24 * 60 * 60_000;
/** Real time, moved on by `ahead`. */
let ahead = 0;
const now = () => Date.now() + ahead;
let a: FederatingInstance;
let sink: Server;
let received = 0;
let living: string;
let dead: string;

before(async () => {
  a = await federatingInstance({ FEDERATION_RETRY_FAILING_SECONDS: '1' }, { now });
  sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(202).end();
    });
  });
  const sinkPort = await freePort();
  await new Promise<void>((resolve) => sink.listen(sinkPort, '127.0.0.1', resolve));
  living = `127.0.0.1:${sinkPort}`;
  dead = `127.0.0.1:${await freePort()}`;
});
after(async () => {
  await a?.close();
  await new Promise((resolve) => sink?.close(resolve));
});

const followers = () => query<{ actor_id: string }>(a.database, sql`SELECT actor_id FROM remote_followers ORDER BY actor_id`);
const failing = () => query<{ host: string; first_failed_at: number }>(a.database, sql`SELECT host, first_failed_at FROM failing_remotes`);

describe(`a remote server that keeps failing (${testEngine})`, () => {
  test('is noted when its deliveries fail, and its followers are dropped once it has failed for 7 days; a living one keeps its own', async () => {
    const token = await signUp(a.app, 'ada');
    for (const host of [living, dead]) {
      await execute(
        a.database,
        sql`INSERT INTO remote_followers (user_id, actor_id, inbox, shared_inbox, created_at)
            VALUES ((SELECT id FROM users WHERE username = 'ada'), ${`http://${host}/users/reader`}, ${`http://${host}/users/reader/inbox`}, ${`http://${host}/inbox`}, ${now()})`,
      );
    }
    await postArticle(a.app, token, { title: 'To both servers' });
    await eventually('the living server receives the Create', async () => received === 1, 20_000);
    await eventually('the dead server is noted as failing', async () => (await failing()).some((row) => row.host === dead), 30_000);
    assert.deepEqual((await failing()).map((row) => row.host), [dead], 'the living server is not failing');
    assert.equal((await followers()).length, 2, 'a day of failures drops nobody');

    ahead += 8 * DAY;
    await eventually('the dead server loses its follower', async () => (await followers()).length === 1, 30_000);
    assert.deepEqual(await followers(), [{ actor_id: `http://${living}/users/reader` }]);
    assert.deepEqual(await failing(), []);

    // Nothing more goes to it: the next article is delivered to the living server alone.
    await postArticle(a.app, token, { title: 'To the living one' });
    await eventually('the living server receives the second Create', async () => received === 2, 20_000);
  });
});
