import type { Article, ArticlePage, ArticleSummary } from '../domain/publishing/articles.js';
import type { Comment } from '../domain/publishing/comments.js';
import type { Profile } from '../domain/publishing/profiles.js';
import type { ControlledProfile, ControlListEntry } from '../domain/personal-controls/blocks-and-mutes.js';
import type { User } from '../domain/accounts/users.js';
import type { Draft, Hidden } from '../domain/moderation/visibility.js';
import type { Report } from '../domain/moderation/reports.js';

/**
 * Domain objects → RealWorld JSON, field by field in the contract's order,
 * so nothing internal (ids, hashes) leaks by accident.
 */
const iso = (ms: number) => new Date(ms).toISOString();

/** Only on hidden content, which only its author and moderators are shown. */
const hiddenJson = (hidden: Hidden | null) => (hidden ? { hidden: { reason: hidden.reason, hiddenAt: iso(hidden.at) } } : {});

/** Only on a draft or scheduled article, which only its author is shown (made in the editor; the API publishes at once). */
const draftJson = (draft: Draft | null) => (draft ? { draft: { publishAt: draft.publishAt === null ? null : iso(draft.publishAt) } } : {});

export function presentUser(user: User, token: string) {
  return { user: { email: user.email, token, username: user.username, bio: user.bio, image: user.image } };
}

const profileJson = (p: Profile) => ({ username: p.username, bio: p.bio, image: p.image, following: p.following });

export const presentProfile = (profile: Profile) => ({ profile: profileJson(profile) });

/** The RealWorld profile plus the caller's own `blocking` and `muting` (extra fields, documented in the README). */
export const presentControlledProfile = (p: ControlledProfile) => ({ profile: { ...profileJson(p), blocking: p.blocking, muting: p.muting } });

/** The caller's blocked or muted people: each a profile, with `since` when it was turned on. */
export const presentControlList = (entries: ControlListEntry[]) => ({
  profiles: entries.map((e) => ({ ...profileJson(e.profile), since: iso(e.since) })),
});

/** Lists carry no body (it can be 100 000 characters per article). */
const summaryJson = (a: ArticleSummary) => ({
  slug: a.slug,
  title: a.title,
  description: a.description,
  tagList: a.tagList,
  createdAt: iso(a.createdAt),
  updatedAt: iso(a.updatedAt),
  favorited: a.favorited,
  favoritesCount: a.favoritesCount,
  author: profileJson(a.author),
  ...hiddenJson(a.hidden),
  ...draftJson(a.draft),
});

export function presentArticle(a: Article) {
  // The body goes after the description, in the OpenAPI file's order.
  const { slug, title, description, ...rest } = summaryJson(a);
  return { article: { slug, title, description, body: a.body, ...rest } };
}

export const presentArticles = (page: ArticlePage) => ({
  articles: page.articles.map(summaryJson),
  articlesCount: page.articlesCount,
});

const commentJson = (c: Comment) => ({
  id: c.id,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
  body: c.body,
  author: profileJson(c.author),
  ...hiddenJson(c.hidden),
});

export const presentComment = (comment: Comment) => ({ comment: commentJson(comment) });
export const presentComments = (comments: Comment[]) => ({ comments: comments.map(commentJson) });

/** A report, as the moderation API lists it and as its reporter is answered. */
export const reportJson = (r: Report) => ({
  id: r.id,
  target: r.target,
  reason: r.reason,
  note: r.note,
  reporter: r.reporter,
  createdAt: iso(r.createdAt),
  status: r.status,
});
