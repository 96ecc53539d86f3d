export {
  createSiftClient,
  csrfHeaders,
  isRefreshable,
  readCookie,
  SiftApiError,
  unwrap,
  type Problem,
  type SiftClient,
  type SiftClientOptions,
} from './client.js';
export type { components, operations, paths } from './openapi.types.js';
