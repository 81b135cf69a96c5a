import type { Article } from './article-summaries.js';

/**
 * Told once an article has gone live, by the `federate-publication` job that
 * goLive enqueues (../federation/publication-delivery.ts): how the federation
 * (src/federation/publication.ts) hears of it without the domain knowing the
 * protocol. A rejection is a failed attempt, retried by the job runner.
 */
export type ArticlePublished = (authorId: number, article: Article, articleId: number) => Promise<void>;
