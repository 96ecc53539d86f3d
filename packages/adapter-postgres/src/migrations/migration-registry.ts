import { coreSchema } from './001-core-schema.js';
import { identityChat } from './002-identity-chat.js';
import { lexicalBm25 } from './003-lexical-bm25.js';
import { vectorOutbox } from './004-vector-outbox.js';
import { notifications } from './005-notifications.js';
import { analytics } from './006-analytics.js';
import type { PgMigration } from './pg-migration.js';

/** Every migration this code knows, in version order. Append only. */
export const MIGRATIONS: readonly PgMigration[] = [
  coreSchema,
  identityChat,
  lexicalBm25,
  vectorOutbox,
  notifications,
  analytics,
];
