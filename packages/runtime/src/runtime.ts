import type { Config } from '@sift/config';
import path from 'node:path';
import {
  AppError,
  MaintenanceService,
  syncDocumentsWithTasks,
  type BlobService,
  type CollectionService,
  type DirectorySyncService,
  type DocumentService,
  type FolderService,
  InProcessEventBus,
  TaskService,
  VectorSpaceAdminService,
  WorkerPool,
  type BlobStore,
  type EventBus,
  type JobQueue,
  type MetadataStore,
} from '@sift/core';
import type { BackupService } from './backup/backup.service.js';
import { assertBackupCron } from './backup/backup-schedule.js';
import type { AnalyticsRecorder } from './analytics.js';
import { HealthMonitor } from './health-monitor.js';
import { PublishTap, type Notify } from './notifications.js';
import { createOperations } from './operations.js';
import { bootstrapAdmin, createIdentity, type Identity } from './identity.js';
import { createIngestion, type Ingestion } from './ingestion.js';
import { checkReadiness, llmCheck } from './readiness.js';
import { createJobHandlers } from './job-handlers.js';
import { createLogger, type SiftLogger } from './logger.js';
import { createChat, type Chat } from './chat.js';
import { createLlm, llmRerankers } from './llm.js';
import { createSearch, type Search } from './search.js';
import { openStores, type Stores } from './stores.js';
import type { StartupStatus } from './startup-status.js';
import { registerRuntimeCollectors } from './metrics.js';
import { createTelemetry, type RuntimeTelemetry } from './telemetry.js';
import { workerPoolOptions } from './worker-options.js';

/**
 * Everything one Sift process runs on, wired once from Config. The server, `sift serve`, `sift worker` and
 * `sift status` all start from here, so they see the same stores, queue and events.
 */
export interface SiftRuntime {
  config: Config;
  logger: SiftLogger;
  /** Metrics and traces of this process (no-ops unless configured). */
  telemetry: RuntimeTelemetry;
  dataDir: string;
  metadata: MetadataStore;
  queue: JobQueue;
  blobs: BlobStore;
  events: EventBus;
  tasks: TaskService;
  blobService: BlobService;
  documents: DocumentService;
  collections: CollectionService;
  folders: FolderService;
  sources: DirectorySyncService;
  ingest: Ingestion;
  search: Search;
  /** Admin overrides of a held vector space switch, and the serving space's fusion weight. */
  embeddings: VectorSpaceAdminService;
  chat: Chat;
  /** Search indexes and the embedding cache. */
  stores: Stores;
  /** Accounts, sign-in, API keys, access resolution, audit. */
  identity: Identity;
  /** Cached readiness and the intake decision (uploads refused while storage fails or queues are full). */
  health: HealthMonitor;
  /** Sweeps of crash leftovers; run at worker start and every SIFT_SWEEP_INTERVAL_S by `startWorkers`. */
  maintenance: MaintenanceService;
  /** In-app notifications and webhooks (made for the events this process publishes). */
  notify: Notify;
  /** Online backups of the data dir (CLI, admin API, schedule). */
  backups: BackupService;
  /** Records the analytics events of what this process publishes; prunes old ones where workers run. */
  analytics: AnalyticsRecorder;
  /** In-process workers; null until startWorkers(). */
  workers: WorkerPool | null;
  /**
   * Starts the in-process workers (once; later calls return the same pool), repairs documents left without a
   * working task, and starts the periodic sweeps.
   */
  startWorkers(): Promise<WorkerPool>;
  /** Stops workers gracefully (config.queue.shutdownGraceMs), then closes stores. Idempotent. */
  close(): Promise<void>;
}

/** Options of createRuntime. */
export interface CreateRuntimeOptions {
  /** Defaults to `createLogger(config)`. */
  logger?: SiftLogger;
  /**
   * Apply pending migrations and ensure the local user (default true). `sift migrate` passes false to apply
   * and report them itself; nothing but `metadata.migrate()` may be used before that.
   */
  migrate?: boolean;
  /** Told of each backend wait, for the start-up placeholder's readiness (`sift serve`, `sift worker`). */
  startup?: StartupStatus;
}

/**
 * Opens the data dir (`<dataDir>/sift.db`, `<dataDir>/blobs`), migrates, ensures the local user and wires the
 * services. Workers do not start until `startWorkers()`: a CLI command or a server without workers wants none.
 */
export async function createRuntime(
  config: Config,
  options: CreateRuntimeOptions = {},
): Promise<SiftRuntime> {
  const logger = options.logger ?? createLogger(config);
  // A bad SIFT_BACKUP_CRON stops start-up before anything opens, like any bad setting.
  if (config.operations.backup.cron) assertBackupCron(config.operations.backup.cron);
  const telemetry = await createTelemetry(config, logger);
  const stores = await openStores(config, { migrate: options.migrate, logger, startup: options.startup });
  if (telemetry.exposition)
    registerRuntimeCollectors(telemetry.exposition, telemetry.metrics, {
      config,
      queue: stores.queue,
      databaseEngine: stores.engines.database,
      ...(stores.databaseBytes ? { databaseBytes: stores.databaseBytes } : {}),
    });
  // Scale-out: Redis pub/sub, so a client of any API node hears every worker; embedded: this process only.
  // Events published here are also handed to notifications and webhooks here: once per event, not per node.
  const events = new PublishTap(
    stores.events ?? new InProcessEventBus((err) => logger.warn({ err }, 'an event listener failed')),
  );
  const tasks = new TaskService(stores.queue, events, { maxAttempts: config.queue.maxAttempts }, telemetry);
  const llm = createLlm(config, telemetry);
  const search = createSearch(config, {
    stores,
    events,
    logger: logger.child({ component: 'search' }),
    rerankers: llmRerankers(config, llm),
    telemetry,
  });
  const chat = createChat({
    metadata: stores.metadata,
    search,
    llm,
    logger: logger.child({ component: 'chat' }),
  });
  const identity = createIdentity(config, {
    metadata: stores.metadata,
    logger: logger.child({ component: 'identity' }),
    loginAttempts: stores.loginAttempts,
  });
  if (options.migrate !== false) await bootstrapAdmin(config, identity, logger);
  const operations = createOperations(config, {
    stores,
    tasks,
    events,
    identity,
    logger,
    metrics: telemetry.metrics,
  });
  const { notify, analytics, backups } = operations;
  const ingest = createIngestion(config, {
    audit: identity.audit,
    metadata: stores.metadata,
    blobs: stores.blobs,
    tasks,
    events,
    logger,
    embedding: { embedder: search.embedder, spaces: search.spaces },
    telemetry,
  });
  const stopSync = syncDocumentsWithTasks(events, ingest.documents, logger.child({ component: 'ingest' }));
  const maintenance = new MaintenanceService({
    queue: stores.queue,
    blobs: stores.blobs,
    blobService: ingest.blobService,
    documents: ingest.documents,
    workRoot: path.join(config.dataDir, 'tmp'),
    graceMs: config.sweep.graceMs,
    // Heartbeats come every lease/3; three missed leases is a dead process, not a slow one.
    workerStaleMs: 3 * config.queue.leaseMs,
    audit: { service: identity.audit, retentionDays: config.auth.auditRetentionDays },
    logger: logger.child({ component: 'maintenance' }),
  });
  const health = new HealthMonitor({
    // Called only after `runtime` below exists.
    probe: () => checkReadiness(runtime),
    live: () => llmCheck(runtime),
    pendingTasks: () => stores.queue.pendingCount(),
    maxPendingTasks: config.intake.maxPendingTasks,
    logger: logger.child({ component: 'health' }),
  });
  let sweeper: ReturnType<typeof setInterval> | null = null;
  let starting: Promise<WorkerPool> | null = null;
  let closing: Promise<void> | null = null;

  const runtime: SiftRuntime = {
    config,
    logger,
    telemetry,
    dataDir: config.dataDir,
    metadata: stores.metadata,
    queue: stores.queue,
    blobs: stores.blobs,
    events,
    tasks,
    blobService: ingest.blobService,
    documents: ingest.documents,
    collections: ingest.collections,
    folders: ingest.folders,
    sources: ingest.sources,
    ingest,
    search,
    embeddings: new VectorSpaceAdminService({ spaces: search.spaces, tasks, audit: identity.audit }),
    chat,
    stores,
    identity,
    health,
    maintenance,
    notify,
    backups,
    analytics,
    workers: null,

    startWorkers() {
      if (closing) return Promise.reject(new AppError('RUNTIME_CLOSED', 'conflict', 'the runtime is closed'));
      // Remember the promise, not the pool: two concurrent callers must not start two pools.
      starting ??= (async () => {
        const pool = new WorkerPool(
          stores.queue,
          createJobHandlers({ ...ingest, spaces: search.spaces, backups, deliverWebhook: notify.deliver }),
          workerPoolOptions(config, logger.child({ component: 'worker' }), events, telemetry),
        );
        // The extraction thread loads its parsers while the rest starts, not when the first file comes.
        ingest.extraction.warm();
        await pool.start();
        runtime.workers = pool;
        // A crash between a document row and its task, or a task that ended without the pipeline seeing it
        // (dead-lettered by a lease expiry, cancelled), must not leave a document "processing" forever; work
        // dirs, unreferenced blobs and dead workers of crashed processes go too.
        await runSweep(maintenance, logger);
        sweeper = setInterval(() => void runSweep(maintenance, logger), config.sweep.intervalMs);
        sweeper.unref?.();
        await ensureVectorSpace(search, tasks, logger);
        operations.startWithWorkers();
        logger.info({ workerId: pool.id, queues: pool.queues }, 'workers started');
        return pool;
      })().catch((err: unknown) => {
        // Let a later call try again (say, after the disk filled and was freed).
        starting = null;
        throw err;
      });
      return starting;
    },

    close() {
      closing ??= (async () => {
        // A pool still starting must be stopped too, or its loop would outlive the database.
        if (sweeper) clearInterval(sweeper);
        operations.stopTimers();
        health.stop();
        stopSync();
        const pool = await starting?.catch(() => null);
        if (pool) {
          await pool.stop({ graceMs: config.queue.shutdownGraceMs });
          logger.info({ workerId: pool.id }, 'workers stopped');
        }
        await operations.close();
        await ingest.extraction.close();
        await search.close();
        await stores.close();
        await telemetry.close();
      })();
      return closing;
    },
  };
  return runtime;
}

/** One sweep; a failure (a full disk, say) is logged and the next interval tries again. */
async function runSweep(maintenance: MaintenanceService, logger: SiftLogger): Promise<void> {
  try {
    await maintenance.sweep();
  } catch (err) {
    logger.error({ err }, 'sweeping leftovers failed');
  }
}

/**
 * A fresh install serves the configured embedder's space at once; after a model change, a re-embedding task
 * builds the new space while searches keep reading the old one. The unique key makes this once per space.
 */
async function ensureVectorSpace(search: Search, tasks: TaskService, logger: SiftLogger): Promise<void> {
  if (!search.spaces.enabled) return;
  try {
    const state = await search.spaces.ensure();
    if (!state.reembedNeeded) return;
    await tasks.enqueue('index.reembed', { space: state.target }, { uniqueKey: `reembed:${state.target}` });
    logger.warn(state, 'the embedding model changed: re-embedding into a new vector space');
  } catch (err) {
    // A model that cannot load must not keep workers from ingesting; documents will fail with its error.
    logger.error({ err }, 'could not check the vector space');
  }
}
