import type { Config } from '../config.js';
import type { Database_, Db } from './connection.js';
import { users } from './schema.js';

export function isEmpty(db: Db): boolean {
  return db.select({ id: users.id }).from(users).limit(1).get() === undefined;
}

export async function seedDatabase(_database: Database_, _config: Config): Promise<void> {}
