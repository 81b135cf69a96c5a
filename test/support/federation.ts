// Conduit instances that federate: each a real server listening on loopback
// under its own PUBLIC_URL, with its federation queue running, as
// `npm start` runs it; another instance reaches it over HTTP.
import type { Federation } from '@fedify/fedify';
import { freePort } from './cluster.js';
import { createTestApp, type TestApp } from './app.js';

export interface FederatingInstance extends TestApp {
  origin: string;
  host: string;
  federation: Federation<void>;
}

export async function federatingInstance(env: Record<string, string> = {}): Promise<FederatingInstance> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ PUBLIC_URL: origin, JOBS_POLL_MS: '100', ...env });
  const { federation } = t.app;
  if (!federation) throw new Error('federation is off');
  await t.app.listen({ host: '127.0.0.1', port });
  const queue = new AbortController();
  const listening = federation.startQueue(undefined, { signal: queue.signal });
  return {
    ...t,
    origin,
    host: `127.0.0.1:${port}`,
    federation,
    async close() {
      queue.abort();
      await listening;
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
