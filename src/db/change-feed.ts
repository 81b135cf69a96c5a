import type BetterSqlite from 'better-sqlite3';
import type pg from 'pg';

export interface Change {
  scope: string;
  seq: number;
}

/**
 * What the database says has moved, for caches kept in this process. The
 * cache-version triggers stamp every changed scope with the next `seq`; this
 * reads those stamps. See docs/decisions/0010 and 0014.
 */
export interface ChangeFeed {
  /** The newest stamp there is. */
  latest(): Promise<number>;
  /** False only when nothing can have been committed since the last call. */
  mayHaveChanged(): boolean;
  /** Every scope stamped after `seq`, oldest first. */
  since(seq: number): Promise<Change[]>;
}

/** SQLite: `PRAGMA data_version` on the read connection moves when any other connection commits. */
export function sqliteChangeFeed(reader: BetterSqlite.Database): ChangeFeed {
  const dataVersion = reader.prepare('PRAGMA data_version').pluck();
  const latest = reader.prepare('SELECT coalesce(max(seq), 0) FROM cache_versions').pluck();
  const since = reader.prepare('SELECT scope, seq FROM cache_versions WHERE seq > ? ORDER BY seq');
  let seen = -1;
  return {
    latest: async () => latest.get() as number,
    mayHaveChanged() {
      const now = dataVersion.get() as number;
      if (now === seen) return false;
      seen = now;
      return true;
    },
    since: async (seq) => since.all(seq) as Change[],
  };
}

/**
 * PostgreSQL has no cheap "did anyone commit" signal, so every catch-up asks
 * for stamps after the last one seen: one indexed range, empty nearly always.
 * Stamps are drawn at commit under a transaction-level lock (migration 0002), so
 * they commit in order and a reader never skips one committed late.
 */
export function postgresChangeFeed(pool: pg.Pool): ChangeFeed {
  return {
    async latest() {
      const { rows } = await pool.query<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM cache_versions');
      return rows[0]!.seq;
    },
    mayHaveChanged: () => true,
    async since(seq) {
      const { rows } = await pool.query<Change>({
        name: 'cache_versions_since',
        text: 'SELECT scope, seq FROM cache_versions WHERE seq > $1 ORDER BY seq',
        values: [seq],
      });
      return rows;
    },
  };
}
