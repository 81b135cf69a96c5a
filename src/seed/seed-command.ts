// `npm run db:seed [-- --force]`: seeds the configured database with the demo community.
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { seedDatabase } from './seed.js';

const force = process.argv.includes('--force');
const config = loadConfig();
const database = openDatabase(config.databasePath);
try {
  await seedDatabase(database, config, { force });
  console.log(`Seeded ${config.databasePath}.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  database.close();
}
