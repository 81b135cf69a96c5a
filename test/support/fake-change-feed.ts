import type { Change, ChangeFeed } from '../../src/db/change-feed.js';

/** A read of the feed held by the test: it answers (or fails) only when the test says so. */
export interface HeldRead {
  /** Settles once the read has been asked for. */
  reached: Promise<void>;
  /** Answers with what the database held when the read was asked for. */
  release(): void;
  /** Fails the read instead. */
  fail(error?: Error): void;
}

type Read = 'latest' | 'since';

interface Plan {
  fail?: Error;
  held?: { asked: () => void; outcome: Promise<Error | undefined> };
}

/**
 * A database that the test writes to: `write` stamps scopes with the next seq.
 * Like SQLite's data_version, `mayHaveChanged` answers true once per burst of
 * commits: whoever asks uses the signal up. `failNext` and `hold` act on the
 * next call of `latest` or `since` only.
 */
export function fakeFeed(start = 0) {
  const rows = new Map<string, number>();
  let seq = start;
  let committed = false;
  const queries = { latest: 0, since: 0 };
  const plans: Record<Read, Plan[]> = { latest: [], since: [] };

  /** Reads the database when asked (a snapshot), then answers as the next plan for `read` says. */
  const answer = async <T>(read: Read, snapshot: () => T): Promise<T> => {
    queries[read]++;
    const value = snapshot();
    const plan = plans[read].shift();
    if (plan?.held) {
      plan.held.asked();
      const error = await plan.held.outcome;
      if (error) throw error;
    }
    if (plan?.fail) throw plan.fail;
    return value;
  };

  const feed: ChangeFeed = {
    latest: () => answer('latest', () => seq),
    mayHaveChanged: () => {
      const was = committed;
      committed = false;
      return was;
    },
    since: (after) =>
      answer('since', () => [...rows].filter(([, s]) => s > after).map(([scope, s]): Change => ({ scope, seq: s }))),
  };
  const write = (...scopes: string[]) => {
    seq++;
    for (const scope of scopes) rows.set(scope, seq);
    committed = true;
  };
  /** The next `read` rejects with `error`. */
  const failNext = (read: Read, error = new Error(`${read} failed`)) => {
    plans[read].push({ fail: error });
  };
  /** The next `read` takes its snapshot when called, then waits for the test to release or fail it. */
  const hold = (read: Read): HeldRead => {
    let asked!: () => void;
    let settle!: (error: Error | undefined) => void;
    const reached = new Promise<void>((resolve) => (asked = resolve));
    const outcome = new Promise<Error | undefined>((resolve) => (settle = resolve));
    plans[read].push({ held: { asked, outcome } });
    return {
      reached,
      release: () => settle(undefined),
      fail: (error = new Error(`${read} failed`)) => settle(error),
    };
  };
  return { feed, write, queries, failNext, hold };
}
