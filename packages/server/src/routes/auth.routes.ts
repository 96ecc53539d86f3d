import { AppError, type SessionTokens } from '@sift/core';
import type { SiftRuntime } from '@sift/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  clearSessionCookies,
  CSRF_COOKIE,
  CSRF_HEADER,
  REFRESH_COOKIE,
  setSessionCookies,
} from '../auth/cookies.js';
import { originOf } from '../auth/origin.js';
import { accessOf } from '../auth/permissions.js';
import { problemResponses } from '../problem.schema.js';
import {
  AuthStatusSchema,
  CredentialsSchema,
  MeSchema,
  PasswordChangeSchema,
  RefreshSchema,
  SessionSchema,
  SetupSchema,
  toUserResponse,
} from './auth.schema.js';

/** Sign-in: first-run setup, password sign-in, token refresh, sign-out, the current principal, password change. */
export const authRoutes: FastifyPluginAsyncZod<{ runtime: SiftRuntime }> = async (app, { runtime }) => {
  const { identity } = runtime;
  const cookieMode = runtime.config.auth.cookieSecure;

  /** The session as the body says it, and as cookies for browsers. */
  const session = async (
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    tokens: SessionTokens,
  ) => {
    const csrf = setSessionCookies(request, reply, tokens, cookieMode);
    const account = await identity.accounts.get(identity.operator(), userId);
    return {
      user: toUserResponse(account),
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      access_expires_at: tokens.accessExpiresAt,
      refresh_expires_at: tokens.refreshExpiresAt,
      csrf_token: csrf,
    };
  };

  app.get(
    '/auth/status',
    {
      schema: {
        'x-permission': 'public',
        tags: ['auth'],
        summary: 'Whether setup is needed, whether single sign-on is on, and who is signed in',
        response: { 200: AuthStatusSchema },
      },
    },
    async (request) => {
      const access = request.access;
      const user =
        access && access.principal.kind !== 'operator'
          ? await identity.accounts.get(access, access.userId)
          : null;
      return {
        auth_enabled: identity.enabled,
        setup_required: identity.enabled && (await identity.accounts.needsSetup()),
        oidc_enabled: runtime.identity.enabled && runtime.identity.sso !== null,
        user: user ? toUserResponse(user) : null,
      };
    },
  );

  app.post(
    '/auth/setup',
    {
      schema: {
        'x-permission': 'public',
        tags: ['auth'],
        summary: 'Create the first admin (once) and sign in',
        description:
          'Works only while no account exists: every other route answers 401 SETUP_REQUIRED until then. Of two ' +
          'racing calls one wins; the other gets 409 SETUP_DONE. An embedded install’s documents become the admin’s.',
        body: SetupSchema,
        response: { 201: SessionSchema, ...problemResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const account = await identity.accounts.setup(
        {
          email: body.email,
          password: body.password,
          ...(body.display_name ? { displayName: body.display_name } : {}),
        },
        originOf(request),
      );
      const tokens = await identity.auth.startSession(account);
      return reply.status(201).send(await session(request, reply, account.id, tokens));
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        'x-permission': 'public',
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description:
          'Answers the tokens in the body (API clients) and as httpOnly SameSite=Strict cookies (browsers). After ' +
          'five failures per account or address each attempt waits longer: 429 LOGIN_THROTTLED with Retry-After. ' +
          'An unknown email and a wrong password get the same 401 INVALID_CREDENTIALS.',
        body: CredentialsSchema,
        response: { 200: SessionSchema, ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { account, tokens } = await identity.auth.login(
        request.body.email,
        request.body.password,
        originOf(request),
      );
      return session(request, reply, account.id, tokens);
    },
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        'x-permission': 'public',
        tags: ['auth'],
        summary: 'Exchange a refresh token for new tokens',
        description:
          'The refresh token is single use: the answer carries a new one. Presenting a used one again revokes the ' +
          'whole sign-in (401 TOKEN_REUSED). From the cookie, the request must echo the CSRF token.',
        body: RefreshSchema.optional(),
        response: { 200: SessionSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      let token = request.body?.refresh_token;
      if (!token) {
        token = request.cookies[REFRESH_COOKIE];
        const csrf = request.headers[CSRF_HEADER];
        if (token && (typeof csrf !== 'string' || csrf !== request.cookies[CSRF_COOKIE])) {
          throw new AppError(
            'CSRF_FAILED',
            'forbidden',
            `a refresh from the cookie must send the CSRF token in ${CSRF_HEADER}`,
          );
        }
      }
      if (!token) throw new AppError('TOKEN_INVALID', 'unauthenticated', 'no refresh token was sent');
      const tokens = await identity.auth.refresh(token, originOf(request));
      const claims = await identity.signer.verify(tokens.accessToken);
      return session(request, reply, claims.sub, tokens);
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        'x-permission': 'authenticated',
        tags: ['auth'],
        summary: 'Sign out: ends this sign-in (its refresh token and, at once, its access tokens)',
        response: { 204: z.null(), ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      await identity.auth.logout(accessOf(request), request.sessionId, originOf(request));
      clearSessionCookies(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        'x-permission': 'authenticated',
        tags: ['auth'],
        summary: 'Who is asking, with which scopes and restrictions',
        response: { 200: MeSchema, ...problemResponses(401) },
      },
    },
    async (request) => {
      const access = accessOf(request);
      const account = await identity.accounts.get(access, access.userId);
      return {
        user: toUserResponse(account),
        scopes: [...access.principal.scopes],
        via: request.credentials ?? 'operator',
        api_key_id: access.principal.keyId ?? null,
        collection_ids: access.principal.collectionIds ? [...access.principal.collectionIds] : null,
      };
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        'x-permission': 'authenticated',
        tags: ['auth'],
        summary: 'Change one’s password; other sign-ins of the account end',
        body: PasswordChangeSchema,
        response: { 204: z.null(), ...problemResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const access = accessOf(request);
      if (access.principal.kind !== 'user') {
        throw new AppError(
          'FORBIDDEN',
          'forbidden',
          'a password is changed by its user, signed in, not with an API key',
        );
      }
      await identity.accounts.changePassword(
        access,
        {
          current: request.body.current_password,
          next: request.body.new_password,
          ...(request.sessionId ? { keepFamilyId: request.sessionId } : {}),
        },
        originOf(request),
      );
      return reply.status(204).send(null);
    },
  );
};
