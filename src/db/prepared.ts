import type { Db } from './database.js';

/**
 * Builds something once per database and hands back the same one after:
 * prepared statements (hot queries then skip both SQL building and SQLite's
 * prepare on every request), and the in-memory caches kept beside them.
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let value = built.get(db);
    if (!value) built.set(db, (value = build(db)));
    return value;
  };
}
