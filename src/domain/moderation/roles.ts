/**
 * Roles, from least to most: a member writes and reports; a moderator also
 * works the moderation queue (hide, dismiss, suspend); an admin also grants
 * roles and runs the admin pages. One role per user, a column on users
 * (docs/decisions/0022).
 */
export const ROLES = ['member', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles that can be granted; revoking makes a user a member again. */
export const GRANTABLE = ['moderator', 'admin'] as const;
export type GrantableRole = (typeof GRANTABLE)[number];

export const isGrantable = (role: unknown): role is GrantableRole => GRANTABLE.includes(role as GrantableRole);
