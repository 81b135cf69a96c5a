import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/connection.js';
import { isEmpty, seedDatabase } from './db/seed.js';

/** Outside production, a generated secret kept beside the database lets sessions survive restarts. */
function devSessionSecret(config: Config): string[] {
  if (config.sessionSecrets.length > 0) return config.sessionSecrets;
  const file = join(dirname(config.databasePath), '.session-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return [readFileSync(file, 'utf8').trim()];
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const database = openDatabase(config.databasePath);
  config = { ...config, sessionSecrets: devSessionSecret(config) };
  // `npm run dev` starts with a lively site; never over real data.
  if (config.env === 'development' && isEmpty(database.db)) await seedDatabase(database, config);

  const app = await buildApp(config, database);
  app.addHook('onClose', async () => database.close());

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close(); // stops accepting, lets in-flight requests finish, then closes the database
  });

  await app.listen({ host: config.host, port: config.port });
}

await main();
