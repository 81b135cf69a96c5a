import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { preparedFor } from '../db/prepared.js';
import { apiTokens } from '../db/schema.js';

const TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Issues a new opaque API token; only its hash is stored. */
export function issueToken(db: Db, userId: number): string {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  db.insert(apiTokens)
    .values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt: now + TOKEN_LIFETIME_MS })
    .run();
  return token;
}

// Runs on every authenticated API request.
const liveToken = preparedFor((db) =>
  db
    .select({ userId: apiTokens.userId })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('tokenHash')), gt(apiTokens.expiresAt, sql.placeholder('now'))))
    .prepare(),
);

/** The user a live token belongs to, or undefined for unknown, revoked or expired tokens. */
export function resolveToken(db: Db, token: string): { userId: number; tokenHash: string } | undefined {
  const tokenHash = hashToken(token);
  const row = liveToken(db).get({ tokenHash, now: Date.now() });
  return row && { userId: row.userId, tokenHash };
}

export function revokeToken(db: Db, token: string): void {
  db.delete(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token))).run();
}

export function revokeAllTokens(db: Db, userId: number): void {
  db.delete(apiTokens).where(eq(apiTokens.userId, userId)).run();
}

export function purgeExpiredTokens(db: Db, now = Date.now()): number {
  return db.delete(apiTokens).where(lt(apiTokens.expiresAt, now)).run().changes;
}
