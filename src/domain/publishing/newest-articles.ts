import type { Db } from '../../db/database.js';
import { idList } from '../../db/sql.js';
import { NotFoundError } from '../errors.js';
import { newestOf } from './article-lists.js';
import { articleQueries } from './article-queries.js';
import type { Article } from './article-summaries.js';

/** An article with the id that names it for good (a slug follows the title). */
export interface NumberedArticle extends Article {
  id: number;
}

/**
 * The newest `limit` articles, bodies included, of the whole site or of one
 * author or tag: what a subscription shows. An unknown author or tag is a
 * NotFoundError (`profile`, `tag`), not an empty list: nobody can subscribe to it.
 * Previews come from their caches; the bodies are one statement.
 */
export async function newestArticles(db: Db, narrowing: { author?: string; tag?: string }, limit: number): Promise<NumberedArticle[]> {
  const shared = await newestOf(db, narrowing, limit);
  if (!shared) throw new NotFoundError(narrowing.author !== undefined ? 'profile' : 'tag');
  if (shared.length === 0) return [];
  const rows = await articleQueries(db).bodies.execute({ ids: idList(db, shared.map((s) => s.id)) });
  const bodies = new Map(rows.map((r) => [r.id, r.body]));
  // An article deleted between the two reads is left out; the stamp its deletion moved retires the answer.
  return shared.flatMap(({ id, article }) => {
    const body = bodies.get(id);
    return body === undefined ? [] : [{ ...article, id, body }];
  });
}
