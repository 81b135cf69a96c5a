/**
 * Articles, from the outside: both faces import from here. Inside, one file
 * per concern: input schemas, one article and its preview as readers see it
 * (kept per article), lists (kept per page of ids) and writes.
 */
export { articleUpdateSchema, newArticleSchema } from './article-schemas.js';
export { getArticle, type Article, type ArticlePage, type ArticleSummary } from './article-summaries.js';
export { draftArticles, feedArticles, listArticles, type ListFilter } from './article-lists.js';
export {
  createArticle,
  deleteArticle,
  favoriteArticle,
  isArticleAuthor,
  ownArticle,
  publishDraft,
  unfavoriteArticle,
  updateArticle,
} from './article-writes.js';
export type { PublishIntent } from './scheduled-publishing.js';
