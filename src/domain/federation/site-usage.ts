import { count } from 'drizzle-orm';
import type { Db } from '../../db/database.js';

/** What NodeInfo reports: how many accounts, articles and comments the site has. */
export async function siteUsage(db: Db): Promise<{ users: number; articles: number; comments: number }> {
  const { users, articles, comments } = db.t;
  const [u] = await db.select({ n: count() }).from(users);
  const [a] = await db.select({ n: count() }).from(articles);
  const [c] = await db.select({ n: count() }).from(comments);
  return { users: u?.n ?? 0, articles: a?.n ?? 0, comments: c?.n ?? 0 };
}
