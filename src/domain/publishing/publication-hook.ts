import type { Article } from './article-summaries.js';

/**
 * Told once an article has gone live, after its write committed: how the
 * federation (src/federation/publication.ts) hears of it without the domain
 * knowing the protocol. It may only enqueue work, never wait on another server.
 */
export type ArticlePublished = (authorId: number, article: Article) => Promise<void>;
