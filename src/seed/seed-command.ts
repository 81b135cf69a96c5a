// `npm run db:seed [-- --force]`: seeds the configured database with the demo community.
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/open.js';
import { seedDatabase } from './seed.js';

const force = process.argv.includes('--force');
const config = loadConfig();
const database = await openDatabase(config);
try {
  await seedDatabase(database, config, { force });
  console.log(`Seeded ${database.description}.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
