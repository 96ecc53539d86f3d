import { Anchor, Grid, Paper, Skeleton, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconMessageChatbot } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { startAnswer, stopAnswer, useAnswerStream } from './answer-stream.store';
import { ChatComposer } from './chat-composer';
import { AssistantMessage, UserMessage } from './chat-message';
import { ChatScopePicker, ChatScopeSummary, type ChatScope } from './chat-scope.picker';
import { ChatSessionsPanel } from './chat-sessions.panel';
import { sessionKey, SESSIONS_KEY, useChatSession, useCreateSession } from './chat.queries';

/** Refetches a session (and the list: a first question names the chat) once its answer has ended. */
function useSettle() {
  const client = useQueryClient();
  return useCallback(
    (id: string) => () => {
      void client.invalidateQueries({ queryKey: sessionKey(id) });
      void client.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
    [client],
  );
}

/** /ask: a new chat. The first question creates the session (with the chosen scope) and moves to it. */
function NewChat() {
  const [scope, setScope] = useState<ChatScope>({});
  const create = useCreateSession();
  const navigate = useNavigate();
  const settle = useSettle();

  return (
    <Stack gap="md">
      <Stack align="center" gap={4} py="xl" c="dimmed">
        <IconMessageChatbot size={36} aria-hidden />
        <Text>Ask a question; the answer cites the passages of your documents it comes from.</Text>
        <Text size="sm">
          Limit a chat to some collections, folders or documents below, or ask all of them.
        </Text>
      </Stack>
      <ErrorAlert error={create.error} title="Could not start the chat" />
      <ChatComposer
        streaming={false}
        busy={create.isPending}
        onStop={() => {}}
        onAsk={(question) =>
          create.mutate(scope, {
            onSuccess: (session) => {
              startAnswer(session.id, question, 0, settle(session.id));
              navigate(`/ask/${session.id}`);
            },
          })
        }
      >
        <ChatScopePicker value={scope} onChange={setScope} />
      </ChatComposer>
    </Stack>
  );
}

/** /ask/:id: the questions and answers of a session, the answer being streamed, and the question box. */
function Conversation({ sessionId }: { sessionId: string }) {
  const session = useChatSession(sessionId);
  const stream = useAnswerStream(sessionId);
  const settle = useSettle();
  const bottom = useRef<HTMLDivElement>(null);

  const messages = session.data?.messages ?? [];
  const storedAnswer = stream?.done?.message_id;
  // The stream stands for its question and answer until the stored messages include them.
  const showStream = stream !== undefined && !(storedAnswer && messages.some((m) => m.id === storedAnswer));
  const shown = showStream ? messages.slice(0, stream.baseCount) : messages;

  // Follow a streaming answer while the reader is at the end of the page (not when they scrolled up to read).
  const textLength = stream?.text.length ?? 0;
  useEffect(() => {
    if (!showStream || !bottom.current) return;
    const nearEnd = window.innerHeight + window.scrollY >= document.body.scrollHeight - 200;
    if (nearEnd) bottom.current.scrollIntoView({ block: 'end' });
  }, [showStream, textLength]);

  if (session.isPending) {
    return (
      <Stack gap="sm" role="status" aria-label="Loading the chat">
        <Skeleton h={28} w="40%" />
        <Skeleton h={60} />
        <Skeleton h={120} />
      </Stack>
    );
  }
  if (session.isError) {
    return (
      <Stack>
        <ErrorAlert error={session.error} title="Could not open this chat" />
        <Anchor component={Link} to="/ask">
          Start a new chat
        </Anchor>
      </Stack>
    );
  }

  let lastQuestion = '';
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={2} size="h4" data-testid="chat-title">
          {session.data.title}
        </Title>
        <ChatScopeSummary scope={session.data.scope} />
      </Stack>
      {shown.length === 0 && !showStream && (
        <Text c="dimmed" size="sm">
          No questions yet in this chat.
        </Text>
      )}
      {/* Announced once per answer, not per token. */}
      <VisuallyHidden role="status">
        {stream?.status === 'streaming' ? 'Answering…' : stream?.status === 'done' ? 'Answer complete' : ''}
      </VisuallyHidden>
      <Stack gap="md" data-testid="chat-messages">
        {shown.map((message) => {
          if (message.role === 'user') {
            lastQuestion = message.content;
            return <UserMessage key={message.id} content={message.content} />;
          }
          return (
            <AssistantMessage
              key={message.id}
              question={lastQuestion}
              text={message.content}
              citations={message.citations}
              mode={message.mode}
              model={message.model}
              status="done"
            />
          );
        })}
        {showStream && (
          <>
            <UserMessage content={stream.question} />
            <AssistantMessage
              question={stream.question}
              text={stream.text}
              citations={stream.citations}
              mode={stream.done?.mode ?? null}
              model={stream.done?.model ?? null}
              status={stream.status}
              error={stream.error}
            />
          </>
        )}
      </Stack>
      <div ref={bottom} />
      <ChatComposer
        streaming={stream?.status === 'streaming'}
        // The next question waits for the last answer to be stored: it is counted in the history shown.
        busy={session.isFetching}
        onStop={() => stopAnswer(sessionId)}
        onAsk={(question) => startAnswer(sessionId, question, messages.length, settle(sessionId))}
      />
    </Stack>
  );
}

/** Ask: chats over the documents, answers streamed with citations to the passages they come from. */
export default function ChatPage() {
  const { sessionId } = useParams();
  return (
    <>
      <PageHeader title="Ask" />
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder p="xs">
            <ChatSessionsPanel activeId={sessionId} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {/* Keyed: another chat starts with its own question box and scroll position. */}
          {sessionId ? <Conversation key={sessionId} sessionId={sessionId} /> : <NewChat />}
        </Grid.Col>
      </Grid>
    </>
  );
}
