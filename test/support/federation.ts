// Conduit instances that federate: each a real server listening on loopback
// under its own PUBLIC_URL, with its job runner and federation queue
// running, as `npm start` runs them; another instance reaches it over HTTP.
import type { Federation } from '@fedify/fedify';
import { freePort } from './cluster.js';
import { createTestApp, type TestApp } from './app.js';
import { jobCatalog } from '../../src/jobs/catalog.js';
import { startJobRunner } from '../../src/jobs/runner.js';

export interface FederatingInstance extends TestApp {
  origin: string;
  host: string;
  federation: Federation<void>;
}

export async function federatingInstance(env: Record<string, string> = {}, options: { now?: () => number } = {}): Promise<FederatingInstance> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ PUBLIC_URL: origin, JOBS_POLL_MS: '100', ...env }, options);
  const { federation } = t.app;
  if (!federation) throw new Error('federation is off');
  await t.app.listen({ host: '127.0.0.1', port });
  const queue = new AbortController();
  const listening = federation.startQueue(undefined, { signal: queue.signal });
  // The app's own jobs: among them federate-publication, which hands a new article to the federation.
  const runner = startJobRunner({ db: t.database.db, kinds: jobCatalog(t.app.services, t.config), now: t.app.services.now, pollMs: 100 });
  return {
    ...t,
    origin,
    host: `127.0.0.1:${port}`,
    federation,
    async close() {
      queue.abort();
      await Promise.all([listening, runner.stop()]);
      await t.close();
    },
  };
}

/** Polls until `check` holds; fails after the deadline, saying what it waited for. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
