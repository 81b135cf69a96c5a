import type { Database_ } from './connection.js';

export interface Change {
  scope: string;
  seq: number;
}

/**
 * What the database says has moved, for caches kept in this process. The
 * triggers of migration 0003 stamp every changed scope with the next `seq`;
 * this reads those stamps. See docs/decisions/0010.
 */
export interface ChangeFeed {
  /** The newest stamp there is. */
  latest(): number;
  /**
   * False only when nothing can have been committed since the last call: no
   * other connection committed (SQLite's data_version) and this one changed
   * no row (total_changes). One tiny statement, so it runs on every request.
   */
  mayHaveChanged(): boolean;
  /** Every scope stamped after `seq`, oldest first. */
  since(seq: number): Change[];
}

export function sqliteChangeFeed(sqlite: Database_['sqlite']): ChangeFeed {
  // Two statements: together they cost about half of one over pragma_data_version().
  const otherCommits = sqlite.prepare('PRAGMA data_version').pluck();
  const ownChanges = sqlite.prepare('SELECT total_changes()').pluck();
  const latest = sqlite.prepare('SELECT coalesce(max(seq), 0) FROM cache_versions').pluck();
  const since = sqlite.prepare('SELECT scope, seq FROM cache_versions WHERE seq > ? ORDER BY seq');
  let seen = { other: -1, own: -1 };
  return {
    latest: () => latest.get() as number,
    mayHaveChanged() {
      const other = otherCommits.get() as number;
      const own = ownChanges.get() as number;
      if (other === seen.other && own === seen.own) return false;
      seen = { other, own };
      return true;
    },
    since: (seq) => since.all(seq) as Change[],
  };
}
