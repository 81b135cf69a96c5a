import argon2 from 'argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { Limiter } from '../../lib/limiter.js';

export interface PasswordOptions {
  /** argon2id memory in KiB and passes. */
  memoryCost: number;
  timeCost: number;
  /** Test suites sign up with "password123"; operators may allow that. */
  allowCommon: boolean;
  /** How many hashes may run at once (each takes a whole core for tens of milliseconds). */
  concurrency: number;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Checks a password; `rehash` is set when the stored hash used other parameters. */
  verify(hash: string, password: string): Promise<{ ok: boolean; rehash?: string }>;
  /** Spends the same time as a real verify, for unknown accounts (no timing oracle). */
  verifyDummy(password: string): Promise<void>;
  /** A message when the password is too common, else null. */
  commonPasswordMessage(password: string): string | null;
}

// The ~50 000 most common passwords of real breaches, as zxcvbn's authors collected them.
let commonPasswords: Set<string> | undefined;
function isCommon(password: string): boolean {
  commonPasswords ??= new Set(dictionary.passwords);
  return commonPasswords.has(password.toLowerCase());
}

export function createPasswordHasher(options: PasswordOptions): PasswordHasher {
  const params = { type: argon2.argon2id, memoryCost: options.memoryCost, timeCost: options.timeCost, parallelism: 1 };
  // Made once, lazily, with the live parameters so a dummy verify costs what a real one does.
  let dummyHash: Promise<string> | undefined;
  const limiter = new Limiter(options.concurrency);
  const hash = (password: string) => limiter.run(() => argon2.hash(password, params));
  const check = (stored: string, password: string) => limiter.run(() => argon2.verify(stored, password));

  return {
    hash,

    async verify(stored, password) {
      let ok = false;
      try {
        ok = await check(stored, password);
      } catch {
        ok = false; // a malformed stored hash is a failed sign-in, not a crash
      }
      if (!ok) return { ok };
      return argon2.needsRehash(stored, params) ? { ok, rehash: await hash(password) } : { ok };
    },

    async verifyDummy(password) {
      dummyHash ??= hash('dummy password for unknown accounts');
      await check(await dummyHash, password).catch(() => false);
    },

    commonPasswordMessage(password) {
      if (options.allowCommon || !isCommon(password)) return null;
      return 'is too common; choose one that is harder to guess';
    },
  };
}
