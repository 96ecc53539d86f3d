import type { SqliteMigration } from './sqlite-migration.js';

/**
 * Chat sessions (a title and a retrieval scope) and their messages. An assistant message keeps its citations
 * (JSON: document, chunk, exact character range), how it was answered, the model, token usage and timings,
 * so a conversation can be shown again exactly as it was answered.
 */
export const chat: SqliteMigration = {
  version: 5,
  name: 'chat',
  up: /* sql */ `
CREATE TABLE chat_sessions (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(scope)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX chat_sessions_owner_idx ON chat_sessions (owner_id, updated_at);

CREATE TABLE chat_messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  content TEXT NOT NULL,
  citations TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(citations) AND json_type(citations) = 'array'),
  mode TEXT CHECK (mode IS NULL OR mode IN ('llm', 'extractive', 'not_found')),
  model TEXT,
  prompt_tokens INTEGER CHECK (prompt_tokens IS NULL OR prompt_tokens >= 0),
  completion_tokens INTEGER CHECK (completion_tokens IS NULL OR completion_tokens >= 0),
  timings TEXT CHECK (timings IS NULL OR json_valid(timings)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX chat_messages_session_idx ON chat_messages (session_id, seq);
`,
};
