import { Alert, Button, Paper, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { useCallback, useRef, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { DocumentRow } from '../api/types';
import { ErrorAlert } from '../ui/error-alert';
import { useTranscript } from './document.hooks';
import classes from './document.module.css';
import { formatClock } from './format';

/**
 * A recording with its transcript: each timed chunk is a button that seeks the player to where it was said;
 * the segment being played is marked. The player streams `/file` directly (the CSP allows media only from
 * 'self'); the server answers range requests, so seeking works before the whole file has arrived.
 */
export function AudioPlayer({ doc }: { doc: DocumentRow }) {
  const transcript = useTranscript(doc.id, doc.status === 'processed');
  const audioRef = useRef<HTMLAudioElement>(null);
  const [nowMs, setNowMs] = useState(0);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const seek = useCallback((ms: number) => {
    const audio = audioRef.current;
    if (!audio) return;
    audio.currentTime = ms / 1000;
    setNowMs(ms);
    // Browsers may refuse to start playing without a gesture; the seek itself still happened.
    void audio.play().catch(() => undefined);
  }, []);

  const retry = async () => {
    // The media request carries the session cookie but cannot refresh it; an API call through the client can.
    await unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id: doc.id } } })).catch(
      () => undefined,
    );
    setFailed(false);
    setAttempt((n) => n + 1);
  };

  return (
    <Stack gap="md">
      {failed ? (
        <Alert color="red" title="The recording could not be played">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">Your browser may not support this format, or the session ended.</Text>
            <Button size="xs" variant="light" onClick={() => void retry()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : (
        <audio
          key={attempt}
          ref={audioRef}
          controls
          preload="metadata"
          src={`/api/v1/documents/${encodeURIComponent(doc.id)}/file`}
          aria-label={`Recording: ${doc.filename}`}
          data-testid="audio-player"
          style={{ width: '100%' }}
          onTimeUpdate={(e) => setNowMs(e.currentTarget.currentTime * 1000)}
          onError={() => setFailed(true)}
        />
      )}
      <Transcript query={transcript} nowMs={nowMs} onSeek={seek} />
    </Stack>
  );
}

function Transcript({
  query,
  nowMs,
  onSeek,
}: {
  query: ReturnType<typeof useTranscript>;
  nowMs: number;
  onSeek: (ms: number) => void;
}) {
  if (query.isPending && query.fetchStatus !== 'idle') {
    return <Skeleton height={120} role="status" aria-label="Loading the transcript" />;
  }
  if (query.error) return <ErrorAlert error={query.error} title="The transcript could not be loaded" />;
  const segments = query.data ?? [];
  if (segments.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        No timed transcript: nothing was recognised in this recording yet.
      </Text>
    );
  }
  return (
    <Paper withBorder p="xs">
      <Text fw={600} size="sm" px="sm" pb="xs" id="transcript-title">
        Transcript
      </Text>
      <ol className={classes.transcript} aria-labelledby="transcript-title">
        {segments.map((segment) => {
          const start = segment.time_start_ms ?? 0;
          const end = segment.time_end_ms ?? start;
          const current = nowMs >= start && nowMs < end;
          return (
            <li key={segment.id}>
              <UnstyledButton
                className={classes.segment}
                aria-current={current ? 'true' : undefined}
                onClick={() => onSeek(start)}
                data-testid="transcript-segment"
                data-start-ms={start}
              >
                <Text size="xs" c="dimmed" ff="monospace" miw={72} component="span">
                  {formatClock(start)}–{formatClock(end)}
                </Text>
                <Text size="sm" component="span">
                  {segment.content}
                </Text>
              </UnstyledButton>
            </li>
          );
        })}
      </ol>
    </Paper>
  );
}
