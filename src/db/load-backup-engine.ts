import type { EngineBackups } from './backup-engine.js';
import type { Engine } from './database.js';

/** One engine's backups, loaded only when used, as each engine's driver is (./open.ts). */
export async function engineBackups(engine: Engine): Promise<EngineBackups> {
  if (engine === 'postgres') return (await import('./backup-postgres.js')).postgresBackups;
  return (await import('./backup-sqlite.js')).sqliteBackups;
}
