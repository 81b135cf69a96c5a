import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import { InvalidCredentialsError } from '../errors.js';
import type { LoginThrottle } from './login-throttle.js';
import type { PasswordHasher } from './password-hashing.js';
import { hasTwoFactor } from './two-factor-verification.js';
import { userColumns, type User } from './users.js';
import { parseInput } from '../validation.js';

const credentialsSchema = z.object({
  email: z.string({ error: "can't be blank" }).trim().min(1, "can't be blank"),
  password: z.string({ error: "can't be blank" }).min(1, "can't be blank"),
});

export interface SignInDeps {
  db: Db;
  passwords: PasswordHasher;
  loginThrottle: LoginThrottle;
  now: () => number;
}

/**
 * The one way both faces sign someone in: blank fields are a validation error
 * (not counted), then the throttle for this account and address, then the
 * password. Unknown emails cost the same argon2 work as wrong passwords and
 * give the same error, so neither timing nor message tells whether an
 * account exists.
 */
export async function signIn(deps: SignInDeps, input: unknown, address: string): Promise<User> {
  const { email, password } = parseInput(credentialsSchema, input);
  await deps.loginThrottle.attempt(email, address, deps.now());
  const { users } = deps.db.t;
  const [row] = await deps.db
    .select({ ...userColumns(deps.db.t), passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  if (!row) {
    await deps.passwords.verifyDummy(password);
    throw new InvalidCredentialsError();
  }
  const { passwordHash, ...user } = row;
  // With a second factor, the sign-in is whole only after the code: until then failures keep counting,
  // or a right password would wipe out the count of wrong codes before each new guess.
  await checkPassword(deps, user, passwordHash, password, address, !(await hasTwoFactor(deps.db, user.id)));
  return user;
}

/**
 * Re-checks a signed-in user's password before a sensitive change. Failures
 * count toward the same throttles as sign-ins, so a stolen session cannot be
 * used to guess the password either.
 */
export async function confirmPassword(deps: SignInDeps, user: User, password: string, address: string): Promise<void> {
  await deps.loginThrottle.attempt(user.email, address, deps.now());
  const { users } = deps.db.t;
  const [row] = await deps.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)).limit(1);
  if (!row) throw new InvalidCredentialsError();
  await checkPassword(deps, user, row.passwordHash, password, address, !(await hasTwoFactor(deps.db, user.id)));
}

async function checkPassword(
  deps: SignInDeps,
  user: User,
  stored: string,
  password: string,
  address: string,
  clearFailures: boolean,
): Promise<void> {
  const result = await deps.passwords.verify(stored, password);
  // A wrong password stays counted (the attempt was counted before the check).
  if (!result.ok) throw new InvalidCredentialsError();
  if (clearFailures) await deps.loginThrottle.succeed(user.email, address, deps.now());
  else await deps.loginThrottle.release(user.email, address, deps.now());
  const rehash = result.rehash;
  if (rehash) {
    await write(deps.db, async (tx) => {
      const { users } = tx.t;
      // Only over the hash it verified: a password changed meanwhile must not be put back.
      await tx
        .update(users)
        .set({ passwordHash: rehash })
        .where(and(eq(users.id, user.id), eq(users.passwordHash, stored)));
    });
  }
}
