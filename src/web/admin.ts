import type { FastifyInstance, FastifyRequest } from 'fastify';
import { endUserSignIns, listUsers, signInHistory } from '../domain/moderation/admin-users.js';
import { changeRole } from '../domain/moderation/role-changes.js';
import { describeDevice } from './device.js';
import { bodyField, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';
import { pageNumber, paginate } from './pagination.js';

const USERS_PAGE = 50;

type UserRequest = FastifyRequest<{ Params: { username: string } }>;

/** The admin pages: every user, one user's sign-ins and role. The domain function each calls decides who may. */
export async function adminPages(app: FastifyInstance, { services }: WebOptions) {
  const signedIn: PageAccess = { signedIn: true };
  const userPath = (username: string) => `/admin/users/${encodeURIComponent(username)}`;

  app.get('/admin/users', { config: signedIn }, async (request: FastifyRequest<{ Querystring: { page?: string } }>, reply) => {
    const page = pageNumber(request.query.page);
    const { users, total } = await listUsers(services.db, request.user!, { limit: USERS_PAGE, offset: (page - 1) * USERS_PAGE }, services.now());
    return reply.render('admin-users', {
      title: 'Users',
      users,
      pagination: paginate(total, page, USERS_PAGE),
      pageBase: '/admin/users',
      pageQuery: {},
      pageLabel: 'User pages',
    });
  });

  app.get('/admin/users/:username', { config: signedIn }, async (request: UserRequest, reply) => {
    const history = await signInHistory(services.db, request.user!, request.params.username, services.now());
    return reply.render('admin-user', {
      title: history.username,
      user: history,
      browsers: history.browsers.map((b) => ({ ...b, device: describeDevice(b.userAgent) })),
      isSelf: history.username === request.user!.username,
    });
  });

  app.post('/admin/users/:username/role', { config: signedIn }, async (request: UserRequest, reply) => {
    await changeRole(services, request.user!, { username: request.params.username }, bodyField(request, 'role'), bodyField(request, 'note'));
    return reply.redirect(userPath(request.params.username), 303);
  });

  app.post('/admin/users/:username/end-sign-ins', { config: signedIn }, async (request: UserRequest, reply) => {
    await endUserSignIns(services, request.user!, request.params.username, { note: bodyField(request, 'note') });
    return reply.redirect(userPath(request.params.username), 303);
  });
}
