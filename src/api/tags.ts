import type { FastifyInstance } from 'fastify';
import { allTags } from '../domain/publishing/tags.js';
import type { ApiContext } from './index.js';

export async function tagRoutes(app: FastifyInstance, { services: { db } }: ApiContext) {
  app.get('/tags', { config: { publicCache: true } }, async () => ({ tags: await allTags(db) }));
}
