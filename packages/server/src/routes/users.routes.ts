import type { SiftRuntime } from '@sift/runtime';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf } from '../auth/origin.js';
import { accessOf } from '../auth/permissions.js';
import { problemResponses } from '../problem.schema.js';
import {
  GroupPatchSchema,
  GroupSchema,
  IdParamsSchema,
  NewGroupSchema,
  NewUserSchema,
  PageQuerySchema,
  PasswordResetSchema,
  toGroupResponse,
  toUserResponse,
  UserPatchSchema,
  UserSchema,
} from './auth.schema.js';

/** Accounts and groups. Admins manage them; a user may read and rename their own account. */
export const userRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { accounts } = runtime.identity;

  app.get(
    '/users',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['users'],
        summary: 'List accounts',
        querystring: PageQuerySchema,
        response: {
          200: z.object({ items: z.array(UserSchema), next_cursor: z.string().nullable() }),
          ...problemResponses(401, 403),
        },
      },
    },
    async (request) => {
      const page = await accounts.list(accessOf(request), request.query);
      return { items: page.items.map(toUserResponse), next_cursor: page.nextCursor };
    },
  );

  app.post(
    '/users',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['users'],
        summary: 'Create an account',
        description:
          'Passwords have at least 12 characters and are not common ones. Emails are unique (409 EMAIL_TAKEN).',
        body: NewUserSchema,
        response: { 201: UserSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const account = await accounts.create(
        accessOf(request),
        {
          email: b.email,
          role: b.role,
          password: b.password,
          ...(b.display_name ? { displayName: b.display_name } : {}),
        },
        originOf(request),
      );
      return reply.status(201).send(toUserResponse(account));
    },
  );

  app.get(
    '/users/:id',
    {
      schema: {
        'x-permission': 'authenticated',
        tags: ['users'],
        summary: 'An account: one’s own, or any for admins',
        params: IdParamsSchema,
        response: { 200: UserSchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => toUserResponse(await accounts.get(accessOf(request), request.params.id)),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        'x-permission': 'authenticated',
        tags: ['users'],
        summary: 'Rename an account (its user or an admin), change its role or disable it (admins)',
        description:
          'The last active admin cannot be demoted or disabled (409 LAST_ADMIN). Disabling ends its sign-ins.',
        params: IdParamsSchema,
        body: UserPatchSchema,
        response: { 200: UserSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const b = request.body;
      const account = await accounts.update(
        accessOf(request),
        request.params.id,
        {
          ...(b.display_name !== undefined ? { displayName: b.display_name } : {}),
          ...(b.role !== undefined ? { role: b.role } : {}),
          ...(b.is_active !== undefined ? { isActive: b.is_active } : {}),
        },
        originOf(request),
      );
      return toUserResponse(account);
    },
  );

  app.post(
    '/users/:id/password',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['users'],
        summary: 'Set a new password for an account (admins), ending its sign-ins',
        description:
          'For a person who forgot theirs. The password policy applies (PASSWORD_TOO_SHORT, PASSWORD_TOO_COMMON…); ' +
          'every session of the account is revoked; its API keys keep working. Audited as user.password_reset.',
        params: IdParamsSchema,
        body: PasswordResetSchema,
        response: { 200: UserSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const account = await accounts.resetPassword(
        accessOf(request),
        request.params.id,
        request.body.new_password,
        originOf(request),
      );
      return toUserResponse(account);
    },
  );

  app.get(
    '/groups',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['users'],
        summary: 'List groups',
        response: { 200: z.object({ items: z.array(GroupSchema) }), ...problemResponses(401, 403) },
      },
    },
    async (request) => ({ items: (await accounts.listGroups(accessOf(request))).map(toGroupResponse) }),
  );

  app.post(
    '/groups',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['users'],
        summary: 'Create a group',
        body: NewGroupSchema,
        response: { 201: GroupSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const group = await accounts.createGroup(
        accessOf(request),
        request.body.name,
        request.body.member_ids ?? [],
        originOf(request),
      );
      return reply.status(201).send(toGroupResponse(group));
    },
  );

  app.patch(
    '/groups/:id',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['users'],
        summary: 'Rename a group or replace its members',
        params: IdParamsSchema,
        body: GroupPatchSchema,
        response: { 200: GroupSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const b = request.body;
      const group = await accounts.updateGroup(
        accessOf(request),
        request.params.id,
        {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.member_ids !== undefined ? { memberIds: b.member_ids } : {}),
        },
        originOf(request),
      );
      return toGroupResponse(group);
    },
  );

  app.delete(
    '/groups/:id',
    {
      schema: {
        'x-permission': 'admin',
        tags: ['users'],
        summary: 'Delete a group (its shares go with it)',
        params: IdParamsSchema,
        response: { 204: z.null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await accounts.deleteGroup(accessOf(request), request.params.id, originOf(request));
      return reply.status(204).send(null);
    },
  );
};
