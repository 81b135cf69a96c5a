import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from './config.js';

/**
 * Outside production, a generated secret kept beside the database lets sessions survive restarts.
 * `npm start`'s primary calls this before forking, so its workers all read one secret.
 */
export function devSessionSecret(config: Config): string[] {
  if (config.sessionSecrets.length > 0) return config.sessionSecrets;
  const file = join(dirname(config.databasePath), '.session-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return [readFileSync(file, 'utf8').trim()];
}
