// `node --import tsx bench/search-floor.ts [--url=postgres://…/db] [--only=static,home-in,…] [--duration=10 --runs=3 --warmup=3]`:
// the HTTP floor under the search scenario, on one worker, with the search scenario's own load
// settings (bench/run.ts: 50 connections, 3 s warm-up, 3 runs of 10 s, median run): the cheapest
// pages a search page is made of, which run no search, beside the search scenario itself. Public
// caching is off (PUBLIC_CACHE_MB=0), so signed-out pages are built on every request, as the
// target's "uncached" asks. Needs `npm run build` first. On PostgreSQL, `--url` names a database
// filled from the large data set (copySite, then VACUUM ANALYZE); it is read, never changed but
// for the bench reader's sessions. Prints one line per case, with the load average around it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { copyDatabase, ensureDataset, LARGE } from './datasets.js';
import { load } from './driver.js';
import type { MixedRequest } from './mixed.js';
import { searchScenario } from './scenarios.js';
import { signIn, startServer } from './server.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    only: { type: 'string' },
    duration: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
  },
});
const { path, manifest } = await ensureDataset(LARGE, (line) => console.error(line));
const work = mkdtempSync(join(tmpdir(), 'conduit-search-floor-'));
const databasePath = join(work, 'bench.db');
if (!values.url) copyDatabase(path, databasePath);
const server = await startServer(
  { engine: values.url ? 'postgres' : 'sqlite', databasePath, databaseUrl: values.url, drop: async () => {} },
  join(work, 'server.log'),
  1,
  { PUBLIC_CACHE_MB: '0' },
);
const { cookie } = await signIn(server.url, manifest);
const session = { cookie };

const cases: Array<{ id: string; label: string; requests: MixedRequest[] }> = [
  { id: 'static', label: 'a static file (/default-avatar.svg)', requests: [{ kind: 'static', method: 'GET', path: '/default-avatar.svg', headers: {} }] },
  { id: 'home-out', label: 'home, signed out, not kept', requests: [{ kind: 'home', method: 'GET', path: '/', headers: {} }] },
  { id: 'home-in', label: 'home, signed in', requests: [{ kind: 'home', method: 'GET', path: '/', headers: session }] },
  { id: 'search-empty-out', label: '/search, empty q, signed out, not kept', requests: [{ kind: 'search', method: 'GET', path: '/search', headers: {} }] },
  { id: 'search-empty-in', label: '/search, empty q, signed in', requests: [{ kind: 'search', method: 'GET', path: '/search', headers: session }] },
  {
    id: 'search',
    label: 'the search scenario (5 000 queries), signed in',
    requests: searchScenario(manifest).paths!.map((p) => ({ kind: 'search', method: 'GET', path: p, headers: session })),
  },
];
const only = values.only?.split(',');
const load1 = () => loadavg()[0]!.toFixed(2);
try {
  for (const c of cases.filter((c) => !only || only.includes(c.id))) {
    const requestsFile = join(work, `${c.id}.json`);
    writeFileSync(requestsFile, JSON.stringify(c.requests));
    const before = load1();
    const runs = await load({
      url: server.url,
      connections: 50,
      method: 'GET',
      headers: {},
      warmupSeconds: Number(values.warmup),
      durationSeconds: Number(values.duration),
      runs: Number(values.runs),
      requestsFile,
    });
    const median = [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;
    const all = runs.map((r) => Math.round(r.rps)).join(' · ');
    console.log(
      `${c.label}: ${Math.round(median.rps)} req/s (runs ${all}), p50 ${median.p50} ms, p99 ${median.p99} ms, failures ${runs.reduce((s, r) => s + r.failures, 0)}, load generator ${median.cpuPercent.toFixed(0)} % of a core, load average ${before} → ${load1()}`,
    );
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
