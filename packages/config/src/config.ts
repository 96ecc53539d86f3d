import path from 'node:path';
import type { z } from 'zod';
import { ENV_SCHEMA, type ParsedEnv } from './config.schema.js';

/** Typed, frozen configuration of one Sift process. */
export interface Config {
  dataDir: string;
  host: string;
  port: number;
  log: { level: ParsedEnv['SIFT_LOG_LEVEL']; format: ParsedEnv['SIFT_LOG_FORMAT'] };
  workers: {
    enabled: boolean;
    maxConcurrent: number;
    concurrency: Record<'high' | 'default' | 'low' | 'maintenance', number>;
  };
  queue: {
    leaseMs: number;
    pollMs: number;
    maxAttempts: number;
    backoffBaseMs: number;
    shutdownGraceMs: number;
  };
  health: { minFreeDiskMb: number };
  ingest: {
    limitsMb: { document: number; audio: number; image: number; archive: number };
    maxFilesPerUpload: number;
    archive: { maxEntries: number; maxTotalBytes: number; maxCompressionRatio: number; maxDepth: number };
    ocrLanguages: string[];
    queues: { document: QueueName; audio: QueueName; image: QueueName; archive: QueueName };
  };
  transcription: {
    engine: ParsedEnv['SIFT_TRANSCRIBER'];
    whisperModel: string;
    openai: { url: string | null; apiKey: string | null; model: string };
  };
  models: { dir: string; allowDownloads: boolean };
}

type QueueName = ParsedEnv['SIFT_QUEUE_DOCUMENT'];

/** Thrown when the environment holds an invalid SIFT_* value; the message names each variable. */
export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super('Invalid configuration:\n' + issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

function describeIssue(
  issue: z.core.$ZodIssue,
  env: Record<string, string | undefined>,
): { variable: string; message: string } {
  const variable = String(issue.path[0] ?? '(unknown)');
  const got = env[variable];
  return { variable, message: `${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}` };
}

/**
 * Parses the SIFT_* variables once. Call it only from a composition root (server, worker, CLI) with
 * `process.env`; everything else receives the resulting Config.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = '.'): Config {
  // Empty strings mean "unset" (a common result of `VAR= cmd` and of .env templates).
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith('SIFT_') && v !== ''),
  );
  const parsed = ENV_SCHEMA.safeParse(cleaned);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => describeIssue(i, cleaned)));
  const e = parsed.data;
  if (e.SIFT_TRANSCRIBER === 'openai' && !e.SIFT_TRANSCRIBE_URL) {
    throw new ConfigError([
      { variable: 'SIFT_TRANSCRIBE_URL', message: 'is required when SIFT_TRANSCRIBER=openai' },
    ]);
  }
  return Object.freeze({
    dataDir: path.resolve(cwd, e.SIFT_DATA_DIR),
    host: e.SIFT_HOST,
    port: e.SIFT_PORT,
    log: { level: e.SIFT_LOG_LEVEL, format: e.SIFT_LOG_FORMAT },
    workers: {
      enabled: e.SIFT_WORKERS,
      maxConcurrent: e.SIFT_WORKER_MAX_CONCURRENT,
      concurrency: {
        high: e.SIFT_QUEUE_CONCURRENCY_HIGH,
        default: e.SIFT_QUEUE_CONCURRENCY_DEFAULT,
        low: e.SIFT_QUEUE_CONCURRENCY_LOW,
        maintenance: e.SIFT_QUEUE_CONCURRENCY_MAINTENANCE,
      },
    },
    queue: {
      leaseMs: e.SIFT_QUEUE_LEASE_MS,
      pollMs: e.SIFT_QUEUE_POLL_MS,
      maxAttempts: e.SIFT_JOB_MAX_ATTEMPTS,
      backoffBaseMs: e.SIFT_JOB_BACKOFF_MS,
      shutdownGraceMs: e.SIFT_SHUTDOWN_GRACE_MS,
    },
    health: { minFreeDiskMb: e.SIFT_MIN_FREE_DISK_MB },
    ingest: {
      limitsMb: {
        document: e.SIFT_MAX_DOCUMENT_MB,
        audio: e.SIFT_MAX_AUDIO_MB,
        image: e.SIFT_MAX_IMAGE_MB,
        archive: e.SIFT_MAX_ARCHIVE_MB,
      },
      maxFilesPerUpload: e.SIFT_UPLOAD_MAX_FILES,
      archive: {
        maxEntries: e.SIFT_ARCHIVE_MAX_ENTRIES,
        maxTotalBytes: e.SIFT_ARCHIVE_MAX_TOTAL_MB * 1024 ** 2,
        maxCompressionRatio: e.SIFT_ARCHIVE_MAX_RATIO,
        maxDepth: e.SIFT_ARCHIVE_MAX_DEPTH,
      },
      ocrLanguages: e.SIFT_OCR_LANGUAGES.split(','),
      queues: {
        document: e.SIFT_QUEUE_DOCUMENT,
        audio: e.SIFT_QUEUE_AUDIO,
        image: e.SIFT_QUEUE_IMAGE,
        archive: e.SIFT_QUEUE_ARCHIVE,
      },
    },
    transcription: {
      engine: e.SIFT_TRANSCRIBER,
      whisperModel: e.SIFT_WHISPER_MODEL,
      openai: {
        url: e.SIFT_TRANSCRIBE_URL ?? null,
        apiKey: e.SIFT_TRANSCRIBE_API_KEY ?? null,
        model: e.SIFT_TRANSCRIBE_MODEL,
      },
    },
    models: {
      dir: path.resolve(cwd, e.SIFT_MODELS_DIR ?? path.join(e.SIFT_DATA_DIR, 'models')),
      allowDownloads: e.SIFT_ALLOW_MODEL_DOWNLOADS,
    },
  });
}

/** Variable, default and meaning of every setting, for docs and `sift config`. */
export function describeSettings(): { variable: string; default: string; meaning: string }[] {
  return Object.entries(ENV_SCHEMA.shape).map(([variable, schema]) => {
    const parsed = (schema as z.ZodType).safeParse(undefined);
    return {
      variable,
      default: parsed.success && parsed.data !== undefined ? String(parsed.data) : '',
      meaning: (schema as z.ZodType).description ?? '',
    };
  });
}
