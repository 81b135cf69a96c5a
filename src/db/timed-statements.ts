import type BetterSqlite from 'better-sqlite3';
import pg from 'pg';

/** Told how long each statement took, in seconds (the metrics' conduit_db_query_duration_seconds). */
export type QueryObserver = (seconds: number) => void;

/** The Statement methods that run it; the rest (columns, bind, mode switches) only set it up. */
const RUNS = new Set<PropertyKey>(['run', 'get', 'all', 'iterate']);
/** Mode switches that answer the statement itself, so a chain (`raw().all()`) stays timed. */
const CHAINS = new Set<PropertyKey>(['raw', 'pluck', 'expand', 'safeIntegers']);

/**
 * Times every statement prepared on this SQLite connection from now on.
 * better-sqlite3 runs each synchronously, so the time is the statement's own.
 * Installed only when metrics are on: otherwise statements are untouched and cost nothing more.
 */
export function timeSqliteStatements(connection: BetterSqlite.Database, observe: QueryObserver): void {
  const prepare = connection.prepare.bind(connection);
  connection.prepare = ((source: string) => timedStatement(prepare(source), observe)) as typeof connection.prepare;
}

function timedStatement<S extends object>(statement: S, observe: QueryObserver): S {
  const timed: S = new Proxy(statement, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (RUNS.has(property)) {
        return (...args: unknown[]) => {
          const started = performance.now();
          try {
            return Reflect.apply(value, target, args) as unknown;
          } finally {
            observe((performance.now() - started) / 1000);
          }
        };
      }
      if (CHAINS.has(property)) {
        return (...args: unknown[]) => {
          Reflect.apply(value, target, args);
          return timed;
        };
      }
      return value.bind(target) as unknown;
    },
  });
  return timed;
}

/**
 * A node-postgres client that times each query from sending it to its answer
 * (the pool hands out these when metrics are on). Streams and cursors
 * (submittables) pass untimed: their answer arrives in parts.
 */
export function timedPostgresClient(observe: QueryObserver): typeof pg.Client {
  return class TimedClient extends pg.Client {
    // pg's query() has a dozen overloads (text, config, submittable; callback or promise): this
    // forwards whatever it is given, so its arguments and result are typed as loosely as pg's own.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(...args: any[]): any {
      const first: unknown = args[0];
      if (typeof first === 'object' && first !== null && typeof (first as { submit?: unknown }).submit === 'function') {
        return Reflect.apply(super.query, this, args) as unknown;
      }
      const started = performance.now();
      const done = () => observe((performance.now() - started) / 1000);
      const last: unknown = args[args.length - 1];
      if (typeof last === 'function') {
        const callback = last as (...results: unknown[]) => void;
        args[args.length - 1] = (...results: unknown[]) => {
          done();
          callback(...results);
        };
        return Reflect.apply(super.query, this, args) as unknown;
      }
      const answer: unknown = Reflect.apply(super.query, this, args);
      // A config object may carry its own callback, and then nothing is returned: left untimed.
      return answer instanceof Promise ? answer.finally(done) : answer;
    }
  };
}
