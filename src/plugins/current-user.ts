import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.js';
import { findUserById, type User } from '../domain/accounts/users.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of this request, or null. */
    user: User | null;
  }
}

/** Loads the session's user once per request, so every page and guard reads `request.user`. */
export const currentUserPlugin = fp(
  async (app: FastifyInstance, opts: { db: Db }) => {
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request) => {
      const userId = request.session?.userId;
      if (userId === undefined) return;
      const user = await findUserById(opts.db, userId);
      if (user) request.user = user;
      else request.session.userId = undefined; // the account is gone
    });
  },
  { name: 'current-user', dependencies: ['session'] },
);
