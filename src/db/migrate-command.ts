// `npm run db:migrate`: applies pending migrations (the server also does this at start-up).
import { loadConfig } from '../config.js';
import { openDatabase } from './open.js';

const database = await openDatabase(loadConfig());
await database.close();
console.log(`Migrated ${database.description}.`);
