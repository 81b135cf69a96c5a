import { InvalidCredentialsError, InvalidError } from '../errors.js';
import { hasTwoFactor, verifySecondFactor } from './two-factor-verification.js';
import { confirmPassword, type SignInDeps } from './password-sign-in.js';
import type { User } from './users.js';

/** How long after signing in sensitive changes need no password again (like GitHub's "sudo mode"). */
export const RECENT_SIGN_IN_MS = 10 * 60 * 1000;

/** What a face knows about the credential making a sensitive change. */
export interface Reauthentication {
  /** When this session or token was signed in; null when unknown (treated as long ago). */
  signedInAt: number | null;
  /** The current password, if the user gave one. */
  currentPassword?: string | undefined;
  /** A code from the authenticator app (or a recovery code), for users with two-factor authentication. */
  code?: string | undefined;
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
 * Lets a sensitive change through when the credential signed in recently,
 * or else when the user proves it again as they would sign in: the current
 * password, and a code when two-factor authentication is on. A password that
 * is given is always checked, even inside the window. Failures are
 * InvalidErrors on `currentPassword` or `otp`; too many wrong ones pause
 * like sign-ins do.
 */
export async function reauthenticate(deps: SignInDeps, user: User, proof: Reauthentication, change: SensitiveChange): Promise<void> {
  const password = proof.currentPassword ?? '';
  const recent = !needsPassword(proof.signedInAt, deps.now());
  if (password === '') {
    if (recent) return;
    throw new InvalidError({ currentPassword: [`is required ${change}`] });
  }
  try {
    await confirmPassword(deps, user, password, proof.address);
  } catch (error) {
    if (error instanceof InvalidCredentialsError) throw new InvalidError({ currentPassword: ['is invalid'] });
    throw error;
  }
  if (recent || !(await hasTwoFactor(deps.db, user.id))) return;
  const code = proof.code?.trim() ?? '';
  if (code === '') throw new InvalidError({ otp: [`is required ${change}`] });
  if (!(await verifySecondFactor(deps, user, code, proof.address))) throw new InvalidError({ otp: ['is invalid'] });
}
