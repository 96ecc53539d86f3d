import path from 'node:path';
import type { z } from 'zod';
import { ENV_SCHEMA, type ParsedEnv } from './config.schema.js';
import { backendsOf, type Backends } from './scale-out.js';
import { operationsOf, type Operations } from './operations.js';
import { SECRET_URL_VARIABLES } from './scale-out.schema.js';

/** Typed, frozen configuration of one Sift process. */
export interface Config {
  dataDir: string;
  /** Embedded (SQLite, in-process) unless SIFT_DATABASE_URL / SIFT_REDIS_URL / SIFT_VECTOR_URL choose servers. */
  backends: Backends;
  /** Metrics, traces, backups, webhooks. */
  operations: Operations;
  /** How long start-up waits for a backend server that does not answer yet (ms). */
  backendWaitMs: number;
  host: string;
  port: number;
  /** Fastify's trustProxy: which proxies' X-Forwarded-* headers are believed (false: none). */
  trustProxy: boolean | string[];
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
  auth: {
    enabled: boolean;
    /** The first admin, created at start when no account exists. */
    bootstrapAdmin: { email: string; password: string } | null;
    jwtSecret: string | null;
    cookieSecure: 'auto' | 'always' | 'never';
    corsOrigins: string[];
    rateLimitPerMinute: number;
    auditRetentionDays: number;
    oidc: {
      issuer: string;
      clientId: string;
      clientSecret: string | null;
      redirectUrl: string;
      roleClaim: string;
      defaultRole: 'admin' | 'editor' | 'viewer';
    } | null;
  };
  /** Directories under which directory sources may be added over HTTP (absolute; resolved to real paths when used); empty: none. */
  sources: { roots: string[] };
  extraction: { timeoutMs: number; audioTimeoutMs: number; maxHeapMb: number };
  /** Backpressure: uploads are refused while more tasks than this wait. */
  intake: { maxPendingTasks: number };
  /** Sweeping of leftovers after crashes. */
  sweep: { intervalMs: number; graceMs: number };
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
    /** Candidate languages of Whisper's language detection; null: every language the model knows. */
    whisperLanguages: string[] | null;
    openai: { url: string | null; apiKey: string | null; model: string };
  };
  models: { dir: string; allowDownloads: boolean };
  embedding: {
    engine: ParsedEnv['SIFT_EMBEDDER'];
    model: string | null;
    url: string | null;
    apiKey: string | null;
    dimensions: number | null;
    queryPrefix: string | null;
    passagePrefix: string | null;
    /** Null: the known model's pooling, else mean. */
    pooling: NonNullable<ParsedEnv['SIFT_EMBEDDING_POOLING']> | null;
    dtype: ParsedEnv['SIFT_EMBEDDING_DTYPE'];
    batchSize: number;
    /** Texts × padded tokens of one local model call at most; 0: no bound. */
    maxBatchTokens: number;
    concurrency: number;
    cacheMaxEntries: number;
  };
  search: {
    fusion: ParsedEnv['SIFT_HYBRID_FUSION'];
    /** Set explicitly: overrides the serving space's fusion weight; null: the space's own. */
    alpha: number | null;
    vectorWeight: number;
    candidates: number;
    /** Lexical analysis folds accents away (index and queries; a change re-indexes). */
    lexicalFoldDiacritics: boolean;
    annThreshold: number;
    annExpansionSearch: number;
    reranker: ParsedEnv['SIFT_RERANKER'];
    rerankModel: string;
    /** Fused candidates a reranker re-orders. */
    rerankTopK: number;
    /** How long a search waits for its reranker; null: no limit. */
    rerankBudgetMs: number | null;
    queryCacheTtlMs: number;
  };
  llm: {
    engine: ParsedEnv['SIFT_LLM'];
    url: string | null;
    model: string | null;
    apiKey: string | null;
    timeoutMs: number;
  };
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
  // A connection URL may carry a password: say what is wrong with it, never echo it.
  const got = SECRET_URL_VARIABLES.has(variable) ? undefined : env[variable];
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
  for (const [engine, url, variable] of [
    [e.SIFT_EMBEDDER, e.SIFT_EMBEDDING_URL, 'SIFT_EMBEDDING_URL'],
    [e.SIFT_LLM, e.SIFT_LLM_URL, 'SIFT_LLM_URL'],
  ] as const) {
    if ((engine === 'openai' || engine === 'ollama') && !url) {
      const by = variable === 'SIFT_LLM_URL' ? 'SIFT_LLM' : 'SIFT_EMBEDDER';
      throw new ConfigError([{ variable, message: `is required when ${by}=${engine}` }]);
    }
  }
  if (e.SIFT_LLM !== 'none' && !e.SIFT_LLM_MODEL) {
    throw new ConfigError([
      { variable: 'SIFT_LLM_MODEL', message: `is required when SIFT_LLM=${e.SIFT_LLM}` },
    ]);
  }
  if (e.SIFT_AUTH === 'off' && !isLoopback(e.SIFT_HOST)) {
    throw new ConfigError([
      {
        variable: 'SIFT_AUTH',
        message: `off is allowed only when SIFT_HOST is a loopback address (127.0.0.1, ::1, localhost), not ${e.SIFT_HOST}: anyone who reaches the server would own everything`,
      },
    ]);
  }
  if (Boolean(e.SIFT_ADMIN_EMAIL) !== Boolean(e.SIFT_ADMIN_PASSWORD)) {
    throw new ConfigError([
      {
        variable: e.SIFT_ADMIN_EMAIL ? 'SIFT_ADMIN_PASSWORD' : 'SIFT_ADMIN_EMAIL',
        message: 'SIFT_ADMIN_EMAIL and SIFT_ADMIN_PASSWORD go together',
      },
    ]);
  }
  if (e.SIFT_OIDC_ISSUER && (!e.SIFT_OIDC_CLIENT_ID || !e.SIFT_PUBLIC_URL)) {
    throw new ConfigError([
      {
        variable: e.SIFT_OIDC_CLIENT_ID ? 'SIFT_PUBLIC_URL' : 'SIFT_OIDC_CLIENT_ID',
        message: 'is required when SIFT_OIDC_ISSUER is set',
      },
    ]);
  }
  if (e.SIFT_RERANKER === 'llm' && e.SIFT_LLM === 'none') {
    throw new ConfigError([{ variable: 'SIFT_RERANKER', message: 'llm needs SIFT_LLM to be configured' }]);
  }
  const dataDir = path.resolve(cwd, e.SIFT_DATA_DIR);
  const chosen = backendsOf(e, dataDir, cwd);
  if (!('backends' in chosen)) throw new ConfigError([chosen]);
  return Object.freeze({
    dataDir,
    backends: chosen.backends,
    operations: operationsOf(e, dataDir, cwd),
    backendWaitMs: e.SIFT_BACKEND_WAIT_S * 1000,
    host: e.SIFT_HOST,
    port: e.SIFT_PORT,
    trustProxy: parseTrustProxy(e.SIFT_TRUST_PROXY),
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
    auth: {
      enabled: e.SIFT_AUTH === 'on',
      bootstrapAdmin:
        e.SIFT_ADMIN_EMAIL && e.SIFT_ADMIN_PASSWORD
          ? { email: e.SIFT_ADMIN_EMAIL, password: e.SIFT_ADMIN_PASSWORD }
          : null,
      jwtSecret: e.SIFT_JWT_SECRET ?? null,
      cookieSecure: ({ auto: 'auto', true: 'always', false: 'never' } as const)[e.SIFT_COOKIE_SECURE],
      corsOrigins: e.SIFT_CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      rateLimitPerMinute: e.SIFT_RATE_LIMIT_PER_MINUTE,
      auditRetentionDays: e.SIFT_AUDIT_RETENTION_DAYS,
      oidc:
        e.SIFT_OIDC_ISSUER && e.SIFT_OIDC_CLIENT_ID && e.SIFT_PUBLIC_URL
          ? {
              issuer: e.SIFT_OIDC_ISSUER,
              clientId: e.SIFT_OIDC_CLIENT_ID,
              clientSecret: e.SIFT_OIDC_CLIENT_SECRET ?? null,
              redirectUrl: `${e.SIFT_PUBLIC_URL.replace(/\/+$/u, '')}/api/v1/auth/oidc/callback`,
              roleClaim: e.SIFT_OIDC_ROLE_CLAIM,
              defaultRole: e.SIFT_OIDC_DEFAULT_ROLE,
            }
          : null,
    },
    sources: {
      roots: e.SIFT_SOURCE_ROOTS.split(',')
        .map((r) => r.trim())
        .filter((r) => r.length > 0)
        .map((r) => path.resolve(cwd, r)),
    },
    extraction: {
      timeoutMs: e.SIFT_EXTRACTION_TIMEOUT_S * 1000,
      audioTimeoutMs: e.SIFT_EXTRACTION_AUDIO_TIMEOUT_S * 1000,
      maxHeapMb: e.SIFT_EXTRACTION_MAX_HEAP_MB,
    },
    intake: { maxPendingTasks: e.SIFT_INTAKE_MAX_PENDING },
    sweep: { intervalMs: e.SIFT_SWEEP_INTERVAL_S * 1000, graceMs: e.SIFT_SWEEP_GRACE_S * 1000 },
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
      whisperLanguages: e.SIFT_WHISPER_LANGUAGES?.split(',') ?? null,
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
    embedding: {
      engine: e.SIFT_EMBEDDER,
      model: e.SIFT_EMBEDDING_MODEL ?? null,
      url: e.SIFT_EMBEDDING_URL ?? null,
      apiKey: e.SIFT_EMBEDDING_API_KEY ?? null,
      dimensions: e.SIFT_EMBEDDING_DIMENSIONS ?? null,
      queryPrefix: e.SIFT_EMBEDDING_QUERY_PREFIX ?? null,
      passagePrefix: e.SIFT_EMBEDDING_PASSAGE_PREFIX ?? null,
      pooling: e.SIFT_EMBEDDING_POOLING ?? null,
      dtype: e.SIFT_EMBEDDING_DTYPE,
      batchSize: e.SIFT_EMBEDDING_BATCH,
      maxBatchTokens: e.SIFT_EMBEDDING_BATCH_TOKENS,
      concurrency: e.SIFT_EMBEDDING_CONCURRENCY,
      cacheMaxEntries: e.SIFT_EMBEDDING_CACHE_MAX,
    },
    search: {
      fusion: e.SIFT_HYBRID_FUSION,
      alpha: e.SIFT_HYBRID_ALPHA ?? null,
      vectorWeight: e.SIFT_SEARCH_VECTOR_WEIGHT,
      candidates: e.SIFT_SEARCH_CANDIDATES,
      lexicalFoldDiacritics: e.SIFT_LEXICAL_FOLD_DIACRITICS,
      annThreshold: e.SIFT_ANN_THRESHOLD,
      annExpansionSearch: e.SIFT_ANN_EXPANSION_SEARCH,
      reranker: e.SIFT_RERANKER,
      rerankModel: e.SIFT_RERANK_MODEL,
      rerankTopK: e.SIFT_RERANK_TOP_K,
      rerankBudgetMs: e.SIFT_RERANK_BUDGET_MS === 0 ? null : e.SIFT_RERANK_BUDGET_MS,
      queryCacheTtlMs: e.SIFT_QUERY_CACHE_TTL_S * 1000,
    },
    llm: {
      engine: e.SIFT_LLM,
      url: e.SIFT_LLM_URL ?? null,
      model: e.SIFT_LLM_MODEL ?? null,
      apiKey: e.SIFT_LLM_API_KEY ?? null,
      timeoutMs: e.SIFT_LLM_TIMEOUT_MS,
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

/** SIFT_TRUST_PROXY as Fastify takes it: '' → false, 'true' → true, else the list. */
function parseTrustProxy(value: string): boolean | string[] {
  if (value === '') return false;
  if (value === 'true') return true;
  return value.split(',').map((v) => v.trim());
}

/** Whether a bind address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/u.test(host);
}
