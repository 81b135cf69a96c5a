import type { Db } from '../../db/database.js';
import { readTimeBound } from '../../cache/read-tracking.js';
import { articleRef } from '../publishing/article-summaries.js';
import { linksTrusted } from './account-age.js';

/**
 * Whether the links in the article at `slug` are followed at `now`: not
 * while its author's account is young (docs/decisions/0026). That answer
 * turns with time alone, so a page that shows a young author's links notes
 * it, and is not kept whole for signed-out readers: kept, it would carry
 * rel="nofollow" past the day the account came of age.
 */
export async function articleLinksTrusted(db: Db, slug: string, viewerId: number | undefined, now: number): Promise<boolean> {
  const trusted = linksTrusted((await articleRef(db, slug, viewerId)).authorJoinedAt, now);
  if (!trusted) readTimeBound();
  return trusted;
}
