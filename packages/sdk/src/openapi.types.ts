// Generated from the server's OpenAPI document by `npm run sdk:generate`. Do not edit by hand:
// packages/sdk/src/openapi-types.test.ts fails when this file differs from what the server serves.

export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Liveness
     * @description Answers while the process runs; checks no dependency.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Liveness'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Readiness
     * @description The database (a test write), free disk space in the data dir, and the workers, as last checked in the background (every 2 s), so that it answers at once under load. Also shows the intake: uploads are refused while more tasks than the limit wait.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Readiness'];
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Readiness'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Whether setup is needed, whether single sign-on is on, and who is signed in */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              auth_enabled: boolean;
              setup_required: boolean;
              oidc_enabled: boolean;
              user: components['schemas']['User'] | null;
            };
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/setup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create the first admin (once) and sign in
     * @description Works only while no account exists: every other route answers 401 SETUP_REQUIRED until then. Of two racing calls one wins; the other gets 409 SETUP_DONE. An embedded install’s documents become the admin’s.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            email: string;
            password: string;
            display_name?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Session'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign in with email and password
     * @description Answers the tokens in the body (API clients) and as httpOnly SameSite=Strict cookies (browsers). After five failures per account or address each attempt waits longer: 429 LOGIN_THROTTLED with Retry-After. An unknown email and a wrong password get the same 401 INVALID_CREDENTIALS.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            email: string;
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Session'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/refresh': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Exchange a refresh token for new tokens
     * @description The refresh token is single use: the answer carries a new one. Presenting a used one again revokes the whole sign-in (401 TOKEN_REUSED). From the cookie, the request must echo the CSRF token.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Omit when the sift_refresh cookie carries it */
            refresh_token?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Session'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign out: ends this sign-in (its refresh token and, at once, its access tokens) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who is asking, with which scopes and restrictions */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              user: components['schemas']['User'];
              scopes: ('read' | 'write' | 'admin')[];
              /** @enum {string} */
              via: 'cookie' | 'bearer' | 'api_key' | 'operator';
              api_key_id: string | null;
              /** @description The API key is restricted to these collections */
              collection_ids: string[] | null;
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Change one’s password; other sign-ins of the account end */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            current_password: string;
            new_password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/oidc/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Sign in with the OpenID Connect provider: redirects there
     * @description Starts an authorization-code sign-in with PKCE, state and nonce, kept for ten minutes in a signed httpOnly SameSite=Lax cookie (the provider comes back with a cross-site redirect). 404 SSO_NOT_CONFIGURED without SIFT_OIDC_ISSUER; 503 SSO_UNAVAILABLE while the provider cannot be reached.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A redirect: see the Location header */
        302: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not ready or overloaded; retry after the `Retry-After` seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/auth/oidc/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Where the OpenID Connect provider sends the browser back: signs in and redirects to the UI
     * @description Takes the provider’s answer (`code`, `state`, `iss`, or `error`) with the sign-in cookie set by /auth/oidc/login (used once), validates it and the ID token, and signs the person in with the same cookies as /auth/login, then redirects to `/`. A browser whose sign-in fails is redirected to `/?sso_error=<code>` (SSO_STATE_INVALID, SSO_DENIED, SSO_FAILED, SSO_EMAIL_MISSING, SSO_EMAIL_UNVERIFIED, ACCOUNT_DISABLED, SSO_UNAVAILABLE); other clients get the problem.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A redirect: see the Location header */
        302: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not ready or overloaded; retry after the `Retry-After` seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List accounts */
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['User'][];
              next_cursor: string | null;
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Create an account
     * @description Passwords have at least 12 characters and are not common ones. Emails are unique (409 EMAIL_TAKEN).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            email: string;
            display_name?: string;
            /** @enum {string} */
            role: 'admin' | 'editor' | 'viewer';
            /** @description Null: the account signs in only through single sign-on */
            password: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['User'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An account: one’s own, or any for admins */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['User'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Rename an account (its user or an admin), change its role or disable it (admins)
     * @description The last active admin cannot be demoted or disabled (409 LAST_ADMIN). Disabling ends its sign-ins.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            display_name?: string;
            /** @enum {string} */
            role?: 'admin' | 'editor' | 'viewer';
            is_active?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['User'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/users/{id}/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Set a new password for an account (admins), ending its sign-ins
     * @description For a person who forgot theirs. The password policy applies (PASSWORD_TOO_SHORT, PASSWORD_TOO_COMMON…); every session of the account is revoked; its API keys keep working. Audited as user.password_reset.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            new_password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['User'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/groups': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List groups */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Group'][];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Create a group */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            member_ids?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Group'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/groups/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a group (its shares go with it) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Rename a group or replace its members */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            member_ids?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Group'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One’s API keys; admins: `user_id=` for someone’s, `all=true` for everyone’s */
    get: {
      parameters: {
        query?: {
          user_id?: string;
          all?: 'true' | 'false';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['ApiKey'][];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Create an API key; the key is in the answer, once
     * @description Scopes `read`, `write`, `admin`, never wider than the owner’s role; optionally only some collections, an expiry and a rate limit per minute. Use it as `Authorization: Bearer sift_…`.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            scopes: ('read' | 'write' | 'admin')[];
            collection_ids?: string[] | null;
            expires_at?: string | null;
            rate_limit_per_minute?: number | null;
            /** @description Admins: create the key for this user */
            user_id?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              user_id: string;
              name: string;
              /** @description The visible start of the key */
              prefix: string;
              scopes: ('read' | 'write' | 'admin')[];
              collection_ids: string[] | null;
              rate_limit_per_minute: number | null;
              expires_at: string | null;
              revoked_at: string | null;
              last_used_at: string | null;
              last_used_ip: string | null;
              /** Format: date-time */
              created_at: string;
              /** @description Shown once; only its hash is kept */
              key: string;
            };
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key (one’s own; admins any) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ApiKey'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The audit trail, newest first
     * @description Every change request and every sign-in event: who (user, API key), what (action, entity, before and after, secrets redacted), from where, the outcome. Filters by actor, action, entity and time; cursor paging.
     */
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
          actor?: string;
          action?: string;
          entity_type?: string;
          entity_id?: string;
          from?: string;
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['AuditRecord'][];
              next_cursor: string | null;
            };
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/collections/{id}/shares': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who the collection is shared with */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Share'][];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    /**
     * Share the collection with a user or group as viewer or editor (or change the role)
     * @description Viewers read, search and ask within it; editors also add, change and delete its documents.
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {string} */
            principal_type: 'user' | 'group';
            principal_id: string;
            /** @enum {string} */
            role: 'viewer' | 'editor';
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Share'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/collections/{id}/shares/{principal_type}/{principal_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Stop sharing the collection with a user or group */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          principal_type: 'user' | 'group';
          principal_id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List tasks
     * @description Newest first, filtered by status, type and queue; paged with `next_cursor`.
     */
    get: {
      parameters: {
        query?: {
          /** @description Comma-separated statuses: `pending`, `running`, `succeeded`, `failed`, `dead`, `cancelled` */
          status?: string | string[];
          /** @description Comma-separated job types, e.g. `system.noop` */
          type?: string | string[];
          /** @description Comma-separated queues: `high`, `default`, `low`, `maintenance` */
          queue?: string | string[];
          /** @description Only tasks of this document */
          document_id?: string;
          /** @description Page size */
          limit?: number;
          /** @description `next_cursor` of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Newest first */
              items: components['schemas']['Task'][];
              /** @description Pass as `cursor` for the next page; null on the last page */
              next_cursor: string | null;
            };
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a task */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Task'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Cancel a task
     * @description Cancels a pending or running task; a running handler is stopped at its next heartbeat. A finished task answers 409 `TASK_NOT_CANCELLABLE`.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Task'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tasks/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Retry a failed or dead task
     * @description Puts it back in its queue with fresh attempts; other statuses answer 409 `TASK_NOT_RETRYABLE`.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Task'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * System status
     * @description Task counts per queue and status, registered workers, blob and data dir sizes. Where the server keeps its data and the pid and host of each worker are left out (`sift status` on the machine shows them; admins will see them here once identity exists).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SystemStatus'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/limits': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Upload and request limits
     * @description The limits the server enforces, so that a client can refuse an oversize or unsupported file before sending it: bytes per file by category, files per upload, accepted formats, the JSON body limit, tag and metadata caps. Read from the same objects the upload route enforces.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SystemLimits'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/embeddings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Vector spaces and the switch to a new model
     * @description The space searches read, the configured one, the serving space’s fusion weight and the latest check of switching to the configured one: `held` with its reasons while it waits for an admin.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['EmbeddingsOverview'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/embeddings/swap': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Switch to the new vector space anyway
     * @description Overrides a held (or not yet checked) blue/green switch: the configured model’s space serves searches now when it is complete, or as soon as the re-embedding task (`task_id`) completes, without a check. 409 VECTOR_SPACE_NO_SWITCH when it already serves.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SwapDecision'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/embeddings/discard': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Discard the new vector space
     * @description Refuses the configured model’s space: its vectors are dropped, searches keep the old space, and it is not rebuilt until a recheck. Configure another model (or the old one) to go on.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SwapDecision'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/embeddings/recheck': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Check the new vector space again
     * @description Clears a hold or a discard and enqueues the re-embedding task, which fills what is missing, runs the sample of queries against both spaces again and switches if it passes.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SwapDecision'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/embeddings/hybrid-alpha': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Set the serving space’s fusion weight
     * @description The weight of the vector leg in relative hybrid fusion for searches that name no `alpha`, kept with the serving vector space (a new model’s space starts from its own preset). SIFT_HYBRID_ALPHA, when set, still overrides it. `sift eval --tune` measures the best one on a dev set.
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Weight of the vector leg, 0 lexical … 1 vector */
            alpha: number;
            /** @description Why, e.g. what it was tuned on */
            note?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SpaceHybridAlpha'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List documents
     * @description Filtered and sorted (default: newest upload first); paged with `next_cursor`.
     */
    get: {
      parameters: {
        query?: {
          /** @description Comma-separated: uploaded, queued, processing, processed, failed */
          status?: string;
          /** @description Comma-separated content types or categories (document, image, audio, archive) */
          type?: string;
          collection_id?: string;
          /** @description Includes subfolders */
          folder_id?: string;
          tag?: string;
          source_id?: string;
          /** @description Members of this archive / attachments of this e-mail */
          parent_id?: string;
          /** @description Only uploads, not archive members */
          top_level?: 'true' | 'false';
          /** @description Comma-separated ISO 639 codes (en, de) of the detected or declared language; any of them */
          language?: string;
          uploaded_from?: string;
          uploaded_to?: string;
          /** @description `name` is the title, else the filename, case-insensitive; `type` the content type; documents not processed yet have no `processed_at` and sort as the lowest. Ties keep upload order. */
          sort?: 'uploaded_at' | 'name' | 'size' | 'status' | 'type' | 'chunk_count' | 'processed_at';
          /** @description Default: `asc` for name, status and type, `desc` (newest, largest first) for the others */
          order?: 'asc' | 'desc';
          limit?: number;
          /** @description `next_cursor` of the previous page, with the same sort and order (else 400 `INVALID_CURSOR`) */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Document'][];
              next_cursor: string | null;
            };
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Upload documents
     * @description multipart/form-data with one or many `file` parts. Optional fields `collection_id`, `folder_id`, `tags` (comma-separated or JSON array) and `metadata` (JSON object) must come before the files. Each file is streamed to storage, checked by its magic bytes and queued for processing. The same bytes in the same collection return the existing document with `duplicate: true`. A single file that is refused answers with its problem (413 too large, 415 wrong type, 400 empty); with several files each item reports its own outcome. A request that fails as a whole keeps none of its files: too many files (413 `UPLOAD_TOO_MANY_FILES`), a malformed or cut-off body (400 `UPLOAD_MALFORMED`), a field after a file or an unknown or invalid field, tags or metadata over their limits, an unknown collection or folder. Uploads are refused before any byte is read with 503 `QUEUE_FULL` (and `Retry-After`) while more tasks wait than `SIFT_INTAKE_MAX_PENDING`, and with 507 `INSUFFICIENT_STORAGE` while the disk is full or read-only. A 202 is sent only once what it lists is durable on disk.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: (
                | {
                    filename: string;
                    document_id: string;
                    task_id: string | null;
                    /** @enum {string} */
                    status: 'uploaded' | 'queued' | 'processing' | 'processed' | 'failed';
                    /** @description The same bytes already exist in this collection; nothing was reprocessed */
                    duplicate: boolean;
                    document: components['schemas']['Document'];
                  }
                | {
                    filename: string;
                    error: {
                      code: string;
                      message: string;
                      status: number;
                    };
                  }
              )[];
            };
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The upload is too large */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The upload type is not supported */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not ready or overloaded; retry after the `Retry-After` seconds */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The server has no room to store this (disk full or read-only); nothing was kept */
        507: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a document (status, stage, progress, metadata, error) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Document'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a document with its members, chunks, index rows and (when unused) its bytes */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              deleted: string[];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change tags, collection, folder or user metadata */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Replaces the tags; at most 100 of 100 characters each */
            tags?: string[];
            collection_id?: string | null;
            folder_id?: string | null;
            /** @description Replaces the user metadata; at most 64 KB as JSON, nested at most 10 levels */
            metadata?: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Document'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/documents/{id}/file': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download the original file
     * @description Answers one `Range: bytes=…` with 206 (media players seek in audio and video with ranges); several ranges get the whole file.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The original bytes, with their content type */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description The requested range of the bytes (`Content-Range`) */
        206: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The range starts past the end of the file */
        416: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{id}/text': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The extracted text with its structure (blocks, pages)
     * @description With `Accept: text/plain` only the text.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json':
              | {
                  document_id: string;
                  text: string;
                  blocks: {
                    [key: string]: unknown;
                  }[];
                  pages: {
                    number: number;
                    start: number;
                    end: number;
                    source?: string;
                  }[];
                  extractor: {
                    name: string;
                    version: string;
                  };
                }
              | string;
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{id}/chunks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The chunks of a document, in order, with their exact character ranges */
    get: {
      parameters: {
        query?: {
          offset?: number;
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Chunk'][];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{id}/reprocess': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Process the document again */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              document: components['schemas']['Document'];
              task: components['schemas']['Task'];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/collections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List collections */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Collection'][];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Create a collection */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            description?: string | null;
            settings?: {
              chunking?: {
                /** @enum {string} */
                strategy?: 'recursive' | 'structure' | 'token';
                size?: number;
                overlap?: number;
              };
              ocr_languages?: string[];
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Collection'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/collections/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a collection */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Collection'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a collection (its documents stay, outside any collection) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Rename a collection or change its settings (applies to documents processed from now on) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            description?: string | null;
            settings?: {
              chunking?: {
                /** @enum {string} */
                strategy?: 'recursive' | 'structure' | 'token';
                size?: number;
                overlap?: number;
              };
              ocr_languages?: string[];
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Collection'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/collections/{id}/sources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Directory sources of a collection */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['DirectorySource'][];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Sync a server directory into the collection
     * @description Registers the directory (or finds it registered) and queues a scan: new files are ingested, changed files re-ingested, deleted files removed. Rescan with `POST /api/v1/sources/:id/scan`. The directory must lie, symbolic links resolved, under one of the roots the server allows (`SIFT_SOURCE_ROOTS`): 403 `SOURCES_DISABLED` when none are configured, 403 `SOURCE_OUTSIDE_ROOTS` otherwise. Scans skip symbolic links that lead out of the directory and list them as `SOURCE_LINK_OUTSIDE` in the task result.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description A directory on the server under one of its source roots, scanned recursively */
            path: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              source: components['schemas']['DirectorySource'];
              task: components['schemas']['Task'];
            };
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sources/{id}/scan': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rescan a directory source */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              task: components['schemas']['Task'];
            };
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sources/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Stop syncing a directory (its documents stay) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/folders': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List folders (flat) */
    get: {
      parameters: {
        query?: {
          collection_id?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Folder'][];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Create a folder */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            parent_id?: string | null;
            collection_id?: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Folder'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/folders/tree': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Folders as a tree */
    get: {
      parameters: {
        query?: {
          collection_id?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['FolderTree'][];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/folders/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a folder */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Folder'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a folder and its subfolders (documents stay, outside any folder) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Rename and/or move a folder */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            /** @description Move under this folder; null moves to the root */
            parent_id?: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Folder'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Search chunks (hybrid by default) with filters, fusion, reranking and highlighted snippets */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            query: string;
            /**
             * @default hybrid
             * @enum {string}
             */
            mode?: 'lexical' | 'semantic' | 'hybrid';
            /** @default {} */
            filters?: {
              /** @description Collection ids or names */
              collections?: string[];
              /** @description Folder ids (subfolders included) */
              folders?: string[];
              documents?: string[];
              /** @description Content types (application/pdf) or categories (document, image, audio, archive) */
              types?: string[];
              tags?: string[];
              languages?: string[];
              /** Format: date-time */
              uploaded_from?: string;
              /** Format: date-time */
              uploaded_to?: string;
              /** @description User metadata key = value; all must match */
              metadata?: {
                [key: string]: string | number | boolean;
              };
            };
            /** @default 10 */
            limit?: number;
            /** @default 0 */
            offset?: number;
            /**
             * @description Hybrid fusion: reciprocal rank fusion (k=60) or relative (normalised scores); default SIFT_HYBRID_FUSION
             * @enum {string}
             */
            fusion?: 'rrf' | 'relative';
            /** @description Weight of the vector leg in relative fusion (0 lexical … 1 vector); implies fusion relative */
            alpha?: number;
            /**
             * @description true: the configured reranker; or a reranker by name
             * @default false
             */
            rerank?: boolean | ('none' | 'mmr' | 'cross-encoder' | 'llm');
            /** @default false */
            group_by_document?: boolean;
            /** @description Drop hits whose fused score is below this */
            min_score?: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SearchResponse'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/documents/{id}/similar': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Documents most like this one (by document vector), the document itself excluded */
    get: {
      parameters: {
        query?: {
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                document_id: string;
                title: string | null;
                filename: string;
                content_type: string;
                score: number;
                /** @description The chunk nearest to the source document */
                chunk_id: string;
              }[];
              warnings: string[];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/search/queries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Recent searches (query analytics) */
    get: {
      parameters: {
        query?: {
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                id: string;
                query: string;
                mode: string;
                filters: {
                  [key: string]: unknown;
                };
                results_count: number;
                latency_ms: number;
                created_at: string;
              }[];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Dashboard statistics
     * @description Documents by status, category and content type (now); over `range`: documents uploaded, processed and failed per bucket, searches and zero-result searches per bucket, search latency percentiles and the most frequent queries without hits. Counted inside the queries over what the caller may see: documents it may read (admins: all), its own searches (unrestricted admins: everyone’s). Buckets are UTC hours or days; the last one is the current, still filling.
     */
    get: {
      parameters: {
        query?: {
          /** @description How far back: a number of hours or days (`24h`, `7d`, `30d`; at most 366d) */
          range?: string;
          /** @description Width of a series point (UTC hours or days); default hour up to 48h, day past it */
          bucket?: 'hour' | 'day';
          /** @description Zero-result queries to list */
          top?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['DashboardStats'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/analytics/overview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Usage at a glance
     * @description Totals over the range: documents uploaded, processed and failed; searches, those without hits and their latency; questions and their not-found rate; distinct active users (admins only). The range is `days` (the last N UTC days, today included; default 30) or `from`/`to` (UTC calendar days, both included); both at once, a `from` after `to` or more than 366 days is 400 ANALYTICS_RANGE_INVALID. Counted inside the queries: unrestricted admins see everyone’s, other callers their own uploads, searches and questions (`scope` says which).
     */
    get: {
      parameters: {
        query?: {
          /** @description The last N UTC days, today included (default 30); not with from/to */
          days?: number;
          /** @description First UTC day (YYYY-MM-DD), inclusive; default 30 days before `to` */
          from?: string;
          /** @description Last UTC day (YYYY-MM-DD), inclusive; default today */
          to?: string;
          /** @description Queries or users to list */
          top?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['AnalyticsOverview'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/analytics/documents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Uploads and processing per day and type
     * @description Documents uploaded, processed and failed per day and type family (pdf, word, spreadsheet, …), and p50/p95 processing time per pipeline stage (extract, chunk, embed, index) and in total. Archive members count as processed documents of their own, not as uploads. The range is `days` (the last N UTC days, today included; default 30) or `from`/`to` (UTC calendar days, both included); both at once, a `from` after `to` or more than 366 days is 400 ANALYTICS_RANGE_INVALID. Counted inside the queries: unrestricted admins see everyone’s, other callers their own uploads, searches and questions (`scope` says which).
     */
    get: {
      parameters: {
        query?: {
          /** @description The last N UTC days, today included (default 30); not with from/to */
          days?: number;
          /** @description First UTC day (YYYY-MM-DD), inclusive; default 30 days before `to` */
          from?: string;
          /** @description Last UTC day (YYYY-MM-DD), inclusive; default today */
          to?: string;
          /** @description Queries or users to list */
          top?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['DocumentAnalytics'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/analytics/search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Searches per day, latency per mode, top queries
     * @description Searches and zero-result searches per day, p50/p95 latency and zero results per search mode, the `top` most frequent queries and queries without hits (from the query log). The range is `days` (the last N UTC days, today included; default 30) or `from`/`to` (UTC calendar days, both included); both at once, a `from` after `to` or more than 366 days is 400 ANALYTICS_RANGE_INVALID. Counted inside the queries: unrestricted admins see everyone’s, other callers their own uploads, searches and questions (`scope` says which).
     */
    get: {
      parameters: {
        query?: {
          /** @description The last N UTC days, today included (default 30); not with from/to */
          days?: number;
          /** @description First UTC day (YYYY-MM-DD), inclusive; default 30 days before `to` */
          from?: string;
          /** @description Last UTC day (YYYY-MM-DD), inclusive; default today */
          to?: string;
          /** @description Queries or users to list */
          top?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SearchAnalytics'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/analytics/questions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Questions asked and their not-found rate
     * @description Questions answered (chat and ask) per day, those answered "not found", the not-found rate and p50/p95 answer time. The range is `days` (the last N UTC days, today included; default 30) or `from`/`to` (UTC calendar days, both included); both at once, a `from` after `to` or more than 366 days is 400 ANALYTICS_RANGE_INVALID. Counted inside the queries: unrestricted admins see everyone’s, other callers their own uploads, searches and questions (`scope` says which).
     */
    get: {
      parameters: {
        query?: {
          /** @description The last N UTC days, today included (default 30); not with from/to */
          days?: number;
          /** @description First UTC day (YYYY-MM-DD), inclusive; default 30 days before `to` */
          from?: string;
          /** @description Last UTC day (YYYY-MM-DD), inclusive; default today */
          to?: string;
          /** @description Queries or users to list */
          top?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['QuestionAnalytics'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/analytics/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Active users (admin)
     * @description Distinct users active (searched, uploaded or asked) per day, over the range and in its last 7 days, and the `top` most active users. Admins only. The range is `days` (the last N UTC days, today included; default 30) or `from`/`to` (UTC calendar days, both included); both at once, a `from` after `to` or more than 366 days is 400 ANALYTICS_RANGE_INVALID.
     */
    get: {
      parameters: {
        query?: {
          /** @description The last N UTC days, today included (default 30); not with from/to */
          days?: number;
          /** @description First UTC day (YYYY-MM-DD), inclusive; default 30 days before `to` */
          from?: string;
          /** @description Last UTC day (YYYY-MM-DD), inclusive; default today */
          to?: string;
          /** @description Queries or users to list */
          top?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['UserAnalytics'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/backups': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List backups
     * @description Archives in SIFT_BACKUP_DIR (completed) and backup tasks that are queued, running or failed, newest first.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** Format: uuid */
                id: string;
                /** @enum {string} */
                status: 'queued' | 'running' | 'completed' | 'failed';
                scheduled: boolean;
                /** @description Size of the archive; null until completed */
                bytes: number | null;
                /** Format: date-time */
                created_at: string;
                /** @description The `system.backup` task while queued, running or failed */
                task_id: string | null;
                error: {
                  code: string;
                  message: string;
                } | null;
                manifest: {
                  format: number;
                  id: string;
                  sift_version: string;
                  /** Format: date-time */
                  created_at: string;
                  /** @enum {string} */
                  shape: 'embedded' | 'postgres';
                  /** @description The newest schema migration of the archived database */
                  migration_level: number;
                  counts: {
                    documents: number;
                    chunks: number;
                    vectors: number;
                    blobs: number;
                  };
                  /** @description ANN index files: copied, or rebuilt by the restored instance */
                  ann: {
                    space: string;
                    /** @enum {string} */
                    status: 'included' | 'rebuild';
                  }[];
                  /** @description Referenced blobs the store no longer had (damage at the source) */
                  missing_blobs: string[];
                  /** @description Files in the archive, each with its SHA-256 in manifest.json */
                  files: number;
                } | null;
              }[];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Start an online backup
     * @description Queues a `system.backup` task that writes one archive (SQLite online backup, the blobs it references, ANN index files or a note to rebuild them, signing keys; manifest.json with counts and SHA-256 of every file) into SIFT_BACKUP_DIR while Sift keeps serving. When a backup is already queued or running, that one is returned. On PostgreSQL the archive holds a pg_dump custom-format dump of one exported snapshot instead of sift.db.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** Format: uuid */
              backup_id: string;
              task_id: string;
              /** @description The task status: `pending` (queued) or `running` when one was already going */
              status: string;
            };
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/admin/backups/{id}/archive': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download a backup archive
     * @description The `.tar.gz` of a completed backup, to keep elsewhere or restore with `sift restore`.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The archive (application/gzip) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/chat/sessions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List chat sessions */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['ChatSession'][];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Start a chat session over a scope */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            title?: string;
            /** @default {} */
            scope?: {
              /** @description Collection ids or names */
              collections?: string[];
              /** @description Folder ids (subfolders included) */
              folders?: string[];
              documents?: string[];
              /** @description Content types (application/pdf) or categories (document, image, audio, archive) */
              types?: string[];
              tags?: string[];
              languages?: string[];
              /** Format: date-time */
              uploaded_from?: string;
              /** Format: date-time */
              uploaded_to?: string;
              /** @description User metadata key = value; all must match */
              metadata?: {
                [key: string]: string | number | boolean;
              };
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ChatSession'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/chat/sessions/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A chat session with its messages and their citations */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              title: string;
              scope: {
                /** @description Collection ids or names */
                collections?: string[];
                /** @description Folder ids (subfolders included) */
                folders?: string[];
                documents?: string[];
                /** @description Content types (application/pdf) or categories (document, image, audio, archive) */
                types?: string[];
                tags?: string[];
                languages?: string[];
                /** Format: date-time */
                uploaded_from?: string;
                /** Format: date-time */
                uploaded_to?: string;
                /** @description User metadata key = value; all must match */
                metadata?: {
                  [key: string]: string | number | boolean;
                };
              };
              created_at: string;
              updated_at: string;
              messages: components['schemas']['ChatMessage'][];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a chat session and its messages */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Rename a chat session */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            title: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ChatSession'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/chat/sessions/{id}/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ask in a session: the answer streams as Server-Sent Events
     * @description Streams Server-Sent Events: `token` ({text}) while the answer is produced, one `citations`, then `done` (mode, model, usage, timings); `error` ({code, message}) if it fails midway. Send `Accept: application/json` for the whole answer at once.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            content: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Answer'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ask': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Ask once, without a session (JSON by default; `Accept: text/event-stream` streams) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            question: string;
            /** @default {} */
            scope?: {
              /** @description Collection ids or names */
              collections?: string[];
              /** @description Folder ids (subfolders included) */
              folders?: string[];
              documents?: string[];
              /** @description Content types (application/pdf) or categories (document, image, audio, archive) */
              types?: string[];
              tags?: string[];
              languages?: string[];
              /** Format: date-time */
              uploaded_from?: string;
              /** Format: date-time */
              uploaded_to?: string;
              /** @description User metadata key = value; all must match */
              metadata?: {
                [key: string]: string | number | boolean;
              };
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Answer'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/chunks/{id}/context': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A chunk with the text around it, for previewing a cited source */
    get: {
      parameters: {
        query?: {
          chars?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              chunk_id: string;
              document_id: string;
              title: string | null;
              filename: string;
              page_from: number | null;
              page_to: number | null;
              heading_path: string[];
              /** @description Where the text sits outside the body: page header/footer, note, comment, chart, shape, form field */
              origin: ('header' | 'footer' | 'note' | 'comment' | 'chart' | 'shape' | 'field') | null;
              start_char: number;
              end_char: number;
              before: string;
              content: string;
              after: string;
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One’s notifications, newest first
     * @description Documents processed (one notification per 15-minute window, counting its documents) or failed (one each), directory scans that changed something, and for admins finished re-embeddings and backups. New ones are pushed on the live event stream as `notification.created`.
     */
    get: {
      parameters: {
        query?: {
          /** @description Only unread notifications */
          unread?: 'true' | 'false';
          limit?: number;
          /** @description `next_cursor` of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Notification'][];
              next_cursor: string | null;
              /** @description All unread notifications of the caller */
              unread_count: number;
            };
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notifications/{id}/read': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark one of one’s notifications read */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notifications/read-all': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark all of one’s notifications read */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description How many were unread */
              marked: number;
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One’s webhooks; admins: `all=true` for everyone’s */
    get: {
      parameters: {
        query?: {
          /** @description Admins: everyone’s webhooks */
          all?: 'true' | 'false';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['Webhook'][];
            };
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Register a webhook; its signing secret is in the answer, once
     * @description Each delivery is a POST of JSON `{id, type, created_at, data}` with headers `Sift-Event`, `Sift-Delivery` and `Sift-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>`. Receivers recompute the HMAC over the raw body, compare in constant time, and refuse a `t` more than 5 minutes from their clock (replays). 2xx succeeds; network errors, timeouts, 5xx, 408 and 429 are retried with backoff (6 attempts); other answers (redirects are not followed) fail at once.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * Format: uri
             * @description Where deliveries are POSTed. Refused (WEBHOOK_URL_FORBIDDEN) when it resolves to a loopback, link-local or private address, unless SIFT_WEBHOOK_ALLOW_PRIVATE=true
             */
            url: string;
            /** @description Events to deliver; only those the owner may see are sent */
            events: (
              | 'document.created'
              | 'document.processed'
              | 'document.failed'
              | 'document.deleted'
              | 'source.scanned'
              | 'search.space_switched'
              | 'task.failed'
              | 'task.dead'
              | 'backup.completed'
              | 'backup.failed'
            )[];
            description?: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              owner_id: string;
              url: string;
              description: string | null;
              events: (
                | 'document.created'
                | 'document.processed'
                | 'document.failed'
                | 'document.deleted'
                | 'source.scanned'
                | 'search.space_switched'
                | 'task.failed'
                | 'task.dead'
                | 'backup.completed'
                | 'backup.failed'
              )[];
              active: boolean;
              /** Format: date-time */
              created_at: string;
              /** Format: date-time */
              updated_at: string;
              /** @description Signs every delivery; shown once */
              secret: string;
            };
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A webhook (one’s own; admins any) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Webhook'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a webhook and its delivery log */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change a webhook’s URL, events, description, or switch it off and on */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * Format: uri
             * @description Where deliveries are POSTed. Refused (WEBHOOK_URL_FORBIDDEN) when it resolves to a loopback, link-local or private address, unless SIFT_WEBHOOK_ALLOW_PRIVATE=true
             */
            url?: string;
            /** @description Events to deliver; only those the owner may see are sent */
            events?: (
              | 'document.created'
              | 'document.processed'
              | 'document.failed'
              | 'document.deleted'
              | 'source.scanned'
              | 'search.space_switched'
              | 'task.failed'
              | 'task.dead'
              | 'backup.completed'
              | 'backup.failed'
            )[];
            description?: string | null;
            active?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Webhook'];
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/webhooks/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The delivery log of a webhook, newest first: every attempt with its status code and latency */
    get: {
      parameters: {
        query?: {
          limit?: number;
          cursor?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: components['schemas']['WebhookDelivery'][];
              next_cursor: string | null;
            };
          };
        };
        /** @description The request is invalid (`VALIDATION_FAILED` names the fields) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a `ping` delivery now (through the queue, like any other) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['WebhookDelivery'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a finished delivery again (same body, a fresh signature) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          deliveryId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['WebhookDelivery'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such resource */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The resource is not in a state that allows this */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Live events (WebSocket, or server-sent events)
     * @description What happens to the tasks, documents and sources the caller may see, as it happens: a WebSocket when the request upgrades (one JSON `LiveEvent` per message), `text/event-stream` otherwise (`id:` and `data:` lines, a comment as heartbeat every 15 s). Buffered events after `Last-Event-ID` (or `last_event_id`) are replayed first, then `ready`; a `resync` asks the client to refetch what it shows. A cookie-authenticated WebSocket must come from the server’s own origin or a listed CORS origin. Streams end when the credentials expire or are revoked (WebSocket close code 4401) and on shutdown (1001); reconnect with the last id to miss nothing.
     */
    get: {
      parameters: {
        query?: {
          /** @description Resume after this event (WebSocket; for server-sent events the `Last-Event-ID` header wins) */
          last_event_id?: string;
        };
        header?: {
          /** @description Resume after this event; browsers send it when an EventSource reconnects */
          'last-event-id'?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A stream of LiveEvent messages */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'text/event-stream': components['schemas']['LiveEvent'];
          };
        };
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Prometheus metrics
     * @description Every metric of this process in the Prometheus text exposition format (version 0.0.4): HTTP, queues and jobs, the ingest pipeline, embedding, search, the LLM, storage and process figures. Admins only; scrape with an admin API key as bearer token, or use the separate listener (SIFT_METRICS_PORT).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Error */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed on this server */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many requests (`RATE_LIMITED`); retry after the `Retry-After` seconds */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    AnalyticsOverview: {
      /**
       * Format: date-time
       * @description Start of the first day (inclusive)
       */
      from: string;
      /**
       * Format: date-time
       * @description End of the last day (exclusive)
       */
      to: string;
      days: number;
      /**
       * @description `all`: everyone’s (admins); `own`: the caller’s own uploads, searches and questions
       * @enum {string}
       */
      scope: 'all' | 'own';
      documents: {
        uploaded: number;
        processed: number;
        failed: number;
      };
      search: {
        searches: number;
        zero_results: number;
        latency_ms: {
          count: number;
          p50: number | null;
          p95: number | null;
          p99: number | null;
          max: number | null;
          mean: number | null;
        };
      };
      questions: {
        asked: number;
        not_found: number;
        /** @description not_found / asked; null without questions */
        not_found_rate: number | null;
      };
      /** @description Distinct active users in the range and in its last 7 days; only in the `all` scope */
      active_users: {
        total: number;
        weekly: number;
      } | null;
    };
    Answer: {
      answer: string;
      /** @enum {string} */
      mode: 'llm' | 'extractive' | 'not_found';
      model: string | null;
      citations: components['schemas']['Citation'][];
      usage: {
        prompt_tokens: number | null;
        completion_tokens: number | null;
      } | null;
      timings: {
        retrieval_ms: number;
        generation_ms: number;
        total_ms: number;
        first_token_ms: number | null;
      };
      /** @description The stored assistant message (session answers) */
      message_id?: string;
    };
    ApiKey: {
      id: string;
      user_id: string;
      name: string;
      /** @description The visible start of the key */
      prefix: string;
      scopes: ('read' | 'write' | 'admin')[];
      collection_ids: string[] | null;
      rate_limit_per_minute: number | null;
      expires_at: string | null;
      revoked_at: string | null;
      last_used_at: string | null;
      last_used_ip: string | null;
      /** Format: date-time */
      created_at: string;
    };
    AuditRecord: {
      id: string;
      /** Format: date-time */
      at: string;
      actor_user_id: string | null;
      actor_key_id: string | null;
      action: string;
      entity_type: string;
      entity_id: string | null;
      before: {
        [key: string]: unknown;
      } | null;
      after: {
        [key: string]: unknown;
      } | null;
      /** @enum {string} */
      outcome: 'success' | 'failure';
      ip: string | null;
      user_agent: string | null;
      request_id: string | null;
    };
    ChatMessage: {
      id: string;
      /** @enum {string} */
      role: 'user' | 'assistant';
      content: string;
      citations: components['schemas']['Citation'][];
      mode: ('llm' | 'extractive' | 'not_found') | null;
      model: string | null;
      usage: {
        prompt_tokens: number | null;
        completion_tokens: number | null;
      } | null;
      timings: {
        retrieval_ms: number;
        generation_ms: number;
        total_ms: number;
        first_token_ms: number | null;
      } | null;
      created_at: string;
    };
    ChatSession: {
      id: string;
      title: string;
      scope: {
        /** @description Collection ids or names */
        collections?: string[];
        /** @description Folder ids (subfolders included) */
        folders?: string[];
        documents?: string[];
        /** @description Content types (application/pdf) or categories (document, image, audio, archive) */
        types?: string[];
        tags?: string[];
        languages?: string[];
        /** Format: date-time */
        uploaded_from?: string;
        /** Format: date-time */
        uploaded_to?: string;
        /** @description User metadata key = value; all must match */
        metadata?: {
          [key: string]: string | number | boolean;
        };
      };
      created_at: string;
      updated_at: string;
    };
    Chunk: {
      id: string;
      document_id: string;
      index: number;
      content: string;
      start_char: number;
      end_char: number;
      page_from: number | null;
      page_to: number | null;
      heading_path: string[];
      /** @description Where the text sits outside the body: page header/footer, note, comment, chart, shape, form field */
      origin: ('header' | 'footer' | 'note' | 'comment' | 'chart' | 'shape' | 'field') | null;
      time_start_ms: number | null;
      time_end_ms: number | null;
      token_count: number;
      confidence: number | null;
    };
    Citation: {
      /** @description The [n] marker in the answer */
      n: number;
      document_id: string;
      title: string | null;
      filename: string;
      chunk_id: string;
      page_from: number | null;
      page_to: number | null;
      /** @description Where the text sits outside the body: page header/footer, note, comment, chart, shape, form field */
      origin: ('header' | 'footer' | 'note' | 'comment' | 'chart' | 'shape' | 'field') | null;
      /** @description Exact range in the document text */
      start_char: number;
      end_char: number;
      /** @description The cited text: document text [start_char, end_char) */
      quote: string;
    };
    Collection: {
      id: string;
      name: string;
      description: string | null;
      settings: {
        /** @description structure (default), recursive or token; size/overlap in characters (tokens for token) */
        chunking: {
          /** @enum {string} */
          strategy: 'recursive' | 'structure' | 'token';
          size: number;
          overlap: number;
        };
        /** @description Tesseract codes, e.g. ["eng", "deu"] */
        ocr_languages: string[];
      };
      embedding_model: string | null;
      embedding_dim: number | null;
      document_count: number;
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      updated_at: string;
    };
    DashboardStats: {
      range: string;
      /** @enum {string} */
      bucket: 'hour' | 'day';
      /**
       * Format: date-time
       * @description Start of the first bucket (inclusive)
       */
      from: string;
      /**
       * Format: date-time
       * @description End of the last, current bucket (exclusive)
       */
      to: string;
      /** @description What was counted: every document or those the caller may read; every search or its own */
      scope: {
        /** @enum {string} */
        documents: 'all' | 'readable';
        /** @enum {string} */
        searches: 'all' | 'own';
      };
      documents: {
        total: number;
        total_bytes: number;
        by_status: {
          uploaded: number;
          queued: number;
          processing: number;
          processed: number;
          failed: number;
        };
        by_category: {
          document: number;
          image: number;
          audio: number;
          archive: number;
        };
        /** @description Most documents first */
        by_content_type: {
          content_type: string;
          count: number;
        }[];
      };
      ingest: {
        uploaded: number;
        processed: number;
        failed: number;
        /** @description One point per bucket: documents uploaded, documents whose processing finished, and documents failed now that last changed in the bucket */
        series: {
          /** Format: date-time */
          start: string;
          uploaded: number;
          processed: number;
          failed: number;
        }[];
      };
      search: {
        searches: number;
        zero_results: number;
        /** @description Nearest-rank percentiles over the range; null without searches */
        latency_ms: {
          count: number;
          p50: number | null;
          p95: number | null;
          p99: number | null;
          max: number | null;
          mean: number | null;
        };
        series: {
          /** Format: date-time */
          start: string;
          searches: number;
          zero_results: number;
        }[];
        /** @description Queries without hits (trimmed, lower case), most frequent first */
        top_zero_result_queries: {
          query: string;
          count: number;
          /** Format: date-time */
          last_seen_at: string;
        }[];
      };
    };
    DirectorySource: {
      id: string;
      collection_id: string;
      path: string;
      last_scan_at: string | null;
      last_scan: {
        added: number;
        changed: number;
        removed: number;
        unchanged: number;
        failed: number;
      } | null;
      /** Format: date-time */
      created_at: string;
    };
    Document: {
      id: string;
      owner_id: string;
      collection_id: string | null;
      folder_id: string | null;
      /** @description Set for archive members and e-mail attachments */
      parent_document_id: string | null;
      source_id: string | null;
      source_path: string | null;
      filename: string;
      original_filename: string;
      content_type: string;
      /** @enum {string} */
      category: 'document' | 'image' | 'audio' | 'archive';
      size: number;
      sha256: string;
      /** @enum {string} */
      status: 'uploaded' | 'queued' | 'processing' | 'processed' | 'failed';
      /** @description extract, chunk, index while processing */
      stage: string | null;
      progress: number;
      error: {
        code: string;
        message: string;
      } | null;
      /** @description What processing noticed without failing: `EMPTY_TEXT` (no words: a photo, silence, a scan OCR could not read), `DOCUMENT_UNREADABLE` (garbage text in a container whose members were kept), `EXTRACTION_WARNING` (a page, member or stream that could not be read) */
      warnings: {
        code: string;
        message: string;
      }[];
      metadata: {
        [key: string]: unknown;
      };
      tags: string[];
      title: string | null;
      language: string | null;
      chunk_count: number;
      processing_ms: number | null;
      task_id: string | null;
      /** Format: date-time */
      uploaded_at: string;
      processed_at: string | null;
      /** Format: date-time */
      updated_at: string;
    };
    DocumentAnalytics: {
      /**
       * Format: date-time
       * @description Start of the first day (inclusive)
       */
      from: string;
      /**
       * Format: date-time
       * @description End of the last day (exclusive)
       */
      to: string;
      days: number;
      /**
       * @description `all`: everyone’s (admins); `own`: the caller’s own uploads, searches and questions
       * @enum {string}
       */
      scope: 'all' | 'own';
      uploaded: number;
      processed: number;
      failed: number;
      /** @description Type families seen in the range, most uploads first */
      by_type: {
        /** @enum {string} */
        type:
          | 'pdf'
          | 'word'
          | 'spreadsheet'
          | 'presentation'
          | 'text'
          | 'html'
          | 'email'
          | 'image'
          | 'audio'
          | 'archive'
          | 'other';
        uploaded: number;
        processed: number;
        failed: number;
      }[];
      series: {
        /** Format: date-time */
        start: string;
        uploaded: number;
        processed: number;
        failed: number;
        by_type: {
          /** @enum {string} */
          type:
            | 'pdf'
            | 'word'
            | 'spreadsheet'
            | 'presentation'
            | 'text'
            | 'html'
            | 'email'
            | 'image'
            | 'audio'
            | 'archive'
            | 'other';
          uploaded: number;
          processed: number;
          failed: number;
        }[];
      }[];
      /** @description Processing time per pipeline stage of the documents processed in the range */
      stages: {
        count: number;
        p50: number | null;
        p95: number | null;
        /** @enum {string} */
        stage: 'extract' | 'chunk' | 'embed' | 'index' | 'total';
      }[];
    };
    EmbeddingsOverview: {
      serving_space: string | null;
      target_space: string | null;
      /** @description The serving space’s own fusion weight (SIFT_HYBRID_ALPHA, when set, overrides it) */
      hybrid_alpha: components['schemas']['SpaceHybridAlpha'] | null;
      /** @description The latest check of switching to target_space */
      swap: components['schemas']['SwapCheck'] | null;
    };
    Folder: {
      id: string;
      name: string;
      parent_id: string | null;
      collection_id: string | null;
      path: string;
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      updated_at: string;
    };
    FolderTree: {
      id: string;
      name: string;
      parent_id: string | null;
      collection_id: string | null;
      path: string;
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      updated_at: string;
      children: components['schemas']['FolderTree'][];
    };
    Group: {
      id: string;
      name: string;
      member_ids: string[];
      /** Format: date-time */
      created_at: string;
    };
    LiveEvent:
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @enum {string} */
          type:
            | 'task.created'
            | 'task.started'
            | 'task.succeeded'
            | 'task.retrying'
            | 'task.failed'
            | 'task.dead'
            | 'task.cancelled';
          task: components['schemas']['Task'];
        }
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @constant */
          type: 'task.progress';
          task_id: string;
          progress: number;
          stage: string | null;
        }
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @enum {string} */
          type: 'document.created' | 'document.processed' | 'document.failed';
          document: components['schemas']['Document'];
        }
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @constant */
          type: 'document.progress';
          document_id: string;
          collection_id: string | null;
          stage: string | null;
          progress: number;
        }
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @constant */
          type: 'document.deleted';
          document_id: string;
          collection_id: string | null;
        }
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @constant */
          type: 'search.space_switched';
          from: string | null;
          to: string;
        }
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @constant */
          type: 'source.scanned';
          source_id: string;
          collection_id: string;
          summary: {
            added: number;
            changed: number;
            removed: number;
            unchanged: number;
            failed: number;
          };
        }
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @constant */
          type: 'backup.completed';
          backup_id: string;
          file: string;
          bytes: number;
          duration_ms: number;
        }
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @constant */
          type: 'backup.failed';
          backup_id: string;
          code: string;
          message: string;
        }
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @constant */
          type: 'notification.created';
          notification: {
            id: string;
            kind: string;
            title: string;
            body: string | null;
            link: string | null;
            created_at: string;
          };
        }
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @constant */
          type: 'ready';
        }
      | {
          /** @description Opaque position in the feed; send it back as `Last-Event-ID` or `last_event_id` */
          id: string;
          /** @constant */
          type: 'resync';
          /** @enum {string} */
          reason: 'expired' | 'unknown' | 'overflow';
        };
    Liveness: {
      /** @constant */
      status: 'ok';
      /** @description Seconds since the process started */
      uptime_s: number;
      version: string;
    };
    Notification: {
      id: string;
      /** @enum {string} */
      kind:
        | 'documents.processed'
        | 'document.failed'
        | 'source.scanned'
        | 'reembed.finished'
        | 'backup.completed'
        | 'backup.failed';
      title: string;
      body: string | null;
      /** @description Where in the web UI it leads (a path) */
      link: string | null;
      /** @description Occurrences it stands for: processed documents of one 15-minute window share one notification */
      count: number;
      read: boolean;
      read_at: string | null;
      /** Format: date-time */
      created_at: string;
      /**
       * Format: date-time
       * @description When its last occurrence was added
       */
      updated_at: string;
    };
    Problem: {
      /** @description URI naming the problem type (`urn:sift:error:<code>`) */
      type: string;
      /** @description The HTTP status phrase */
      title: string;
      status: number;
      /** @description What went wrong this time, for humans */
      detail: string;
      /** @description Stable machine-readable error code, e.g. `TASK_NOT_FOUND` */
      code: string;
      /** @description Path of the request */
      instance: string;
      /** @description Also in the `x-request-id` header and in the server logs */
      request_id: string;
      /** @description Field issues of a `VALIDATION_FAILED` error */
      errors?: {
        /**
         * @description Which part of the request
         * @enum {string}
         */
        in: 'body' | 'querystring' | 'params' | 'headers';
        /** @description Dotted path of the field, e.g. `limit` or `status.1` */
        field: string;
        message: string;
        /** @description Machine-readable reason, e.g. `invalid_type` */
        code: string;
      }[];
    } & {
      [key: string]: unknown;
    };
    QuestionAnalytics: {
      /**
       * Format: date-time
       * @description Start of the first day (inclusive)
       */
      from: string;
      /**
       * Format: date-time
       * @description End of the last day (exclusive)
       */
      to: string;
      days: number;
      /**
       * @description `all`: everyone’s (admins); `own`: the caller’s own uploads, searches and questions
       * @enum {string}
       */
      scope: 'all' | 'own';
      asked: number;
      not_found: number;
      /** @description not_found / asked; null without questions */
      not_found_rate: number | null;
      /** @description Nearest-rank percentiles in ms; null without values */
      latency_ms: {
        count: number;
        p50: number | null;
        p95: number | null;
      };
      series: {
        /** Format: date-time */
        start: string;
        asked: number;
        not_found: number;
      }[];
    };
    Readiness: {
      /** @enum {string} */
      status: 'ready' | 'not_ready';
      checks: {
        database: {
          ok: boolean;
          /** @description sqlite (embedded) or postgres */
          engine: string;
          /** @description How long a test write took */
          latency_ms: number;
          error?: string;
        };
        /** @description The job queue: sqlite (embedded, the same database) or redis */
        queue: {
          ok: boolean;
          engine: string;
          /** @description How long the probe took */
          latency_ms: number;
          /** @description Why the backend did not answer (its address is not shown) */
          error?: string;
        };
        /** @description The vector index: sqlite (embedded, the same database), postgres (exact search) or chroma */
        vectors: {
          ok: boolean;
          engine: string;
          /** @description How long the probe took */
          latency_ms: number;
          /** @description Why the backend did not answer (its address is not shown) */
          error?: string;
        };
        disk: {
          ok: boolean;
          /** @description Free space in the data dir */
          free_mb: number;
          /** @description SIFT_MIN_FREE_DISK_MB */
          min_free_mb: number;
          error?: string;
        };
        workers: {
          ok: boolean;
          detail: string;
        };
        /** @description Present when an LLM is configured */
        llm?: {
          ok: boolean;
          provider: string;
          model: string;
          /**
           * @description open: answers fall back to extractive
           * @enum {string}
           */
          circuit: 'closed' | 'open' | 'half_open';
          error?: string;
        };
        /** @description The embedder this process runs; absent with SIFT_EMBEDDER=none */
        embedder?: {
          /** @description false while the model does not load (search is then lexical only) */
          ok: boolean;
          /** @enum {string} */
          engine: 'use-lite' | 'transformers' | 'openai' | 'ollama';
          model: string;
          /** @description transformers: the ONNX weights, fp32 or q8 */
          dtype?: string;
          pooling?: string;
          /** @description Why this embedder serves (SIFT_EMBEDDER=auto chooses) */
          reason: string;
          error?: string;
        };
      };
      /** @description Backpressure: uploads get 503 QUEUE_FULL while more tasks than the limit wait */
      intake?: {
        pending_tasks: number;
        /** @description SIFT_INTAKE_MAX_PENDING */
        max_pending_tasks: number;
        accepting_uploads: boolean;
      };
    };
    SearchAnalytics: {
      /**
       * Format: date-time
       * @description Start of the first day (inclusive)
       */
      from: string;
      /**
       * Format: date-time
       * @description End of the last day (exclusive)
       */
      to: string;
      days: number;
      /**
       * @description `all`: everyone’s (admins); `own`: the caller’s own uploads, searches and questions
       * @enum {string}
       */
      scope: 'all' | 'own';
      searches: number;
      zero_results: number;
      latency_ms: {
        count: number;
        p50: number | null;
        p95: number | null;
        p99: number | null;
        max: number | null;
        mean: number | null;
      };
      series: {
        /** Format: date-time */
        start: string;
        searches: number;
        zero_results: number;
      }[];
      by_mode: {
        count: number;
        p50: number | null;
        p95: number | null;
        mode: string;
        zero_results: number;
      }[];
      /** @description Most frequent queries (trimmed, lower case) */
      top_queries: {
        query: string;
        count: number;
        zero_results: number;
        /** Format: date-time */
        last_seen_at: string;
      }[];
      zero_result_queries: {
        query: string;
        count: number;
        /** Format: date-time */
        last_seen_at: string;
      }[];
    };
    SearchHit: {
      chunk_id: string;
      document_id: string;
      title: string | null;
      filename: string;
      content_type: string;
      page_from: number | null;
      page_to: number | null;
      heading_path: string[];
      /** @description Where the text sits outside the body: page header/footer, note, comment, chart, shape, form field */
      origin: ('header' | 'footer' | 'note' | 'comment' | 'chart' | 'shape' | 'field') | null;
      start_char: number;
      end_char: number;
      content: string;
      /** @description Matching terms wrapped in <mark>…</mark> */
      snippet: string;
      scores: {
        lexical: number | null;
        vector: number | null;
        fused: number;
        rerank: number | null;
      };
    };
    SearchResponse: {
      hits: components['schemas']['SearchHit'][];
      /** @enum {string} */
      mode: 'lexical' | 'semantic' | 'hybrid';
      reranker: string | null;
      cached: boolean;
      warnings: string[];
      took_ms: number;
    };
    Session: {
      user: components['schemas']['User'];
      /** @description Send as `Authorization: Bearer …`; valid 15 minutes */
      access_token: string;
      /** @description Exchange at POST /api/v1/auth/refresh; valid 30 days, single use */
      refresh_token: string;
      /** Format: date-time */
      access_expires_at: string;
      /** Format: date-time */
      refresh_expires_at: string;
      /** @description For browsers using the cookies: echo it in `x-csrf-token` on changes */
      csrf_token: string;
    };
    Share: {
      collection_id: string;
      /** @enum {string} */
      principal_type: 'user' | 'group';
      principal_id: string;
      /** @enum {string} */
      role: 'viewer' | 'editor';
      /** Format: date-time */
      created_at: string;
    };
    SpaceHybridAlpha: {
      value: number;
      /** @enum {string} */
      source: 'preset' | 'default' | 'tuned' | 'admin';
      note: string | null;
      /** Format: date-time */
      updated_at: string;
    };
    SwapCheck: {
      /**
       * @description `held`: the new space failed its check and searches stay on the old one; `passed`: it switched; `approved`/`discarded`: an admin swapped anyway or refused it; `pending`: a recheck was asked for
       * @enum {string}
       */
      status: 'pending' | 'passed' | 'held' | 'approved' | 'discarded';
      from: string | null;
      /** @description Why the switch is held, one sentence each */
      reasons: string[];
      metrics: {
        queries: number;
        recent_queries: number;
        probes: number;
        empty_answers: number;
        invalid_vectors: number;
        vectors_checked: number;
        query_vector_similarity: number | null;
        distinct_new: number;
        distinct_reference: number;
        agreement: number | null;
        chance_agreement: number | null;
        self_recall_new: number | null;
        self_recall_old: number | null;
      } | null;
      /** Format: date-time */
      checked_at: string;
      /** @description The admin who decided, for approved/discarded/pending */
      decided_by: string | null;
      decided_at: string | null;
    };
    SwapDecision: {
      swap: components['schemas']['SwapCheck'];
      /** @description The new space serves from now on */
      switched: boolean;
      /** @description The re-embedding task that finishes (and rechecks) the new space */
      task_id: string | null;
    };
    SystemLimits: {
      upload: {
        /** @description Largest file per category. A file is held to the limit of its extension’s category (unknown extensions: `document`) while it streams, then to that of the category its bytes show. */
        max_file_bytes: {
          [key: string]: number;
        };
        /** @description Files in one request (413 `UPLOAD_TOO_MANY_FILES`) */
        max_files: number;
        /** @description Non-file fields in one request */
        max_fields: number;
        max_field_bytes: number;
        /** @description Formats accepted by name */
        accepted_types: {
          /** @description Canonical extension, lower case, no dot */
          extension: string;
          /** @description Other spellings of the extension */
          aliases: string[];
          content_type: string;
          /** @enum {string} */
          category: 'document' | 'image' | 'audio' | 'archive';
          /** @description The limit of its category */
          max_bytes: number;
        }[];
        /** @description Every accepted extension, for an `<input type="file" accept>` attribute */
        accept: string;
        /** @description Files with other or no extensions are accepted too when their bytes are text */
        accepts_other_text: boolean;
      };
      /** @description Largest JSON body (413 `PAYLOAD_TOO_LARGE`) */
      json_body_bytes: number;
      documents: {
        max_tags: number;
        /** @description Characters of one tag */
        max_tag_length: number;
        /** @description User metadata as UTF-8 JSON */
        max_metadata_bytes: number;
      };
    };
    SystemStatus: {
      version: string;
      /** @description Bytes of every file under the data dir */
      data_dir_bytes: number;
      /** @description Size of the metadata database, as sift_database_size_bytes reports it; null if unknown */
      database_bytes: number | null;
      blobs: {
        count: number;
        bytes: number;
      };
      /** @description Task counts per queue and status */
      queues: {
        [key: string]: {
          [key: string]: number;
        };
      };
      /** @description Registered worker processes */
      workers: {
        id: string;
        queues: ('high' | 'default' | 'low' | 'maintenance')[];
        /** Format: date-time */
        started_at: string;
        /** Format: date-time */
        last_seen_at: string;
        /** @description Seen within two leases; false means probably dead */
        recent: boolean;
      }[];
      /** @description Workers of the answering process; null when it runs none */
      in_process_workers: {
        id: string;
        alive: boolean;
        active: number;
        queues: ('high' | 'default' | 'low' | 'maintenance')[];
      } | null;
      /** @description Embedding model state */
      embeddings: {
        /** @description The vector space searches read, `<model>@<dims>` */
        serving_space: string | null;
        /** @description The configured embedder’s space; null when its model cannot load here */
        target_space: string | null;
        /** @description The latest index.reembed task: differs from serving_space until it switches */
        reembedding: {
          task_id: string;
          status: string;
          progress: number;
          stage: string | null;
          /** Format: date-time */
          updated_at: string;
        } | null;
        /** @description Weight of the vector leg in relative hybrid fusion (0 lexical … 1 vector) */
        hybrid_alpha: {
          value: number;
          /**
           * @description `config`: SIFT_HYBRID_ALPHA; else the serving space’s own: its model’s `preset`, the `default`, `tuned` by `sift eval --tune --apply`, or set by an `admin`
           * @enum {string}
           */
          source: 'config' | 'preset' | 'default' | 'tuned' | 'admin';
        };
        /** @description The latest check of switching to target_space (why it waits when `held`); null when none ran */
        swap: components['schemas']['SwapCheck'] | null;
      };
    };
    Task: {
      id: string;
      /** @description Job type, e.g. `system.noop` */
      type: string;
      /** @enum {string} */
      queue: 'high' | 'default' | 'low' | 'maintenance';
      /** @description Higher runs first within a queue */
      priority: number;
      /** @enum {string} */
      status: 'pending' | 'running' | 'succeeded' | 'failed' | 'dead' | 'cancelled';
      attempts: number;
      max_attempts: number;
      /** @description Attempts that stalled or killed their worker; at two the task fails as a poison pill */
      interruptions: number;
      payload: unknown;
      /** @description What the handler returned, once succeeded */
      result: unknown;
      /** @description The last failed attempt */
      error: {
        code: string;
        message: string;
        retryable: boolean;
      } | null;
      progress: number;
      stage: string | null;
      owner_id: string | null;
      document_id: string | null;
      unique_key: string | null;
      worker_id: string | null;
      /** Format: date-time */
      run_after: string;
      lease_until: string | null;
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      updated_at: string;
      started_at: string | null;
      finished_at: string | null;
    };
    User: {
      id: string;
      email: string;
      display_name: string;
      /** @enum {string} */
      role: 'admin' | 'editor' | 'viewer';
      is_active: boolean;
      /** @description False for accounts that sign in only through single sign-on */
      has_password: boolean;
      /** @description Linked to an OpenID Connect identity */
      sso: boolean;
      last_login_at: string | null;
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      updated_at: string;
    };
    UserAnalytics: {
      /**
       * Format: date-time
       * @description Start of the first day (inclusive)
       */
      from: string;
      /**
       * Format: date-time
       * @description End of the last day (exclusive)
       */
      to: string;
      days: number;
      /**
       * @description `all`: everyone’s (admins); `own`: the caller’s own uploads, searches and questions
       * @enum {string}
       */
      scope: 'all' | 'own';
      /** @description Distinct active users per day */
      daily: {
        /** Format: date-time */
        start: string;
        users: number;
      }[];
      /** @description Distinct users active in the range (searched, uploaded or asked) */
      total: number;
      /** @description Distinct users active in the last 7 days of the range */
      weekly: number;
      top: {
        user_id: string;
        username: string | null;
        searches: number;
        questions: number;
        uploads: number;
        /** Format: date-time */
        last_active_at: string;
      }[];
    };
    Webhook: {
      id: string;
      owner_id: string;
      url: string;
      description: string | null;
      events: (
        | 'document.created'
        | 'document.processed'
        | 'document.failed'
        | 'document.deleted'
        | 'source.scanned'
        | 'search.space_switched'
        | 'task.failed'
        | 'task.dead'
        | 'backup.completed'
        | 'backup.failed'
      )[];
      active: boolean;
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      updated_at: string;
    };
    WebhookDelivery: {
      id: string;
      webhook_id: string;
      /** @description The event delivered, or `ping` */
      event_type: string;
      /**
       * @description pending: waiting for an attempt or a retry; failed: refused for good; dead: gave up
       * @enum {string}
       */
      status: 'pending' | 'succeeded' | 'failed' | 'dead';
      /** @description The JSON body POSTed */
      body: string;
      attempts: {
        /** Format: date-time */
        at: string;
        /** @description null: no answer (network error, timeout, refused) */
        status_code: number | null;
        latency_ms: number;
        error: string | null;
      }[];
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      updated_at: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
