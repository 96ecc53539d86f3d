import { PRINCIPALS, type PrincipalName } from '../testing/principals.js';

/**
 * Who may use each operation of the API, for the authorization matrix test. One row per operation (method and
 * OpenAPI path); one letter per principal in this order:
 *
 *   anonymous · viewer · editor · admin · owner · other · readKey · writeKey · otherCollectionKey
 *
 * `A`: allowed — the request gets past authorization (any answer but 401/403, or 404 for a thing that exists);
 * `D`: denied — 401 (no or bad credentials), 403 (not allowed) or 404 (the thing is hidden from it).
 *
 * The targets are the owner's: its collection c1 (shared with the viewer as viewer and the editor as editor),
 * a document d1 in it, its folder, chat session, source and tasks. The keys are the owner's: `readKey` (read),
 * `writeKey` (read, write), `otherCollectionKey` (read, write, restricted to the owner's other collection).
 * Operations on throwaway targets (deletes) get a fresh one of the owner's for every call.
 *
 * A route missing here fails the test: a new route cannot ship without deciding who may call it.
 * Each row's string has one letter per principal, in PRINCIPALS' order.
 */
export const ORDER: readonly PrincipalName[] = PRINCIPALS;

export const EXPECTED: Readonly<Record<string, string>> = {
  // Sign-in: public, or any signed-in principal.
  'GET /api/v1/auth/status': 'AAAAAAAAA',
  'POST /api/v1/auth/setup': 'AAAAAAAAA', // 409 SETUP_DONE for everyone: it is set up
  'POST /api/v1/auth/login': 'AAAAAAAAA',
  'POST /api/v1/auth/refresh': 'AAAAAAAAA',
  'POST /api/v1/auth/logout': 'DAAAAAAAA',
  'GET /api/v1/auth/me': 'DAAAAAAAA',
  'POST /api/v1/auth/password': 'DAAAAADDD', // signed-in users only, not keys
  'GET /api/v1/auth/oidc/login': 'AAAAAAAAA',
  'GET /api/v1/auth/oidc/callback': 'AAAAAAAAA',

  // Accounts and groups: admins; a user reads and renames itself (its keys act as it).
  'GET /api/v1/users': 'DDDADDDDD',
  'POST /api/v1/users': 'DDDADDDDD',
  'GET /api/v1/users/{id}': 'DDDAADAAA',
  'PATCH /api/v1/users/{id}': 'DDDAADAAA',
  'POST /api/v1/users/{id}/password': 'DDDADDDDD',
  'GET /api/v1/groups': 'DDDADDDDD',
  'POST /api/v1/groups': 'DDDADDDDD',
  'PATCH /api/v1/groups/{id}': 'DDDADDDDD',
  'DELETE /api/v1/groups/{id}': 'DDDADDDDD',

  // API keys: one's own (keys cannot make keys); the audit trail: admins.
  'GET /api/v1/api-keys': 'DAAAAAAAA',
  'POST /api/v1/api-keys': 'DAAAAADDD',
  'DELETE /api/v1/api-keys/{id}': 'DDDAADAAA',
  'GET /api/v1/audit': 'DDDADDDDD',
  'GET /api/v1/system/status': 'DDDADDDDD',
  // Vector spaces: why a model switch waits, its overrides, the fusion weight: admins.
  'GET /api/v1/system/embeddings': 'DDDADDDDD',
  'POST /api/v1/system/embeddings/swap': 'DDDADDDDD',
  'POST /api/v1/system/embeddings/discard': 'DDDADDDDD',
  'POST /api/v1/system/embeddings/recheck': 'DDDADDDDD',
  'PUT /api/v1/system/embeddings/hybrid-alpha': 'DDDADDDDD',
  // Limits clients check uploads against, and the dashboard (counted over what the caller may see): readers.
  'GET /api/v1/system/limits': 'DAAAAAAAA',
  'GET /api/v1/stats': 'DAAAAAAAA',
  // Usage analytics: readers see their own figures (admins everyone's); who is active: admins.
  'GET /api/v1/analytics/overview': 'DAAAAAAAA',
  'GET /api/v1/analytics/documents': 'DAAAAAAAA',
  'GET /api/v1/analytics/search': 'DAAAAAAAA',
  'GET /api/v1/analytics/questions': 'DAAAAAAAA',
  'GET /api/v1/analytics/users': 'DDDADDDDD',
  // Backups of the whole data dir: admins.
  'POST /api/v1/admin/backups': 'DDDADDDDD',
  'GET /api/v1/admin/backups': 'DDDADDDDD',
  'GET /api/v1/admin/backups/{id}/archive': 'DDDADDDDD',
  // Notifications: one's own (a user's keys act as it), never for a collection-restricted key; the owner's
  // notification is the owner's alone, admins included.
  'GET /api/v1/notifications': 'DAAAAAAAD',
  'POST /api/v1/notifications/{id}/read': 'DDDDADAAD',
  'POST /api/v1/notifications/read-all': 'DAAAAAAAD',
  // Webhooks: registered by writers, seen and changed by their owner (and its keys) and admins; never by a
  // collection-restricted key. The targets are the owner's webhook and its ping delivery.
  'GET /api/v1/webhooks': 'DAAAAAAAD',
  'POST /api/v1/webhooks': 'DDAAAADAD',
  'GET /api/v1/webhooks/{id}': 'DDDAADAAD',
  'PATCH /api/v1/webhooks/{id}': 'DDDAADDAD',
  'DELETE /api/v1/webhooks/{id}': 'DDDAADDAD',
  'GET /api/v1/webhooks/{id}/deliveries': 'DDDAADAAD',
  'POST /api/v1/webhooks/{id}/test': 'DDDAADDAD',
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': 'DDDAADDAD',

  // Collections: readers of c1 read it; its owner (and admins) manage and share it; the editor writes into it.
  'POST /api/v1/collections': 'DDAAAADAD',
  'GET /api/v1/collections': 'DAAAAAAAA',
  'GET /api/v1/collections/{id}': 'DAAAADAAD',
  'PATCH /api/v1/collections/{id}': 'DDDAADDAD',
  'DELETE /api/v1/collections/{id}': 'DDDAADDAD',
  'GET /api/v1/collections/{id}/shares': 'DAAAADAAD',
  'PUT /api/v1/collections/{id}/shares': 'DDDAADDAD',
  'DELETE /api/v1/collections/{id}/shares/{principal_type}/{principal_id}': 'DDDAADDAD',
  'POST /api/v1/collections/{id}/sources': 'DDDAADDAD',
  'GET /api/v1/collections/{id}/sources': 'DAAAADAAD',
  'POST /api/v1/sources/{id}/scan': 'DDDAADDAD',
  'DELETE /api/v1/sources/{id}': 'DDDAADDAD',

  // Documents in c1: read by its readers, changed by its writers.
  'POST /api/v1/documents': 'DDAAADDAD',
  'GET /api/v1/documents': 'DAAAAAAAA',
  'GET /api/v1/documents/{id}': 'DAAAADAAD',
  'PATCH /api/v1/documents/{id}': 'DDAAADDAD',
  'DELETE /api/v1/documents/{id}': 'DDAAADDAD',
  'GET /api/v1/documents/{id}/file': 'DAAAADAAD',
  'GET /api/v1/documents/{id}/text': 'DAAAADAAD',
  'GET /api/v1/documents/{id}/chunks': 'DAAAADAAD',
  'POST /api/v1/documents/{id}/reprocess': 'DDAAADDAD',
  'GET /api/v1/documents/{id}/similar': 'DAAAADAAD',
  'GET /api/v1/chunks/{id}/context': 'DAAAADAAD',

  // Tasks: their owner's (the ingest task of d1), never for a collection-restricted key.
  'GET /api/v1/tasks': 'DAAAAAAAA',
  'GET /api/v1/tasks/{id}': 'DDDAADAAD',
  'POST /api/v1/tasks/{id}/cancel': 'DDDAADDAD',
  'POST /api/v1/tasks/{id}/retry': 'DDDAADDAD',

  // Folders: personal; the owner's folder is the owner's (and its keys').
  'POST /api/v1/folders': 'DDAAAADAA',
  'GET /api/v1/folders': 'DAAAAAAAA',
  'GET /api/v1/folders/tree': 'DAAAAAAAA',
  'GET /api/v1/folders/{id}': 'DDDAADAAA',
  'PATCH /api/v1/folders/{id}': 'DDDAADDAA',
  'DELETE /api/v1/folders/{id}': 'DDDAADDAA',

  // Live events (server-sent events and WebSocket): anyone who may read; each sees only the events of what it
  // may read (see live-events.isolation.test.ts).
  'GET /api/v1/events': 'DAAAAAAAA',

  // Search and chat: anyone who may read, within what it may read (see the isolation tests).
  'POST /api/v1/search': 'DAAAAAAAA',
  'GET /api/v1/search/queries': 'DAAAAAAAA',
  'POST /api/v1/ask': 'DAAAAAAAA',
  'POST /api/v1/chat/sessions': 'DAAAAAAAA',
  'GET /api/v1/chat/sessions': 'DAAAAAAAA',
  'GET /api/v1/chat/sessions/{id}': 'DDDAADAAA',
  'PATCH /api/v1/chat/sessions/{id}': 'DDDAADAAA',
  'DELETE /api/v1/chat/sessions/{id}': 'DDDAADAAA',
  'POST /api/v1/chat/sessions/{id}/messages': 'DDDAADAAA',
};
