import { ForbiddenError } from '../errors.js';
import type { Role } from './roles.js';

/**
 * Who may do what beyond writing their own things: each action names the
 * least role that may take it. Every domain function behind a moderation or
 * admin route asks `authorize` first, so both faces share one check per
 * action; test/permissions.test.ts walks every route with every kind of user.
 */
export const ACTIONS = {
  'read-queue': 'moderator',
  'dismiss-reports': 'moderator',
  'hide-content': 'moderator',
  'suspend-user': 'moderator',
  'read-log': 'moderator',
  'block-domain': 'moderator',
  'change-role': 'admin',
  'list-users': 'admin',
  'end-sign-ins': 'admin',
  'read-sign-ins': 'admin',
  'delete-account': 'admin',
} as const satisfies Record<string, Exclude<Role, 'member'>>;

export type Action = keyof typeof ACTIONS;

const RANK: Record<Role, number> = { member: 0, moderator: 1, admin: 2 };

/** Who is asking: enough of a user to decide. */
export interface Acting {
  id: number;
  username: string;
  role: Role;
}

/** Whether `user` may take `action`. Nobody signed in may take none. */
export function may(user: Acting | null | undefined, action: Action): boolean {
  return !!user && RANK[user.role] >= RANK[ACTIONS[action]];
}

/** Throws ForbiddenError unless `user` may take `action`: "moderation" for a moderator's action, "admin" for an admin's. */
export function authorize(user: Acting, action: Action): void {
  if (!may(user, action)) throw new ForbiddenError(ACTIONS[action] === 'admin' ? 'admin' : 'moderation');
}

/** Whether `user` may see hidden content and the moderation pages at all. */
export const isModerator = (user: Acting | null | undefined): boolean => may(user, 'read-queue');
