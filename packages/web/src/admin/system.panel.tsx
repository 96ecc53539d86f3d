import { Badge, Button, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Busy } from '../ui/busy';
import { IconRefresh } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, SiftApiError, unwrap } from '../api/client';
import type { Readiness } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { EmbeddingSwitch } from './embedding-switch';
import { SystemQueues } from './system-queues';

/** `/health/ready` answers 503 with the same body when a check fails: that body is what we want to show. */
async function fetchReadiness(): Promise<Readiness> {
  const { data, error, response } = await api.GET('/health/ready');
  if (data) return data;
  if (error && typeof error === 'object' && 'checks' in error) return error as Readiness;
  throw new SiftApiError(response.status, null);
}

function Check({ label, ok, children }: { label: string; ok: boolean; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" data-testid={`check-${label.toLowerCase()}`}>
      <Group justify="space-between" mb={4}>
        <Text fw={600}>{label}</Text>
        <Badge miw="max-content" color={ok ? 'green' : 'red'} variant="light">
          {ok ? 'ok' : 'failing'}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" component="div">
        {children}
      </Text>
    </Paper>
  );
}

function ReadinessChecks() {
  const ready = useQuery({ queryKey: ['system', 'ready'], queryFn: fetchReadiness });
  if (ready.isPending) return <Busy size="sm" label="Loading readiness" />;
  if (ready.isError) return <ErrorAlert error={ready.error} title="Could not read the readiness checks" />;
  const { checks, intake, status } = ready.data;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text>Server is</Text>
        <Badge
          miw="max-content"
          size="lg"
          variant="light"
          color={status === 'ready' ? 'green' : 'red'}
          data-testid="readiness"
        >
          {status === 'ready' ? 'ready' : 'not ready'}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <Check label="Database" ok={checks.database.ok}>
          {checks.database.engine} · test write took {checks.database.latency_ms.toFixed(1)} ms
          {checks.database.error ? ` — ${checks.database.error}` : ''}
        </Check>
        <Check label="Job queue" ok={checks.queue.ok}>
          {checks.queue.engine} · answered in {checks.queue.latency_ms.toFixed(1)} ms
          {checks.queue.error ? ` — ${checks.queue.error}` : ''}
        </Check>
        <Check label="Vector index" ok={checks.vectors.ok}>
          {checks.vectors.engine} · answered in {checks.vectors.latency_ms.toFixed(1)} ms
          {checks.vectors.error ? ` — ${checks.vectors.error}` : ''}
        </Check>
        <Check label="Disk" ok={checks.disk.ok}>
          {checks.disk.free_mb.toLocaleString()} MB free (minimum {checks.disk.min_free_mb.toLocaleString()}{' '}
          MB)
          {checks.disk.error ? ` — ${checks.disk.error}` : ''}
        </Check>
        <Check label="Workers" ok={checks.workers.ok}>
          {checks.workers.detail}
        </Check>
        {checks.llm ? (
          <Check label="LLM" ok={checks.llm.ok}>
            {checks.llm.provider} · {checks.llm.model} · circuit {checks.llm.circuit.replace('_', ' ')}
            {checks.llm.error ? ` — ${checks.llm.error}` : ''}
          </Check>
        ) : (
          <Check label="LLM" ok>
            None configured: answers are extractive.
          </Check>
        )}
      </SimpleGrid>
      {intake && (
        <Text size="sm">
          Intake: {intake.pending_tasks} of at most {intake.max_pending_tasks} tasks waiting —{' '}
          {intake.accepting_uploads ? 'accepting uploads' : 'refusing uploads (QUEUE_FULL)'}
        </Text>
      )}
    </Stack>
  );
}

function Embeddings() {
  // The same query as the queue overview: task events (re-embedding progress) refresh it.
  const status = useQuery({
    queryKey: ['queues', 'system-status'],
    queryFn: () => unwrap(api.GET('/api/v1/system/status')),
  });
  const embeddings = status.data?.embeddings;
  const task = embeddings?.reembedding;
  const switching =
    embeddings && embeddings.target_space && embeddings.serving_space !== embeddings.target_space;
  return (
    <Stack gap="xs">
      <ErrorAlert error={status.error} title="Could not read the embedding state" />
      <Text size="sm" data-testid="serving-space">
        Searches read:{' '}
        {embeddings?.serving_space ?? (
          <Text span c="dimmed">
            no vector space yet
          </Text>
        )}
      </Text>
      <Text size="sm">
        Configured model:{' '}
        {embeddings?.target_space ?? (
          <Text span c="dimmed">
            cannot be loaded on this server
          </Text>
        )}
        {switching && (
          <Badge ml="xs" miw="max-content" variant="light" color="orange">
            re-embedding needed
          </Badge>
        )}
      </Text>
      {embeddings && (
        <Text size="sm" data-testid="hybrid-alpha">
          Hybrid fusion weight: α {embeddings.hybrid_alpha.value} ({embeddings.hybrid_alpha.source})
        </Text>
      )}
      <EmbeddingSwitch swap={embeddings?.swap} />
      {!task ? (
        <Text size="sm" c="dimmed">
          No re-embedding has run.
        </Text>
      ) : (
        <Stack gap={4} maw={480}>
          <Text size="sm">
            Re-embedding:{' '}
            <Badge miw="max-content" variant="light">
              {task.status}
            </Badge>{' '}
            {task.status === 'succeeded' ? `finished ${new Date(task.updated_at).toLocaleString()}` : ''}
          </Text>
          {task.status === 'running' && (
            <Progress value={task.progress * 100} aria-label="Re-embedding progress" animated />
          )}
        </Stack>
      )}
    </Stack>
  );
}

/** Health at a glance: readiness checks, queues and workers, storage, the embedding model and re-embedding. */
export function SystemPanel() {
  const client = useQueryClient();
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Readiness
        </Title>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconRefresh size={14} aria-hidden />}
          onClick={() => {
            void client.invalidateQueries({ queryKey: ['system'] });
            void client.invalidateQueries({ queryKey: ['queues'] });
          }}
        >
          Check again
        </Button>
      </Group>
      <ReadinessChecks />
      <Title order={2} size="h4">
        Embeddings
      </Title>
      <Embeddings />
      <Title order={2} size="h4">
        Queues, workers and storage
      </Title>
      <SystemQueues />
    </Stack>
  );
}
