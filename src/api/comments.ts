import type { FastifyInstance } from 'fastify';
import { addComment, deleteComment, listComments } from '../domain/publishing/comments.js';
import { signedIn, viewerId } from './auth.js';
import type { ApiContext } from './index.js';
import { presentComment, presentComments } from './presenters.js';
import { commentIdParam, commentInput } from './schemas.js';

type BySlug = { Params: { slug: string } };
type ById = { Params: { slug: string; id: string } };

export async function commentRoutes(app: FastifyInstance, { services, auth }: ApiContext) {
  const { db } = services;
  app.get<BySlug>('/articles/:slug/comments', { onRequest: auth.optional, config: { publicCache: true } }, async (request) =>
    presentComments(await listComments(db, request.params.slug, viewerId(request))),
  );

  app.post<BySlug>('/articles/:slug/comments', { onRequest: auth.required }, async (request, reply) => {
    const comment = await addComment(services, signedIn(request).user.id, request.params.slug, commentInput(request.body));
    return reply.code(201).send(presentComment(comment));
  });

  app.delete<ById>('/articles/:slug/comments/:id', { onRequest: auth.required }, async (request, reply) => {
    const { user } = signedIn(request);
    await deleteComment(services, user.id, request.params.slug, commentIdParam(request.params));
    return reply.code(204).send();
  });
}
