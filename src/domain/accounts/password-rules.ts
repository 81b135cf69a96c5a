/** The site's own name: the first word anyone guessing a password here would try. */
export const SITE_NAME = 'Conduit';

/** Who the password is for, to refuse the guesses that knowing them makes easy (ASVS V6.2.11). */
export interface PasswordContext {
  username: string;
  email: string;
}

// Shorter parts ("al", "jo") would refuse too many good passwords while adding little.
const MIN_PART = 3;

/** A message naming what the password contains that it must not, else null. Case does not matter. */
export function contextPasswordMessage(password: string, context: PasswordContext): string | null {
  const lower = password.toLowerCase();
  const has = (part: string) => part.length >= MIN_PART && lower.includes(part.toLowerCase());
  if (has(context.username)) return 'must not contain your username';
  if (has(context.email.split('@', 1)[0] ?? '')) return 'must not contain the part of your email before the @';
  if (has(SITE_NAME)) return `must not contain the site's name (${SITE_NAME})`;
  return null;
}
