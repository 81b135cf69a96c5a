import { AsyncLocalStorage } from 'node:async_hooks';

// Fedify posts each delivery with the global fetch and no time limit of its
// own, and Node's fetch waits up to 300 s for a response's headers and as
// long again between chunks of its body. A remote that takes the connection
// and never answers would hold the queue for minutes per attempt, past the
// message's lease (src/federation/message-queue.ts), so another process
// would run it a second time. While the queue runs a message, every fetch it
// makes is bounded; outside a message, fetch is untouched (docs/decisions/0060).

const limitOfThisRun = new AsyncLocalStorage<number>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const unbounded = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const ms = limitOfThisRun.getStore();
    if (ms === undefined) return unbounded(input, init);
    const given = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const timeout = AbortSignal.timeout(ms);
    return unbounded(input, { ...init, signal: given ? AbortSignal.any([given, timeout]) : timeout });
  };
}

/** Runs `work` with each fetch it makes (however deep) given up after `ms`. */
export function withFetchTimeLimit<T>(ms: number, work: () => Promise<T>): Promise<T> {
  install();
  return limitOfThisRun.run(ms, work);
}
