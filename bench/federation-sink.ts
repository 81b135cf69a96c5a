// The remote servers of bench/federation-fanout.ts: one process on loopback taking every POST to
// /s<n>/inbox with 202, as 200 servers' shared inboxes would. GET /count answers what it has taken:
// the number of POSTs, of distinct inboxes, and when the first and last arrived (epoch ms).
// Signatures are not verified here: the deliveries' signatures are checked by test/federation/.
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
let posts = 0;
let firstAt: number | null = null;
let lastAt: number | null = null;
const inboxes = new Set<string>();
createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ posts, inboxes: inboxes.size, firstAt, lastAt }));
    return;
  }
  if (req.method === 'POST' && req.url === '/reset') {
    posts = 0;
    firstAt = lastAt = null;
    inboxes.clear();
    res.writeHead(204).end();
    return;
  }
  req.resume();
  req.on('end', () => {
    if (req.method === 'POST' && /^\/s\d+\/inbox$/.test(req.url ?? '')) {
      posts++;
      inboxes.add(req.url!);
      lastAt = Date.now();
      firstAt ??= lastAt;
      res.writeHead(202).end();
    } else res.writeHead(404).end();
  });
}).listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
