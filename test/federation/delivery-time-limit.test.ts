// A remote server that takes a delivery's connection and never answers does
// not hold the queue: each fetch a queued message makes is given up after
// FEDERATION_DELIVERY_TIMEOUT_SECONDS (1 here, 30 by default), the delivery
// is retried later by Fedify's policy, and the next server's delivery goes
// through meanwhile. Without the limit Node's fetch would wait 300 s for the
// silent server's headers, and the living server would wait with it.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { execute } from '../support/app.js';
import { postArticle, signUp } from '../support/api.js';
import { freePort } from '../support/cluster.js';
import { eventually, federatingInstance, type FederatingInstance } from '../support/federation.js';
import { testEngine } from '../support/test-database.js';

let a: FederatingInstance;
let silent: Server;
let living: Server;
const held = new Set<Socket>();
let heldPosts = 0;
let delivered = 0;

async function listening(server: Server): Promise<string> {
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${port}`;
}

before(async () => {
  a = await federatingInstance({ FEDERATION_DELIVERY_TIMEOUT_SECONDS: '1' });
  // Reads the request, then says nothing at all.
  silent = createServer((req) => {
    heldPosts++;
    req.resume();
  });
  silent.on('connection', (socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
  });
  living = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      delivered++;
      res.writeHead(202).end();
    });
  });
});
after(async () => {
  // The silent server lets go first, so nothing waits on it while the instance stops.
  for (const socket of held) socket.destroy();
  silent?.close();
  await a?.close();
  await new Promise((resolve) => living?.close(resolve));
});

describe(`a remote server that never answers (${testEngine})`, () => {
  test('is given up on after the time limit, and the next server is delivered to meanwhile', async () => {
    const token = await signUp(a.app, 'ada');
    // The silent follower comes first: its delivery is queued, and run, before the living one's.
    for (const origin of [await listening(silent), await listening(living)]) {
      await execute(
        a.database,
        sql`INSERT INTO remote_followers (user_id, actor_id, inbox, shared_inbox, created_at)
            VALUES ((SELECT id FROM users WHERE username = 'ada'), ${`${origin}/users/reader`}, ${`${origin}/users/reader/inbox`}, NULL, 1)`,
      );
    }
    await postArticle(a.app, token, { title: 'Past a silent server' });
    await eventually('the silent server is sent the Create', async () => heldPosts >= 1, 10_000);
    await eventually('the living server receives the Create though the silent one never answered', async () => delivered === 1, 10_000);
  });
});
