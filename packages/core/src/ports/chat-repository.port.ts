import type { ChatMessage, ChatSession } from '../rag/chat.types.js';

/** Chat sessions and their messages. Part of the MetadataStore; deleting a session deletes its messages. */
export interface ChatRepository {
  createSession(input: Pick<ChatSession, 'ownerId' | 'title' | 'scope'>): Promise<ChatSession>;
  getSession(id: string): Promise<ChatSession | null>;
  /** Newest activity first. */
  listSessions(ownerId: string, options?: { limit?: number }): Promise<ChatSession[]>;
  deleteSession(id: string): Promise<boolean>;
  renameSession(id: string, title: string): Promise<void>;
  /** Appends a message and touches the session; `CHAT_SESSION_NOT_FOUND` when the session is gone. */
  addMessage(input: Omit<ChatMessage, 'id' | 'createdAt'>): Promise<ChatMessage>;
  /** Oldest first; `last` keeps only the newest n (for the context of a follow-up). */
  listMessages(sessionId: string, options?: { last?: number }): Promise<ChatMessage[]>;
}
