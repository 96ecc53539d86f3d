import { Alert, Button, Group, List, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { Schemas } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';

type SwapCheck = Schemas['SwapCheck'];
type Action = 'swap' | 'discard' | 'recheck';

const PATHS = {
  swap: '/api/v1/system/embeddings/swap',
  discard: '/api/v1/system/embeddings/discard',
  recheck: '/api/v1/system/embeddings/recheck',
} as const;

/**
 * The latest check of switching to the configured model's vector space. A held switch shows why it waits and
 * the admin's overrides: swap anyway, discard the new space, check again (each audited by the server).
 */
export function EmbeddingSwitch({ swap }: { swap: SwapCheck | null | undefined }) {
  const client = useQueryClient();
  const decide = useMutation({
    mutationFn: (action: Action) => unwrap(api.POST(PATHS[action])),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['queues'] }),
  });
  if (!swap) return null;
  if (swap.status !== 'held') {
    return (
      <Text size="sm" c="dimmed" data-testid="swap-check">
        Switch check: {swap.status}
        {swap.decided_by ? ` (decided ${new Date(swap.decided_at ?? swap.checked_at).toLocaleString()})` : ''}
      </Text>
    );
  }
  return (
    <Alert color="orange" title="The switch to the new model is held" data-testid="swap-check" maw={640}>
      <Text size="sm">Searches keep the old vector space because the new one failed its check:</Text>
      <List size="sm" my="xs">
        {swap.reasons.map((reason) => (
          <List.Item key={reason}>{reason}</List.Item>
        ))}
      </List>
      <Group gap="xs">
        <Button size="xs" color="orange" loading={decide.isPending} onClick={() => decide.mutate('swap')}>
          Swap anyway
        </Button>
        <Button
          size="xs"
          variant="default"
          loading={decide.isPending}
          onClick={() => decide.mutate('recheck')}
        >
          Check again
        </Button>
        <Button
          size="xs"
          variant="subtle"
          color="red"
          loading={decide.isPending}
          onClick={() => decide.mutate('discard')}
        >
          Discard the new space
        </Button>
      </Group>
      <ErrorAlert error={decide.error} title="Could not apply the decision" />
    </Alert>
  );
}
