import { ActionIcon, Anchor, Badge, Box, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { Busy } from '../ui/busy';
import { notifications } from '@mantine/notifications';
import {
  IconCopy,
  IconDownload,
  IconFileExport,
  IconPlayerStopFilled,
  IconSearchOff,
  IconUser,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import type { Citation } from '../api/types';
import { originLabel, pageLabel } from '../search/search-hit';
import { ErrorAlert } from '../ui/error-alert';
import { answerMarkdown, downloadText, exportFileName, type AnswerExport } from './answer-export';
import { AnswerText, citationLink, citationName } from './citation-chip';

export function UserMessage({ content }: { content: string }) {
  return (
    <Group justify="flex-end" align="flex-start" gap="xs" wrap="nowrap">
      <Paper bg="var(--mantine-color-default-hover)" px="md" py="xs" radius="md" maw="80%">
        <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="user-message">
          {content}
        </Text>
      </Paper>
      <IconUser size={18} aria-label="You" style={{ marginTop: 10, flex: 'none' }} />
    </Group>
  );
}

function ExportMenu({ item }: { item: AnswerExport }) {
  const markdown = () => answerMarkdown(item, window.location.origin);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(markdown());
      notifications.show({ message: 'Answer and sources copied as Markdown' });
    } catch (err) {
      notifications.show({
        color: 'red',
        title: 'Could not copy',
        message: `${err instanceof Error ? err.message : String(err)} (CLIPBOARD_UNAVAILABLE)`,
      });
    }
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label="Export this answer">
          <IconFileExport size={16} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconCopy size={14} />} onClick={() => void copy()}>
          Copy as Markdown
        </Menu.Item>
        <Menu.Item
          leftSection={<IconDownload size={14} />}
          onClick={() => downloadText(exportFileName(item.question), markdown())}
        >
          Download Markdown
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function SourcesList({ citations }: { citations: Citation[] }) {
  if (citations.length === 0) return null;
  return (
    <Box component="section" aria-label="Sources">
      <Text size="xs" fw={600} c="dimmed" mb={2}>
        Sources
      </Text>
      <Stack gap={2} component="ol" m={0} p={0} style={{ listStyle: 'none' }}>
        {[...citations]
          .sort((a, b) => a.n - b.n)
          .map((c) => {
            const page = [pageLabel(c.page_from, c.page_to), originLabel(c.origin)]
              .filter(Boolean)
              .join(' · ');
            return (
              <Text component="li" size="xs" key={c.n}>
                [{c.n}]{' '}
                <Anchor component={Link} to={citationLink(c)} size="xs">
                  {citationName(c)}
                </Anchor>
                {page ? ` · ${page}` : ''}
              </Text>
            );
          })}
      </Stack>
    </Box>
  );
}

export interface AssistantMessageProps {
  question: string;
  text: string;
  citations: Citation[];
  mode: 'llm' | 'extractive' | 'not_found' | null;
  model: string | null;
  status: 'streaming' | 'done' | 'stopped' | 'error';
  error?: unknown;
}

/** An answer: streamed text with citation chips, how it was made, its sources and its export. */
export function AssistantMessage(props: AssistantMessageProps) {
  const { text, citations, mode, model, status } = props;
  const notFound = mode === 'not_found';
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid="assistant-message"
      data-status={status}
      data-mode={mode ?? undefined}
      aria-busy={status === 'streaming'}
    >
      <Stack gap="xs">
        {notFound && (
          <Group gap={6}>
            <IconSearchOff size={16} aria-hidden />
            <Badge color="orange" variant="light" data-testid="not-found">
              Not found in your documents
            </Badge>
          </Group>
        )}
        {status === 'streaming' && text === '' ? (
          <Group gap="xs">
            <Busy size="xs" type="dots" />
            <Text size="sm" c="dimmed">
              Looking through your documents…
            </Text>
          </Group>
        ) : (
          <Box c={notFound ? 'dimmed' : undefined}>
            <AnswerText text={text} citations={citations} />
          </Box>
        )}
        {status === 'stopped' && (
          <Group gap={4}>
            <IconPlayerStopFilled size={12} aria-hidden />
            <Text size="xs" c="dimmed" data-testid="answer-stopped">
              Stopped. This partial answer is not saved.
            </Text>
          </Group>
        )}
        {status === 'error' && <ErrorAlert error={props.error} title="The answer failed" />}
        <SourcesList citations={citations} />
        {status !== 'streaming' && (
          <Group justify="space-between" gap="xs">
            <Text size="xs" c="dimmed">
              {mode === 'extractive'
                ? 'Quoted from your documents (no language model configured)'
                : mode === 'llm' && model
                  ? `Answered by ${model}`
                  : ''}
            </Text>
            {status === 'done' && text && (
              <ExportMenu item={{ question: props.question, answer: text, citations, mode, model }} />
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
