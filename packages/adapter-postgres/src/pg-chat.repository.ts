import { randomUUID } from 'node:crypto';
import { AppError, type ChatMessage, type ChatRepository, type ChatSession } from '@sift/core';
import { mapConstraints } from './pg-constraint.js';
import { withTransaction, type PgPool } from './pg-database.js';
import { iso } from './pg-time.js';

const MESSAGE_COLUMNS = `id, session_id, role, content, citations, mode, model, prompt_tokens, completion_tokens,
  timings, created_at`;

const SQL = {
  insertSession: `INSERT INTO chat_sessions (id, owner_id, title, scope, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $5) RETURNING *`,
  getSession: `SELECT * FROM chat_sessions WHERE id = $1`,
  listSessions: `SELECT * FROM chat_sessions WHERE owner_id = $1 ORDER BY updated_at DESC, id LIMIT $2`,
  deleteSession: `DELETE FROM chat_sessions WHERE id = $1`,
  touchSession: `UPDATE chat_sessions SET updated_at = $2 WHERE id = $1`,
  renameSession: `UPDATE chat_sessions SET title = $2 WHERE id = $1`,
  insertMessage: `INSERT INTO chat_messages (id, session_id, role, content, citations, mode, model, prompt_tokens,
      completion_tokens, timings, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${MESSAGE_COLUMNS}`,
  listMessages: `SELECT ${MESSAGE_COLUMNS} FROM chat_messages WHERE session_id = $1 ORDER BY seq`,
  lastMessages: `SELECT ${MESSAGE_COLUMNS} FROM (
      SELECT * FROM chat_messages WHERE session_id = $1 ORDER BY seq DESC LIMIT $2
    ) newest ORDER BY seq`,
} as const;

interface SessionRow {
  id: string;
  owner_id: string;
  title: string;
  scope: ChatSession['scope'];
  created_at: number;
  updated_at: number;
}

interface MessageRow {
  id: string;
  session_id: string;
  role: 'user' | 'assistant';
  content: string;
  citations: ChatMessage['citations'];
  mode: ChatMessage['mode'];
  model: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  timings: ChatMessage['timings'];
  created_at: number;
}

/** Chat sessions and messages on PostgreSQL (migration 002). */
export class PgChatRepository implements ChatRepository {
  constructor(private readonly pool: PgPool) {}

  async createSession(input: Pick<ChatSession, 'ownerId' | 'title' | 'scope'>): Promise<ChatSession> {
    const { rows } = await mapConstraints(
      () =>
        this.pool.query<SessionRow>(SQL.insertSession, [
          randomUUID(),
          input.ownerId,
          input.title,
          JSON.stringify(input.scope),
          Date.now(),
        ]),
      {
        foreign_key: () =>
          new AppError('USER_NOT_FOUND', 'not_found', `user ${input.ownerId} does not exist`, {
            details: { ownerId: input.ownerId },
          }),
      },
    );
    return toSession(rows[0]!);
  }

  async getSession(id: string): Promise<ChatSession | null> {
    const { rows } = await this.pool.query<SessionRow>(SQL.getSession, [id]);
    return rows[0] ? toSession(rows[0]) : null;
  }

  async listSessions(ownerId: string, options: { limit?: number } = {}): Promise<ChatSession[]> {
    const { rows } = await this.pool.query<SessionRow>(SQL.listSessions, [ownerId, options.limit ?? 100]);
    return rows.map(toSession);
  }

  async deleteSession(id: string): Promise<boolean> {
    return ((await this.pool.query(SQL.deleteSession, [id])).rowCount ?? 0) > 0;
  }

  async renameSession(id: string, title: string): Promise<void> {
    await this.pool.query(SQL.renameSession, [id, title]);
  }

  async addMessage(input: Omit<ChatMessage, 'id' | 'createdAt'>): Promise<ChatMessage> {
    const now = Date.now();
    const row = await withTransaction(this.pool, async (client) => {
      // Touching first locks the session row: a concurrent delete waits for the message, or wins before it.
      if ((await client.query(SQL.touchSession, [input.sessionId, now])).rowCount === 0) {
        throw new AppError(
          'CHAT_SESSION_NOT_FOUND',
          'not_found',
          `chat session ${input.sessionId} does not exist`,
          { details: { sessionId: input.sessionId } },
        );
      }
      const { rows } = await client.query<MessageRow>(SQL.insertMessage, [
        randomUUID(),
        input.sessionId,
        input.role,
        input.content,
        JSON.stringify(input.citations),
        input.mode,
        input.model,
        input.usage?.promptTokens ?? null,
        input.usage?.completionTokens ?? null,
        input.timings ? JSON.stringify(input.timings) : null,
        now,
      ]);
      return rows[0]!;
    });
    return toMessage(row);
  }

  async listMessages(sessionId: string, options: { last?: number } = {}): Promise<ChatMessage[]> {
    const { rows } =
      options.last !== undefined
        ? await this.pool.query<MessageRow>(SQL.lastMessages, [sessionId, options.last])
        : await this.pool.query<MessageRow>(SQL.listMessages, [sessionId]);
    return rows.map(toMessage);
  }
}

function toSession(row: SessionRow): ChatSession {
  return {
    id: row.id,
    ownerId: row.owner_id,
    title: row.title,
    scope: row.scope,
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
    citations: row.citations,
    mode: row.mode,
    model: row.model,
    usage: hasUsage ? { promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens } : null,
    timings: row.timings,
    createdAt: iso(row.created_at),
  };
}
