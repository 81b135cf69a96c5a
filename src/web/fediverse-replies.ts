import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { NotFoundError } from '../domain/errors.js';
import { remoteReactionCounts, type RemoteReactionCounts } from '../domain/federation/remote-reactions.js';
import { approveRemoteComment, pendingRemoteComments, rejectRemoteComment, shownRemoteComments, type RemoteComment } from '../domain/federation/remote-comments.js';
import type { Acting } from '../domain/moderation/permissions.js';
import { articleQueries } from '../domain/publishing/article-queries.js';
import { backTo, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { sanitizeRemoteHtml } from './markdown.js';

// The fediverse on an article's page: its favorites and boosts counted, its
// approved replies shown (their HTML sanitised as our Markdown is), and for
// the article's author and moderators, the replies waiting, to approve or reject.

export interface ShownRemoteComment extends Omit<RemoteComment, 'content'> {
  html: string;
}

export interface FediverseOnArticle {
  counts: RemoteReactionCounts;
  replies: ShownRemoteComment[];
  pending: ShownRemoteComment[];
}

/** A reply as pages show it: its HTML sanitised. */
export const shownRemoteComment = <C extends RemoteComment>(c: C): Omit<C, 'content'> & { html: string } => {
  const { content, ...rest } = c;
  return { ...rest, html: sanitizeRemoteHtml(content) };
};

export async function fediverseOnArticle(db: Db, slug: string, viewer: Acting | undefined): Promise<FediverseOnArticle> {
  const [article] = await articleQueries(db).ownerBySlug.execute({ key: slug });
  if (!article) throw new NotFoundError('article');
  return {
    counts: await remoteReactionCounts(db, article.id),
    replies: (await shownRemoteComments(db, article.id)).map(shownRemoteComment),
    pending: (await pendingRemoteComments(db, article, viewer)).map(shownRemoteComment),
  };
}

type ReplyRequest = FastifyRequest<{ Params: { slug: string; id: string } }>;

/** Approving or rejecting a reply from the fediverse: the article's author or a moderator, from the article's page or /moderation. */
export async function fediverseReplyPages(app: FastifyInstance, { services }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };
  const back = (slug: string) => `/article/${encodeURIComponent(slug)}`;
  const replyId = (request: ReplyRequest) => {
    const id = Number(request.params.id);
    return Number.isSafeInteger(id) && id >= 1 ? id : undefined;
  };

  app.post('/article/:slug/fediverse-replies/:id/approve', { config: signedIn }, async (request: ReplyRequest, reply) => {
    const id = replyId(request);
    if (id === undefined) return reply.callNotFound();
    await approveRemoteComment(services, request.user!, id);
    return reply.redirect(backTo(request, back(request.params.slug)), 303);
  });

  app.post('/article/:slug/fediverse-replies/:id/reject', { config: signedIn }, async (request: ReplyRequest, reply) => {
    const id = replyId(request);
    if (id === undefined) return reply.callNotFound();
    await rejectRemoteComment(services, request.user!, id);
    return reply.redirect(backTo(request, back(request.params.slug)), 303);
  });
}
