import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { preparedFor } from '../../db/prepared.js';
import { write } from '../../db/write-transaction.js';
import { LAST_USED_STEP_MS, SIGN_IN_LIFETIME_MS } from './credential-lifetimes.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Issues a new opaque API token; only its hash is stored. */
export async function issueToken(db: Db, userId: number, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await write(db, async (tx) => {
    const { apiTokens } = tx.t;
    await tx
      .insert(apiTokens)
      .values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt: now + SIGN_IN_LIFETIME_MS, lastUsedAt: now });
  });
  return token;
}

// Runs on every authenticated API request.
const liveToken = preparedFor((db) => {
  const { apiTokens } = db.t;
  return db
    .select({ userId: apiTokens.userId, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder('tokenHash')),
        gt(apiTokens.expiresAt, sql.placeholder('now')),
        gt(apiTokens.lastUsedAt, sql.placeholder('idleSince')),
      ),
    )
    .prepare();
});

const touchToken = preparedFor((db) => {
  const { apiTokens } = db.t;
  return db
    .update(apiTokens)
    .set({ lastUsedAt: sql`${sql.placeholder('now')}` })
    .where(eq(apiTokens.tokenHash, sql.placeholder('tokenHash')))
    .prepare();
});

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
export async function resolveToken(db: Db, token: string, now: number, idleMs: number): Promise<ResolvedToken | undefined> {
  const tokenHash = hashToken(token);
  const [row] = await liveToken(db).execute({ tokenHash, now, idleSince: now - idleMs });
  if (!row) return undefined;
  if (now - row.lastUsedAt >= LAST_USED_STEP_MS) await write(db, (tx) => touchToken(tx).execute({ tokenHash, now }));
  return { userId: row.userId, tokenHash, createdAt: row.createdAt };
}
