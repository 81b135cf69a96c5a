import type { Db } from '../db/database.js';

/**
 * The time, as epoch milliseconds. The app passes Date.now (src/services.ts);
 * tests pass a clock they move by hand (TestClock in test/support/app.ts), so
 * nothing waits for time to pass. No domain function reads the time any other
 * way (`npm run check` refuses Date.now() in src/domain).
 */
export type Clock = () => number;

/** What a write that stamps a time needs: the database and the clock. Services has both. */
export interface Writer {
  db: Db;
  now: Clock;
}
