import { Button, Group, Paper, Textarea } from '@mantine/core';
import { IconPlayerStopFilled, IconSend } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';

/**
 * The question box: Enter asks (Shift+Enter for a new line); while an answer streams, Stop ends it.
 * Stays at the bottom of the screen as the conversation grows.
 */
export function ChatComposer({
  streaming,
  busy,
  onAsk,
  onStop,
  children,
}: {
  streaming: boolean;
  /** Something before the stream is under way (creating the chat). */
  busy?: boolean;
  onAsk: (question: string) => void;
  onStop: () => void;
  children?: ReactNode;
}) {
  const [question, setQuestion] = useState('');
  const ask = () => {
    const q = question.trim();
    if (!q || streaming || busy) return;
    onAsk(q);
    setQuestion('');
  };

  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      shadow="xs"
      style={{ position: 'sticky', bottom: 'var(--mantine-spacing-md)', zIndex: 1 }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          ask();
        }}
      >
        {children}
        <Group align="flex-end" gap="sm" wrap="nowrap" mt={children ? 'sm' : 0}>
          <Textarea
            aria-label="Your question"
            placeholder="Ask a question about your documents…"
            autosize
            minRows={1}
            maxRows={8}
            maxLength={4000}
            value={question}
            onChange={(event) => setQuestion(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                ask();
              }
            }}
            style={{ flex: 1 }}
            autoFocus
          />
          {streaming ? (
            <Button
              color="red"
              variant="light"
              leftSection={<IconPlayerStopFilled size={14} aria-hidden />}
              onClick={onStop}
            >
              Stop
            </Button>
          ) : (
            <Button
              type="submit"
              leftSection={<IconSend size={16} aria-hidden />}
              disabled={!question.trim()}
              loading={busy}
            >
              Ask
            </Button>
          )}
        </Group>
      </form>
    </Paper>
  );
}
