import path from 'node:path';
import type { Config } from '@sift/config';
import {
  BlobService,
  CollectionService,
  DirectorySyncService,
  DocumentService,
  FolderService,
  IngestPipeline,
  type EventBus,
  type MetadataStore,
  type TaskService,
  type BlobStore,
  type Logger,
  type VectorSpaceService,
  type Embedder,
  type AuditService,
  type Telemetry,
} from '@sift/core';
import { createExtraction, type Extraction } from './extraction.js';

/** The ingestion use cases of one process, wired from config. */
export interface Ingestion {
  blobService: BlobService;
  documents: DocumentService;
  collections: CollectionService;
  folders: FolderService;
  sources: DirectorySyncService;
  pipeline: IngestPipeline;
  extraction: Extraction;
}

export function createIngestion(
  config: Config,
  deps: {
    metadata: MetadataStore;
    blobs: BlobStore;
    tasks: TaskService;
    events: EventBus;
    logger: Logger;
    audit?: AuditService;
    /** Embedding of chunks at ingest; absent: lexical only. */
    embedding?: { embedder: Embedder | null; spaces: VectorSpaceService };
    /** Pipeline stage spans and metrics; default: not observed. */
    telemetry?: Telemetry;
  },
): Ingestion {
  const MB = 1024 ** 2;
  const { metadata, tasks, events, logger } = deps;
  const blobService = new BlobService(deps.blobs, metadata);
  const extraction = createExtraction(config, logger);
  const documents = new DocumentService({
    metadata,
    blobs: blobService,
    detector: extraction.detector,
    tasks,
    events,
    limits: {
      document: config.ingest.limitsMb.document * MB,
      audio: config.ingest.limitsMb.audio * MB,
      image: config.ingest.limitsMb.image * MB,
      archive: config.ingest.limitsMb.archive * MB,
    },
    queues: config.ingest.queues,
  });
  const pipeline = new IngestPipeline({
    metadata,
    blobs: blobService,
    detector: extraction.detector,
    extractor: extraction.extractor,
    documents,
    events,
    logger,
    workRoot: path.join(config.dataDir, 'tmp'),
    defaults: { ocrLanguages: config.ingest.ocrLanguages, archiveLimits: config.ingest.archive },
    ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
    ...(deps.embedding?.embedder
      ? { embedding: { embedder: deps.embedding.embedder, target: () => deps.embedding!.spaces.target() } }
      : {}),
  });
  return {
    blobService,
    documents,
    collections: new CollectionService(metadata, { ocrLanguages: config.ingest.ocrLanguages }, deps.audit),
    folders: new FolderService(metadata),
    sources: new DirectorySyncService(metadata, documents, events, { roots: config.sources.roots }),
    pipeline,
    extraction,
  };
}
