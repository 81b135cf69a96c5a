import './node20.js';
import type { Context, Federation } from '@fedify/fedify';
import { Article as ArticleObject, Create, Hashtag, PUBLIC_COLLECTION } from '@fedify/vocab';
import { Temporal } from '@js-temporal/polyfill';
import { hasRemoteFollowers } from '../domain/federation/remote-followers.js';
import type { Article } from '../domain/publishing/articles.js';
import type { Db } from '../db/database.js';
import { articleObjectUri } from './paths.js';
import { paths as pagePaths } from '../web/public-address.js';
import { renderMarkdown } from '../web/markdown.js';

// Publishing, as the fediverse hears it: one function, called once an article
// goes live (today when it is created). It only enqueues: Fedify's fan-out
// and each delivery run as jobs (src/federation/message-queue.ts), with
// retries, so a slow or dead follower's server never slows the request.

/** The article as an ActivityStreams Article: its id is by number (stable across title edits), its url the page. */
export function articleObject(origin: string, articleId: number, article: Article): ArticleObject {
  const author = new URL(`${origin}${pagePaths.profile(article.author.username)}`);
  const page = new URL(`${origin}${pagePaths.article(article.slug)}`);
  return new ArticleObject({
    id: articleObjectUri(origin, articleId),
    attribution: author,
    to: PUBLIC_COLLECTION,
    cc: new URL(`${author.href}/followers`),
    name: article.title,
    summary: article.description,
    // Rendered and sanitised as our own page renders it; links are not vouched for.
    content: renderMarkdown(article.body, { linksTrusted: false }),
    mediaType: 'text/html',
    url: page,
    tags: article.tagList.map((tag) => new Hashtag({ name: `#${tag}`, href: new URL(`${origin}${pagePaths.tag(tag)}`) })),
    published: Temporal.Instant.fromEpochMilliseconds(article.createdAt),
    updated: article.updatedAt > article.createdAt ? Temporal.Instant.fromEpochMilliseconds(article.updatedAt) : null,
  });
}

/**
 * Sends Create(Article) to the author's fediverse followers, one delivery per
 * server where it has a shared inbox. Nothing at all when they have none.
 */
export async function federateArticlePublished(federation: Federation<void>, db: Db, origin: string, authorId: number, article: Article, articleId: number): Promise<void> {
  if (!(await hasRemoteFollowers(db, authorId))) return;
  const ctx = federation.createContext(new URL(origin));
  const object = articleObject(origin, articleId, article);
  await ctx.sendActivity({ identifier: article.author.username }, 'followers', createOf(ctx, article.author.username, object), { preferSharedInbox: true, fanout: 'force' });
}

/** The Create of `object` by `username`, to the public and their followers; its id is the first publication's unless given. */
export function createOf(ctx: Context<void>, username: string, object: ArticleObject, id = new URL(`${object.id!.href}#create`)): Create {
  return new Create({ id, actor: ctx.getActorUri(username), object, to: PUBLIC_COLLECTION, ccs: [ctx.getFollowersUri(username)], published: object.published });
}
