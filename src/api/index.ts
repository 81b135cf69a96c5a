import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Services } from '../services.js';

export interface ApiOptions {
  services: Services;
  config: Config;
}

/** The RealWorld JSON API. */
export async function apiRoutes(app: FastifyInstance, _opts: ApiOptions) {
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ errors: { route: ['not found'] } }));
}
