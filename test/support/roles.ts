import { changeRole } from '../../src/domain/moderation/role-changes.js';
import type { Role } from '../../src/domain/moderation/roles.js';
import type { TestApp } from './app.js';

/** Gives `username` a role the way `npm run admin` does (the same domain function, as the command line). */
export async function giveRole(t: TestApp, username: string, role: Role, now: () => number = Date.now): Promise<void> {
  await changeRole({ db: t.database.db, now }, 'command-line', { username }, role);
}
