import type { Access, Principal } from '@sift/core';

/**
 * What a route needs, declared in its schema as `'x-permission'` (so the OpenAPI document lists it):
 * - `public`: nothing (health, the API reference, sign-in, first-run setup);
 * - `authenticated`: any signed-in principal (its own account, keys, sign-out);
 * - `read` / `write` / `admin`: a principal whose credentials carry that scope (an API key's scopes, or a
 *   role's). Which documents, collections and tasks it reaches is then decided by core's services.
 */
export const PERMISSIONS = ['public', 'authenticated', 'read', 'write', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

declare module 'fastify' {
  interface FastifySchema {
    /** The permission of the route: see PERMISSIONS. Every `/api/v1` route must declare one. */
    'x-permission'?: Permission;
  }

  interface FastifyRequest {
    /** Who is asking; null only on public routes without credentials. */
    access: Access | null;
    /** The sign-in (refresh-token family) of a token-authenticated request. */
    sessionId: string | null;
    /** How the request authenticated: cookies need CSRF protection, headers do not. */
    credentials: 'cookie' | 'bearer' | 'api_key' | 'operator' | null;
    /** The per-minute limit of the API key that authenticated the request, when it set one. */
    keyRateLimit: number | null;
  }

  interface FastifyInstance {
    /**
     * Authenticates the request's credentials again (null: it sent none; throws for ones that no longer hold),
     * for streams that outlive their access token or key.
     */
    authenticateRequest(request: FastifyRequest): Promise<Principal | null>;
  }
}

/** The request's access: present on every route that is not public (the auth hook saw to it). */
export function accessOf(request: { access: Access | null }): Access {
  if (!request.access) throw new Error('no access on a route that requires authentication');
  return request.access;
}
