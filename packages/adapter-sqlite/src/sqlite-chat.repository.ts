import { randomUUID } from 'node:crypto';
import { AppError, type ChatMessage, type ChatRepository, type ChatSession } from '@sift/core';
import { mapConstraints } from './sqlite-constraint.js';
import type { SqliteDatabase } from './sqlite-database.js';
import { StatementCache } from './sqlite-statements.js';
import { iso } from './sqlite-time.js';

const SQL = {
  insertSession: `INSERT INTO chat_sessions (id, owner_id, title, scope, created_at, updated_at)
    VALUES (@id, @ownerId, @title, @scope, @now, @now) RETURNING *`,
  getSession: `SELECT * FROM chat_sessions WHERE id = ?`,
  listSessions: `SELECT * FROM chat_sessions WHERE owner_id = ? ORDER BY updated_at DESC, id LIMIT ?`,
  deleteSession: `DELETE FROM chat_sessions WHERE id = ?`,
  touchSession: `UPDATE chat_sessions SET updated_at = ? WHERE id = ?`,
  renameSession: `UPDATE chat_sessions SET title = ? WHERE id = ?`,
  insertMessage: `INSERT INTO chat_messages (id, session_id, role, content, citations, mode, model, prompt_tokens,
      completion_tokens, timings, created_at)
    VALUES (@id, @sessionId, @role, @content, @citations, @mode, @model, @promptTokens, @completionTokens,
      @timings, @now) RETURNING *`,
  listMessages: `SELECT * FROM chat_messages WHERE session_id = ? ORDER BY seq`,
  lastMessages: `SELECT * FROM (SELECT * FROM chat_messages WHERE session_id = ? ORDER BY seq DESC LIMIT ?)
    ORDER BY seq`,
} as const;

interface SessionRow {
  id: string;
  owner_id: string;
  title: string;
  scope: string;
  created_at: number;
  updated_at: number;
}

interface MessageRow {
  id: string;
  session_id: string;
  role: 'user' | 'assistant';
  content: string;
  citations: string;
  mode: ChatMessage['mode'];
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  timings: string | null;
  created_at: number;
}

/** Chat sessions and messages on the SQLite file (migration 005). */
export class SqliteChatRepository implements ChatRepository {
  private readonly sql: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = new StatementCache(db);
  }

  async createSession(input: Pick<ChatSession, 'ownerId' | 'title' | 'scope'>): Promise<ChatSession> {
    const row = mapConstraints(
      () =>
        this.sql.get(SQL.insertSession).get({
          id: randomUUID(),
          ownerId: input.ownerId,
          title: input.title,
          scope: JSON.stringify(input.scope),
          now: Date.now(),
        }) as SessionRow,
      {
        foreign_key: () =>
          new AppError('USER_NOT_FOUND', 'not_found', `user ${input.ownerId} does not exist`, {
            details: { ownerId: input.ownerId },
          }),
      },
    );
    return toSession(row);
  }

  async getSession(id: string): Promise<ChatSession | null> {
    const row = this.sql.get(SQL.getSession).get(id) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  async listSessions(ownerId: string, options: { limit?: number } = {}): Promise<ChatSession[]> {
    const rows = this.sql.get(SQL.listSessions).all(ownerId, options.limit ?? 100) as SessionRow[];
    return rows.map(toSession);
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.sql.get(SQL.deleteSession).run(id).changes > 0;
  }

  async renameSession(id: string, title: string): Promise<void> {
    this.sql.get(SQL.renameSession).run(title, id);
  }

  async addMessage(input: Omit<ChatMessage, 'id' | 'createdAt'>): Promise<ChatMessage> {
    const now = Date.now();
    const add = this.db.transaction((): MessageRow => {
      if (this.sql.get(SQL.touchSession).run(now, input.sessionId).changes === 0) {
        throw new AppError(
          'CHAT_SESSION_NOT_FOUND',
          'not_found',
          `chat session ${input.sessionId} does not exist`,
          {
            details: { sessionId: input.sessionId },
          },
        );
      }
      return this.sql.get(SQL.insertMessage).get({
        id: randomUUID(),
        sessionId: input.sessionId,
        role: input.role,
        content: input.content,
        citations: JSON.stringify(input.citations),
        mode: input.mode,
        model: input.model,
        promptTokens: input.usage?.promptTokens ?? null,
        completionTokens: input.usage?.completionTokens ?? null,
        timings: input.timings ? JSON.stringify(input.timings) : null,
        now,
      }) as MessageRow;
    });
    return toMessage(add.immediate());
  }

  async listMessages(sessionId: string, options: { last?: number } = {}): Promise<ChatMessage[]> {
    const rows = (
      options.last !== undefined
        ? this.sql.get(SQL.lastMessages).all(sessionId, options.last)
        : this.sql.get(SQL.listMessages).all(sessionId)
    ) as MessageRow[];
    return rows.map(toMessage);
  }
}

function toSession(row: SessionRow): ChatSession {
  return {
    id: row.id,
    ownerId: row.owner_id,
    title: row.title,
    scope: JSON.parse(row.scope) as ChatSession['scope'],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function toMessage(row: MessageRow): ChatMessage {
  const hasUsage = row.prompt_tokens !== null || row.completion_tokens !== null;
  return {
    id: row.id,
    sessionId: row.session_id,
    role: row.role,
    content: row.content,
    citations: JSON.parse(row.citations) as ChatMessage['citations'],
    mode: row.mode,
    model: row.model,
    usage: hasUsage ? { promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens } : null,
    timings: row.timings ? (JSON.parse(row.timings) as ChatMessage['timings']) : null,
    createdAt: iso(row.created_at),
  };
}
