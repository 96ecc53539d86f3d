import { z } from 'zod';
import { OPERATIONS_ENV } from './operations.schema.js';
import { SCALE_OUT_ENV } from './scale-out.schema.js';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const queue = (fallback: 'high' | 'default' | 'low' | 'maintenance') =>
  z.enum(['high', 'default', 'low', 'maintenance']).default(fallback);

/**
 * Every SIFT_* variable, its default and its meaning. The README's configuration table mirrors this list
 * (`config.schema.test.ts` checks that it does).
 */
export const ENV_SCHEMA = z.object({
  SIFT_DATA_DIR: z.string().min(1).default('./data').describe('Where the database, blobs and indexes live'),
  SIFT_HOST: z.string().min(1).default('127.0.0.1').describe('Interface the HTTP server binds to'),
  SIFT_PORT: int(0, 65_535).default(8080).describe('HTTP port (0 picks a free one)'),
  SIFT_TRUST_PROXY: z
    .string()
    .regex(/^(|true|[0-9a-fA-F:./]+(\s*,\s*[0-9a-fA-F:./]+)*)$/u, {
      message: 'expected true, or comma-separated addresses or CIDR ranges',
    })
    .default('')
    .describe(
      'Reverse proxies whose X-Forwarded-For/-Proto are believed (client address, TLS): comma-separated addresses or CIDRs, or true for any; empty: none',
    ),
  SIFT_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level'),
  SIFT_LOG_FORMAT: z.enum(['json', 'pretty']).default('json').describe('json (one object a line) or pretty'),
  SIFT_WORKERS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('Whether `sift serve` also runs job workers in-process'),
  SIFT_QUEUE_CONCURRENCY_HIGH: int(0, 64).default(1).describe('Parallel jobs from the high queue (audio)'),
  SIFT_QUEUE_CONCURRENCY_DEFAULT: int(0, 64)
    .default(2)
    .describe('Parallel jobs from the default queue (documents)'),
  SIFT_QUEUE_CONCURRENCY_LOW: int(0, 64).default(1).describe('Parallel jobs from the low queue (images)'),
  SIFT_QUEUE_CONCURRENCY_MAINTENANCE: int(0, 64)
    .default(1)
    .describe('Parallel jobs from the maintenance queue'),
  SIFT_WORKER_MAX_CONCURRENT: int(1, 256)
    .default(2)
    .describe('Jobs one worker process runs at once, all queues'),
  SIFT_QUEUE_LEASE_MS: int(1_000, 3_600_000)
    .default(30_000)
    .describe('Lease of a running job; retaken after it if its worker died'),
  SIFT_QUEUE_POLL_MS: int(10, 60_000).default(500).describe('How often idle workers look for new jobs'),
  SIFT_JOB_MAX_ATTEMPTS: int(1, 100).default(3).describe('Attempts before a retryable failure becomes dead'),
  SIFT_JOB_BACKOFF_MS: int(0, 3_600_000).default(1_000).describe('First retry delay; doubles per attempt'),
  SIFT_SHUTDOWN_GRACE_MS: int(0, 600_000)
    .default(10_000)
    .describe('How long shutdown waits for running jobs'),
  SIFT_MIN_FREE_DISK_MB: int(0, 10_000_000)
    .default(256)
    .describe('Readiness fails below this free space in the data dir'),
  SIFT_MAX_DOCUMENT_MB: int(1, 1_000_000)
    .default(100)
    .describe('Largest document upload (PDF, Office, text, e-mail)'),
  SIFT_MAX_AUDIO_MB: int(1, 1_000_000).default(500).describe('Largest audio upload'),
  SIFT_MAX_IMAGE_MB: int(1, 1_000_000).default(50).describe('Largest image upload'),
  SIFT_MAX_ARCHIVE_MB: int(1, 1_000_000).default(1024).describe('Largest archive upload (zip, tar, gz, rar)'),
  SIFT_UPLOAD_MAX_FILES: int(1, 10_000).default(100).describe('Files accepted in one upload request'),
  SIFT_ARCHIVE_MAX_ENTRIES: int(1, 10_000_000).default(10_000).describe('Most members one archive may have'),
  SIFT_ARCHIVE_MAX_TOTAL_MB: int(1, 10_000_000)
    .default(2048)
    .describe('Most uncompressed bytes one archive may expand to'),
  SIFT_ARCHIVE_MAX_RATIO: int(1, 100_000)
    .default(200)
    .describe('Highest uncompressed/compressed ratio (zip bombs)'),
  SIFT_ARCHIVE_MAX_DEPTH: int(1, 20).default(3).describe('How deep archives may nest inside archives'),
  SIFT_AUTH: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      'Accounts and sign-in (on), or no authentication at all (off: allowed only when SIFT_HOST is a loopback address)',
    ),
  SIFT_ADMIN_EMAIL: z
    .email()
    .optional()
    .describe('With SIFT_ADMIN_PASSWORD: the first admin, created at start when no account exists'),
  SIFT_ADMIN_PASSWORD: z
    .string()
    .optional()
    .describe('Password of SIFT_ADMIN_EMAIL (at least 12 characters)'),
  SIFT_JWT_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe(
      'Secret that signs access tokens (every API node of a cluster shares it); default: keys generated in <data>/keys',
    ),
  SIFT_COOKIE_SECURE: z
    .enum(['auto', 'true', 'false'])
    .default('auto')
    .describe(
      'Secure flag of sign-in cookies: auto (when the request came over TLS, also behind a proxy listed in SIFT_TRUST_PROXY)',
    ),
  SIFT_CORS_ORIGINS: z
    .string()
    .default('')
    .describe(
      'Comma-separated origins allowed to call the API from a browser (empty: none, same origin only)',
    ),
  SIFT_RATE_LIMIT_PER_MINUTE: int(1, 10_000_000)
    .default(1200)
    .describe('Requests per minute per API key, user or address (an API key may set its own)'),
  SIFT_AUDIT_RETENTION_DAYS: int(1, 36_500)
    .default(365)
    .describe('Audit records older than this are deleted'),
  SIFT_OIDC_ISSUER: z.url().optional().describe('OpenID Connect issuer URL: enables single sign-on'),
  SIFT_OIDC_CLIENT_ID: z.string().min(1).optional().describe('OpenID Connect client id'),
  SIFT_OIDC_CLIENT_SECRET: z.string().min(1).optional().describe('OpenID Connect client secret'),
  SIFT_PUBLIC_URL: z
    .url()
    .optional()
    .describe('The URL users reach Sift at (OpenID Connect redirects to <url>/api/v1/auth/oidc/callback)'),
  SIFT_OIDC_ROLE_CLAIM: z
    .string()
    .min(1)
    .default('sift_role')
    .describe('ID-token claim that carries the role (admin, editor or viewer) of a signed-in user'),
  SIFT_OIDC_DEFAULT_ROLE: z
    .enum(['admin', 'editor', 'viewer'])
    .default('viewer')
    .describe('Role of a new single-sign-on user whose token carries none'),
  SIFT_SOURCE_ROOTS: z
    .string()
    .default('')
    .describe(
      'Comma-separated directories under which directory sources may be added over HTTP (empty: sources disabled over HTTP; the CLI may use any path)',
    ),
  SIFT_EXTRACTION_TIMEOUT_S: int(1, 86_400)
    .default(300)
    .describe('Longest extraction of one document, image or archive before it fails with EXTRACTION_TIMEOUT'),
  SIFT_EXTRACTION_AUDIO_TIMEOUT_S: int(1, 86_400)
    .default(3600)
    .describe('Longest transcription of one recording before it fails with EXTRACTION_TIMEOUT'),
  SIFT_EXTRACTION_MAX_HEAP_MB: int(64, 65_536)
    .default(1024)
    .describe(
      'JavaScript heap of one extraction worker; a document needing more fails with EXTRACTION_TOO_LARGE',
    ),
  SIFT_INTAKE_MAX_PENDING: int(1, 100_000_000)
    .default(1000)
    .describe(
      'Uploads are refused (503 QUEUE_FULL, Retry-After) while more tasks than this wait in the queues',
    ),
  SIFT_SWEEP_INTERVAL_S: int(10, 86_400)
    .default(600)
    .describe('How often leftovers (work dirs, unreferenced blobs, dead workers, stuck documents) are swept'),
  SIFT_SWEEP_GRACE_S: int(0, 604_800)
    .default(900)
    .describe('Age below which an unreferenced blob or work dir is never swept (an upload may still own it)'),
  SIFT_OCR_LANGUAGES: z
    .string()
    .regex(/^[a-z]{3}(_[a-z]+)?(,[a-z]{3}(_[a-z]+)?)*$/, 'comma-separated tesseract codes such as eng,deu')
    .default('eng')
    .describe('OCR languages for scans and images (tesseract codes)'),
  SIFT_TRANSCRIBER: z
    .enum(['auto', 'pocketsphinx', 'whisper', 'openai', 'none'])
    .default('auto')
    .describe(
      'Speech engine: auto (whisper when its model is in SIFT_MODELS_DIR, else pocketsphinx), pocketsphinx (offline, English), whisper (transformers.js), openai (compatible server), none',
    ),
  SIFT_WHISPER_MODEL: z
    .string()
    .min(1)
    .default('onnx-community/whisper-base')
    .describe('Whisper model id or directory (scripts/fetch-whisper-model.sh installs the default offline)'),
  SIFT_WHISPER_LANGUAGES: z
    .string()
    .regex(/^[a-z]{2,3}(,[a-z]{2,3})*$/, 'comma-separated Whisper language codes such as en,pl,de')
    .optional()
    .describe('Languages Whisper chooses among when it detects the spoken language (default: all it knows)'),
  SIFT_MODELS_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('Where local models are looked up and downloaded to (default: <SIFT_DATA_DIR>/models)'),
  SIFT_ALLOW_MODEL_DOWNLOADS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('Whether models missing from SIFT_MODELS_DIR may be downloaded from the model hub'),
  SIFT_TRANSCRIBE_URL: z
    .url()
    .optional()
    .describe('Base URL of an OpenAI-compatible transcription server (with or without a trailing /v1)'),
  SIFT_TRANSCRIBE_API_KEY: z.string().optional().describe('API key for SIFT_TRANSCRIBE_URL'),
  SIFT_TRANSCRIBE_MODEL: z
    .string()
    .min(1)
    .default('whisper-1')
    .describe('Model name sent to SIFT_TRANSCRIBE_URL'),
  SIFT_EMBEDDER: z
    .enum(['auto', 'use-lite', 'transformers', 'openai', 'ollama', 'none'])
    .default('auto')
    .describe(
      'Embedder: auto (the first of bge-small-en-v1.5, all-MiniLM-L6-v2, a multilingual MiniLM/e5 in SIFT_MODELS_DIR, else bge-small downloaded when allowed, else use-lite), use-lite (offline, bundled), transformers (SIFT_EMBEDDING_MODEL), openai (compatible server), ollama, none (lexical only)',
    ),
  SIFT_EMBEDDING_MODEL: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Model for transformers (default Xenova/all-MiniLM-L6-v2; use-multilingual-v3 for Universal Sentence Encoder Multilingual once fetched; with auto: the only one looked for), openai (text-embedding-3-small) or ollama (nomic-embed-text)',
    ),
  SIFT_EMBEDDING_URL: z
    .url()
    .optional()
    .describe('Base URL of the embedding server (openai: …/v1; ollama: http://127.0.0.1:11434)'),
  SIFT_EMBEDDING_API_KEY: z.string().optional().describe('API key for SIFT_EMBEDDING_URL'),
  SIFT_EMBEDDING_DIMENSIONS: int(1, 65_536)
    .optional()
    .describe('Requested dimension (OpenAI text-embedding-3 models)'),
  SIFT_EMBEDDING_QUERY_PREFIX: z
    .string()
    .optional()
    .describe('Prefix of query texts (default: the known model’s, e.g. e5 "query: ")'),
  SIFT_EMBEDDING_PASSAGE_PREFIX: z
    .string()
    .optional()
    .describe('Prefix of passage texts (default: the known model’s, e.g. e5 "passage: ")'),
  SIFT_EMBEDDING_POOLING: z
    .enum(['mean', 'cls'])
    .optional()
    .describe('Pooling of transformers models (default: the known model’s — cls for bge — else mean)'),
  SIFT_EMBEDDING_DTYPE: z
    .enum(['auto', 'fp32', 'q8'])
    .default('auto')
    .describe(
      'ONNX weights of transformers models: fp32 (onnx/model.onnx), q8 (int8, onnx/model_quantized.onnx) or auto (the one installed; of both, int8 where it was measured to keep quality)',
    ),
  SIFT_EMBEDDING_BATCH: int(1, 4096).default(64).describe('Texts per embedding call'),
  SIFT_EMBEDDING_BATCH_TOKENS: int(0, 1_048_576)
    .default(1024)
    .describe(
      'Texts × padded tokens of one local model call at most (longer batches run in slices, bounding memory); 0: no bound',
    ),
  SIFT_EMBEDDING_CONCURRENCY: int(1, 64).default(2).describe('Embedding calls in flight per process'),
  SIFT_EMBEDDING_CACHE_MAX: int(0, 100_000_000)
    .default(1_000_000)
    .describe('Embeddings kept in the content-hash cache (0 disables it)'),
  SIFT_SEARCH_VECTOR_WEIGHT: z.coerce
    .number()
    .min(0)
    .max(10)
    .default(0.1)
    .describe('Weight of the vector leg in hybrid RRF (lexical is 1); low for the weak default embedder'),
  SIFT_HYBRID_FUSION: z
    .enum(['rrf', 'relative'])
    .default('relative')
    .describe(
      'Hybrid fusion when a search names none: relative (normalised scores, SIFT_HYBRID_ALPHA) or rrf (reciprocal rank fusion, k=60)',
    ),
  SIFT_HYBRID_ALPHA: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      'Weight of the vector leg in relative fusion (0 lexical … 1 vector); unset: the serving vector space’s own, from its model’s preset (USE-lite 0.1) or `sift eval --tune --apply`',
    ),
  SIFT_SEARCH_CANDIDATES: int(10, 10_000).default(100).describe('Candidates each leg contributes to fusion'),
  SIFT_LEXICAL_FOLD_DIACRITICS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe(
      'Lexical search ignores accents (zurich finds Zürich, umowe finds umowę); changing it re-indexes at start-up',
    ),
  SIFT_ANN_THRESHOLD: int(0, 100_000_000)
    .default(20_000)
    .describe('Vector spaces larger than this are searched through the HNSW index'),
  SIFT_ANN_EXPANSION_SEARCH: int(16, 100_000)
    .default(1024)
    .describe(
      'HNSW search beam: 1024 keeps recall@10 at 1.0 on clustered embeddings; 4096 for 0.99 on random vectors',
    ),
  SIFT_RERANKER: z
    .enum(['auto', 'none', 'mmr', 'cross-encoder', 'llm'])
    .default('auto')
    .describe(
      'Reranker used when a search asks for rerank: true; auto: the cross-encoder once its model is in SIFT_MODELS_DIR, else none',
    ),
  SIFT_RERANK_MODEL: z
    .string()
    .min(1)
    .default('Xenova/ms-marco-MiniLM-L-6-v2')
    .describe('Cross-encoder model id or directory'),
  SIFT_RERANK_TOP_K: int(1, 1_000).default(50).describe('Fused candidates a reranker re-orders'),
  SIFT_RERANK_BUDGET_MS: int(0, 600_000)
    .default(2_000)
    .describe(
      'How long a search waits for the cross-encoder; past it the rest keep the fused order, with a warning (0: no limit)',
    ),
  SIFT_QUERY_CACHE_TTL_S: int(0, 86_400)
    .default(300)
    .describe('Seconds a search answer is reused for the same query and scope (0 disables)'),
  SIFT_LLM: z
    .enum(['none', 'openai', 'ollama'])
    .default('none')
    .describe('Chat model: none (extractive answers), openai (compatible server), ollama'),
  SIFT_LLM_URL: z.url().optional().describe('Base URL of the chat model server (openai: …/v1)'),
  SIFT_LLM_MODEL: z.string().min(1).optional().describe('Chat model name'),
  SIFT_LLM_API_KEY: z.string().optional().describe('API key for SIFT_LLM_URL'),
  SIFT_LLM_TIMEOUT_MS: int(1_000, 3_600_000).default(60_000).describe('Timeout of one LLM call'),
  SIFT_QUEUE_DOCUMENT: queue('default').describe('Queue for document processing'),
  SIFT_QUEUE_AUDIO: queue('high').describe('Queue for audio transcription'),
  SIFT_QUEUE_IMAGE: queue('low').describe('Queue for image OCR'),
  SIFT_QUEUE_ARCHIVE: queue('low').describe('Queue for archive expansion'),
  ...SCALE_OUT_ENV,
  ...OPERATIONS_ENV,
});

export type RawEnv = z.input<typeof ENV_SCHEMA>;
export type ParsedEnv = z.output<typeof ENV_SCHEMA>;
