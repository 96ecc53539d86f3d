import type { Access } from '../auth/access.js';
import { AppError } from '../errors.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import { resolveSearchScope, type SearchScopeInput } from '../search/search-scope.js';
import type { AnswerService } from './answer.service.js';
import type { AnswerEvent, ChatMessage, ChatSession, Citation } from './chat.types.js';

/** A session with its messages. */
export interface ChatSessionWithMessages extends ChatSession {
  messages: ChatMessage[];
}

/**
 * Chat sessions over the documents: each session has a scope that limits every retrieval, and a persisted
 * history; each question is answered by the {@link AnswerService} and stored with its citations.
 */
export class ChatService {
  constructor(private readonly deps: { metadata: MetadataStore; answers: AnswerService }) {}

  async create(access: Access, input: { title?: string; scope?: SearchScopeInput }): Promise<ChatSession> {
    access.require('read');
    const scope = input.scope ?? {};
    // A scope naming an unknown collection or folder is refused now, not at the first question.
    await resolveSearchScope(this.deps.metadata, access, scope);
    return this.deps.metadata.chats.createSession({
      ownerId: access.userId,
      title: input.title?.trim() || 'New chat',
      scope,
    });
  }

  /** The principal's own sessions. */
  list(access: Access): Promise<ChatSession[]> {
    return this.deps.metadata.chats.listSessions(access.userId);
  }

  async get(access: Access, id: string): Promise<ChatSessionWithMessages> {
    const session = await this.require(access, id);
    return { ...session, messages: await this.deps.metadata.chats.listMessages(id) };
  }

  /** Renames a session of the principal; a blank title is refused (the list would show nothing). */
  async rename(access: Access, id: string, title: string): Promise<ChatSession> {
    const session = await this.require(access, id);
    const trimmed = title.trim();
    if (trimmed === '') throw new AppError('CHAT_TITLE_EMPTY', 'user', 'the title is empty');
    await this.deps.metadata.chats.renameSession(id, trimmed);
    return { ...session, title: trimmed };
  }

  async delete(access: Access, id: string): Promise<void> {
    await this.require(access, id);
    if (!(await this.deps.metadata.chats.deleteSession(id))) throw notFound(id);
  }

  /**
   * Asks a question in a session: stores it, streams the answer, then stores the answer with its citations,
   * usage and timings. The `done` event carries the stored message's id. A failed answer keeps the question.
   */
  async *send(
    access: Access,
    sessionId: string,
    content: string,
    signal?: AbortSignal,
  ): AsyncGenerator<AnswerEvent> {
    const session = await this.require(access, sessionId);
    if (content.trim() === '') throw new AppError('CHAT_QUESTION_EMPTY', 'user', 'the question is empty');
    const history = await this.deps.metadata.chats.listMessages(sessionId, { last: 12 });
    await this.deps.metadata.chats.addMessage({
      sessionId,
      role: 'user',
      content,
      citations: [],
      mode: null,
      model: null,
      usage: null,
      timings: null,
    });
    // Name a new chat after its first question, as chat UIs do.
    if (history.length === 0 && session.title === 'New chat') {
      await this.deps.metadata.chats.renameSession(sessionId, content.trim().slice(0, 80));
    }
    // Retrieval reads what the asker may read now (shares change), within the session's scope.
    const filter = await resolveSearchScope(this.deps.metadata, access, session.scope);
    let citations: Citation[] = [];
    for await (const event of this.deps.answers.answer({
      question: content,
      filter,
      history,
      userId: access.userId,
      ...(signal ? { signal } : {}),
    })) {
      if (event.type === 'citations') citations = event.citations;
      if (event.type !== 'done') {
        yield event;
        continue;
      }
      const stored = await this.deps.metadata.chats.addMessage({
        sessionId,
        role: 'assistant',
        content: event.answer,
        citations,
        mode: event.mode,
        model: event.model,
        usage: event.usage,
        timings: event.timings,
      });
      yield { ...event, messageId: stored.id };
    }
  }

  /** A session of the principal (admins: any); others are CHAT_SESSION_NOT_FOUND. */
  private async require(access: Access, id: string): Promise<ChatSession> {
    const session = await this.deps.metadata.chats.getSession(id);
    if (!session || !access.owns(session)) throw notFound(id);
    return session;
  }
}

function notFound(id: string): AppError {
  return new AppError('CHAT_SESSION_NOT_FOUND', 'not_found', `chat session ${id} does not exist`, {
    details: { sessionId: id },
  });
}
