import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { preparedFor } from '../db/prepared.js';
import { apiTokens } from '../db/schema.js';
import { LAST_USED_STEP_MS, SIGN_IN_LIFETIME_MS } from './sign-in-lifetimes.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Issues a new opaque API token; only its hash is stored. */
export function issueToken(db: Db, userId: number, now = Date.now()): string {
  const token = randomBytes(32).toString('base64url');
  db.insert(apiTokens)
    .values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt: now + SIGN_IN_LIFETIME_MS, lastUsedAt: now })
    .run();
  return token;
}

// Runs on every authenticated API request.
const liveToken = preparedFor((db) =>
  db
    .select({ userId: apiTokens.userId, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder('tokenHash')),
        gt(apiTokens.expiresAt, sql.placeholder('now')),
        gt(apiTokens.lastUsedAt, sql.placeholder('idleSince')),
      ),
    )
    .prepare(),
);

const touchToken = preparedFor((db) =>
  db
    .update(apiTokens)
    .set({ lastUsedAt: sql`${sql.placeholder('now')}` })
    .where(eq(apiTokens.tokenHash, sql.placeholder('tokenHash')))
    .prepare(),
);

export interface ResolvedToken {
  userId: number;
  tokenHash: string;
  /** When the token was issued, that is, when its holder signed in. */
  createdAt: number;
}

/**
 * The user a live token belongs to, or undefined for unknown, revoked,
 * expired and idle tokens. "Last used" is written at most once an hour,
 * so reading through the API stays free of writes.
 */
export function resolveToken(db: Db, token: string, now: number, idleMs: number): ResolvedToken | undefined {
  const tokenHash = hashToken(token);
  const row = liveToken(db).get({ tokenHash, now, idleSince: now - idleMs });
  if (!row) return undefined;
  if (now - row.lastUsedAt >= LAST_USED_STEP_MS) touchToken(db).run({ tokenHash, now });
  return { userId: row.userId, tokenHash, createdAt: row.createdAt };
}
