// `npm run db:migrate`: applies pending migrations (the server also does this at start-up).
import { loadConfig } from '../config.js';
import { openDatabase } from './connection.js';

const config = loadConfig();
openDatabase(config.databasePath).close();
console.log(`Migrated ${config.databasePath}.`);
