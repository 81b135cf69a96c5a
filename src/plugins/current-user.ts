import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.js';
import { findUserById, type User } from '../domain/accounts/users.js';
import { unreadCount } from '../domain/notifications/unread-count.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of this request, or null. */
    user: User | null;
    /** The signed-in user's unread notifications, for the navbar (0 signed out). */
    unreadNotifications: number;
  }
}

/** Loads the session's user (and their unread count) once per request, so every page and guard reads `request.user`. */
export const currentUserPlugin = fp(
  async (app: FastifyInstance, opts: { db: Db }) => {
    app.decorateRequest('user', null);
    app.decorateRequest('unreadNotifications', 0);
    app.addHook('onRequest', async (request) => {
      const userId = request.session?.userId;
      if (userId === undefined) return;
      const user = await findUserById(opts.db, userId);
      if (user) {
        request.user = user;
        // Kept in memory until this user's notifications change: no statement on most pages (docs/decisions/0032).
        request.unreadNotifications = await unreadCount(opts.db, user.id);
      } else request.session.userId = undefined; // the account is gone
    });
  },
  { name: 'current-user', dependencies: ['session'] },
);
