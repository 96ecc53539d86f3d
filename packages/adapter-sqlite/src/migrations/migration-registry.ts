import { initialSchema } from './001-initial-schema.js';
import { documentsContent } from './002-documents-content.js';
import { chunkVectors } from './003-chunk-vectors.js';
import { searchState } from './004-search-state.js';
import { chat } from './005-chat.js';
import { hardening } from './006-hardening.js';
import { identity } from './007-identity.js';
import { documentSort } from './008-document-sort.js';
import { chunkOrigin } from './009-chunk-origin.js';
import { lexicalLanguages } from './010-lexical-languages.js';
import { notifications } from './011-notifications.js';
import { analytics } from './012-analytics.js';
import type { SqliteMigration } from './sqlite-migration.js';

/** Every migration this code knows, in version order. Append only. */
export const MIGRATIONS: readonly SqliteMigration[] = [
  initialSchema,
  documentsContent,
  chunkVectors,
  searchState,
  chat,
  hardening,
  identity,
  documentSort,
  chunkOrigin,
  lexicalLanguages,
  notifications,
  analytics,
];
