import type { Config } from './config.js';
import type { Database_, Db } from './db/connection.js';
import { LoginThrottle } from './domain/login-throttle.js';
import { createPasswordHasher, type PasswordHasher } from './domain/passwords.js';

/** What both faces hand to the domain: built once per app from the config. */
export interface Services {
  db: Db;
  database: Database_;
  passwords: PasswordHasher;
  loginThrottle: LoginThrottle;
}

export function createServices(config: Config, database: Database_): Services {
  return {
    db: database.db,
    database,
    passwords: createPasswordHasher({ ...config.argon2, allowCommon: config.allowCommonPasswords }),
    loginThrottle: new LoginThrottle(database.db, config.loginFailuresPerAccount),
  };
}
