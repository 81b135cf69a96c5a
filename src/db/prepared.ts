import type { Db } from './connection.js';

/**
 * Builds statements once per database and hands back the same ones after:
 * hot queries then skip both SQL building and SQLite's prepare on every request.
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statements = cache.get(db);
    if (!statements) cache.set(db, (statements = build(db)));
    return statements;
  };
}
