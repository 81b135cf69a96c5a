import { InvalidCredentialsError, InvalidError } from './errors.js';
import { confirmPassword, type SignInDeps } from './sign-in.js';
import type { User } from './users.js';

/** How long after signing in sensitive changes need no password again (like GitHub's "sudo mode"). */
export const RECENT_SIGN_IN_MS = 10 * 60 * 1000;

/** What a face knows about the credential making a sensitive change. */
export interface Reauthentication {
  /** When this session or token was signed in; null when unknown (treated as long ago). */
  signedInAt: number | null;
  /** The current password, if the user gave one. */
  currentPassword?: string | undefined;
  address: string;
}

/** What the change is, for the message: "is required to change email or password". */
export type SensitiveChange =
  | 'to change email or password'
  | 'to delete your account'
  | 'to end other sessions'
  | 'to turn on two-factor authentication'
  | 'to make new recovery codes';

/** Whether a credential signed in at `signedInAt` must give its password again now. */
export function needsPassword(signedInAt: number | null, now: number): boolean {
  return signedInAt === null || now - signedInAt >= RECENT_SIGN_IN_MS;
}

/**
 * Lets a sensitive change through when the credential signed in recently or
 * the current password is right. A password that is given is always
 * checked, even inside the window. Failures are InvalidErrors on
 * `currentPassword`; too many wrong ones pause like sign-ins do.
 */
export async function reauthenticate(deps: SignInDeps, user: User, proof: Reauthentication, change: SensitiveChange): Promise<void> {
  const password = proof.currentPassword ?? '';
  if (password === '') {
    if (needsPassword(proof.signedInAt, deps.now())) throw new InvalidError({ currentPassword: [`is required ${change}`] });
    return;
  }
  try {
    await confirmPassword(deps, user, password, proof.address);
  } catch (error) {
    if (error instanceof InvalidCredentialsError) throw new InvalidError({ currentPassword: ['is invalid'] });
    throw error;
  }
}
