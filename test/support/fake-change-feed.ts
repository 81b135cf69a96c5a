import type { Change, ChangeFeed } from '../../src/db/change-feed.js';

/** A database that the test writes to: `write` stamps scopes with the next seq. */
export function fakeFeed(start = 0) {
  const rows = new Map<string, number>();
  let seq = start;
  let committed = false;
  const queries = { since: 0 };
  const feed: ChangeFeed = {
    latest: async () => seq,
    mayHaveChanged: () => {
      const was = committed;
      committed = false;
      return was;
    },
    since: async (after) => {
      queries.since++;
      return [...rows].filter(([, s]) => s > after).map(([scope, s]): Change => ({ scope, seq: s }));
    },
  };
  const write = (...scopes: string[]) => {
    seq++;
    for (const scope of scopes) rows.set(scope, seq);
    committed = true;
  };
  return { feed, write, queries };
}
