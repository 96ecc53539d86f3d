import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { Access } from '../auth/access.js';
import { chunkDocument } from '../chunking/chunk-document.js';
import { DEFAULT_CHUNKING } from '../chunking/chunking.types.js';
import { describeError } from '../errors.js';
import { DEFAULT_BACKOFF } from '../jobs/backoff.js';
import { decideFailure } from '../jobs/retry-policy.js';
import type { JobContext } from '../jobs/job-registry.js';
import type { EventBus } from '../ports/event-bus.port.js';
import type { ContentDetector, DocumentExtractor } from '../ports/extractor.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { MetadataStore } from '../ports/metadata-store.port.js';
import type { Embedder } from '../ports/embedder.port.js';
import { noopTelemetry, type Telemetry } from '../ports/telemetry.port.js';
import { embeddingText } from '../search/embedding-text.js';
import type { VectorSpace } from '../search/search.types.js';
import type { BlobService } from '../system/blob.service.js';
import type { DocumentService } from './document.service.js';
import type { CollectionSettings, DocumentRecord } from './document.types.js';
import {
  DEFAULT_ARCHIVE_LIMITS,
  type ArchiveLimits,
  type DetectedType,
  type ExtractedText,
} from './extraction.types.js';
import { PipelineTelemetry } from './pipeline-telemetry.js';
import { checkExtractedText, type ExtractionWarning } from './text-quality.js';
import { ancestorsOf, treeUsage } from './tree-usage.js';

export interface IngestPipelineDeps {
  metadata: MetadataStore;
  blobs: BlobService;
  detector: ContentDetector;
  extractor: DocumentExtractor;
  documents: DocumentService;
  events: EventBus;
  logger: Logger;
  /** Where per-job temp directories are made (inside the data dir, so big temp files stay on its disk). */
  workRoot: string;
  defaults: { ocrLanguages: string[]; archiveLimits?: ArchiveLimits };
  /**
   * Embeds chunks into the target vector space (stored in the same transaction as the chunks). Absent: chunks
   * are indexed lexically only.
   */
  embedding?: { embedder: Embedder; target(): Promise<{ space: VectorSpace }> };
  /** Stage spans and durations, documents processed and failed; default: not observed. */
  telemetry?: Telemetry;
}

/** Summary a finished ingest task keeps as its result. */
export interface IngestResult {
  documentId: string;
  status: 'processed' | 'skipped';
  chunks?: number;
  children?: number;
  reason?: string;
}

/** Work directories of ingest tasks are `<workRoot>/ingest-<task id>-<random>`. */
export const WORK_DIR_PREFIX = 'ingest-';

/** Share of the progress bar each stage covers. */
const STAGES = {
  extract: [0, 0.6],
  chunk: [0.6, 0.65],
  embed: [0.65, 0.95],
  index: [0.95, 1],
} as const;

/**
 * The ingest pipeline, once for every backend: extract → chunk → index. Idempotent: a re-delivered task
 * replaces the content in one transaction and finds children it already created.
 */
export class IngestPipeline {
  private readonly telemetry: Telemetry;

  constructor(private readonly deps: IngestPipelineDeps) {
    this.telemetry = deps.telemetry ?? noopTelemetry;
  }

  async run(ctx: JobContext<{ documentId: string }>): Promise<IngestResult> {
    const { metadata } = this.deps;
    const documentId = ctx.payload.documentId;
    const doc = await metadata.documents.get(documentId);
    if (!doc) return { documentId, status: 'skipped', reason: 'document deleted' };
    // A newer task (reprocess) owns the document now; this stale delivery has nothing to do.
    if (doc.taskId && doc.taskId !== ctx.task.id)
      return { documentId, status: 'skipped', reason: 'superseded' };

    const started = Date.now();
    const observed = new PipelineTelemetry(this.telemetry);
    const report = this.progressReporter(ctx, documentId);
    await metadata.documents.update(documentId, { status: 'processing', stage: 'extract', progress: 0 });
    await report('extract', 0);
    await mkdir(this.deps.workRoot, { recursive: true });
    // Named after the task, so a sweep can tell a crashed run's leftovers from a running task's files.
    const workDir = await mkdtemp(path.join(this.deps.workRoot, `${WORK_DIR_PREFIX}${ctx.task.id}-`));
    try {
      const settings = await this.settingsFor(doc);
      const { extracted, type } = await observed.stage('extract', async (span) => {
        const result = await this.extract(doc, settings, workDir, ctx, report);
        observed.engines(result.extracted, span);
        return result;
      });
      // Garbage (random bytes read as text) is refused before anything is indexed; an empty text is
      // refused for formats that are nothing but text, and reported as a warning for the others.
      const qualityWarnings = checkExtractedText(extracted, type);
      const children = await this.createChildren(doc, extracted);

      await report('chunk', 0);
      // Chunked where it was extracted (an extraction thread) when the extractor could; here otherwise.
      const chunks = await observed.stage('chunk', async () =>
        extracted.chunks
          ? extracted.chunks.map((c) => ({
              ...c,
              content: c.content || extracted.text.slice(c.startChar, c.endChar),
            }))
          : chunkDocument(extracted, settings.chunking),
      );

      await report('embed', 0);
      const vectors = await observed.stage('embed', () =>
        this.embed(chunks, extracted.metadata.title ?? doc.title, ctx.signal),
      );

      await report('index', 0);
      const warnings: ExtractionWarning[] = [
        ...extracted.warnings.map((message) => ({ code: 'EXTRACTION_WARNING', message })),
        ...qualityWarnings,
      ];
      const content: Parameters<MetadataStore['documents']['saveContent']>[1] = {
        text: {
          text: extracted.text,
          blocks: extracted.blocks,
          pages: extracted.pages,
          extractor: extracted.extractor,
        },
        chunks,
        ...(vectors ? { vectors } : {}),
        patch: {
          status: 'processed',
          stage: null,
          progress: 1,
          errorCode: null,
          errorMessage: null,
          title: extracted.metadata.title ?? null,
          language: typeof extracted.metadata.language === 'string' ? extracted.metadata.language : null,
          // What the user sent stays at the top level; what extraction found lives under `extracted`.
          metadata: {
            ...doc.metadata,
            extracted: {
              ...extracted.metadata,
              extractor: extracted.extractor,
              ...(warnings.length > 0 ? { warnings } : {}),
              ...(children.skipped.length > 0 ? { skippedMembers: children.skipped } : {}),
            },
          },
          processingMs: Date.now() - started,
          processedAt: new Date().toISOString(),
        },
      };
      const saved = await observed.stage('index', () =>
        this.telemetry.tracer.span('index.write', { chunks: chunks.length }, () =>
          metadata.documents.saveContent(documentId, content),
        ),
      );
      if (!saved) return { documentId, status: 'skipped', reason: 'document deleted' };
      this.deps.events.publish({ type: 'document.processed', document: saved, timings: observed.timings });
      observed.processed(saved.category);
      return { documentId, status: 'processed', chunks: chunks.length, children: children.created };
    } catch (err) {
      await this.recordFailure(doc, ctx, err, Date.now() - started);
      throw err;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  private async embed(
    chunks: { content: string; headingPath: string[] }[],
    title: string | null,
    signal: AbortSignal,
  ): Promise<{ space: VectorSpace; vectors: Float32Array[] } | null> {
    const embedding = this.deps.embedding;
    if (!embedding || chunks.length === 0) return null;
    const { space } = await embedding.target();
    const texts = chunks.map((chunk) => embeddingText({ ...chunk, title }));
    return { space, vectors: await embedding.embedder.embed(texts, { kind: 'passage', signal }) };
  }

  private async extract(
    doc: DocumentRecord,
    settings: CollectionSettings,
    workDir: string,
    ctx: JobContext<{ documentId: string }>,
    report: (stage: keyof typeof STAGES, fraction: number) => Promise<void>,
  ): Promise<{ extracted: ExtractedText; type: DetectedType }> {
    const file = await this.deps.blobs.localPath(doc.sha256);
    const type = await this.deps.detector.detect({
      path: file,
      filename: doc.filename,
      declaredType: doc.contentType,
    });
    const archiveLimits = this.deps.defaults.archiveLimits ?? DEFAULT_ARCHIVE_LIMITS;
    const ancestors = await ancestorsOf(this.deps.metadata.documents, doc);
    const root = ancestors.at(-1);
    // A nested archive is measured against everything its upload has already become, so that archives of
    // archives cannot multiply the limits by their count at every level.
    const usage =
      root && type.category === 'archive'
        ? await treeUsage(this.deps.metadata.documents, root, archiveLimits.maxEntries)
        : undefined;
    const extracted = await this.deps.extractor.extract({
      path: file,
      filename: doc.filename,
      type,
      size: doc.size,
      workDir,
      ocrLanguages: settings.ocrLanguages,
      archiveLimits,
      depth: ancestors.length,
      ...(usage ? { treeUsage: usage } : {}),
      signal: ctx.signal,
      onProgress: (fraction) => void report('extract', fraction),
      chunking: settings.chunking,
    });
    return { extracted, type };
  }

  /** Archive members and attachments become child documents, each through this same pipeline. */
  private async createChildren(
    doc: DocumentRecord,
    extracted: ExtractedText,
  ): Promise<{ created: number; skipped: { name: string; code: string; message: string }[] }> {
    let created = 0;
    const skipped: { name: string; code: string; message: string }[] = [];
    for (const file of extracted.embedded) {
      if (await this.deps.metadata.documents.findChild(doc.id, file.name)) continue;
      try {
        await this.deps.documents.upload({
          // Members belong to the container's owner, wherever the container is.
          access: Access.operator(doc.ownerId),
          filename: file.name,
          declaredType: file.contentType,
          source: createReadStream(file.path),
          collectionId: doc.collectionId,
          folderId: doc.folderId,
          tags: doc.tags,
          parent: { documentId: doc.id, sourcePath: file.name },
        });
        created += 1;
      } catch (err) {
        // One unreadable member must not sink the whole archive: it is listed on the parent instead.
        const { code, message } = describeError(err);
        skipped.push({ name: file.name, code, message });
      } finally {
        await rm(file.path, { force: true });
      }
    }
    return { created, skipped };
  }

  private async recordFailure(
    doc: DocumentRecord,
    ctx: JobContext<{ documentId: string }>,
    err: unknown,
    elapsedMs: number,
  ): Promise<void> {
    // Cancelled or shut down: the task's state says what happened; the document waits for the next run.
    if (ctx.signal.aborted) return;
    const error = describeError(err);
    const final = decideFailure(ctx.task, error, DEFAULT_BACKOFF).event !== 'task.retrying';
    this.deps.logger.warn({ documentId: doc.id, code: error.code, final }, 'ingest attempt failed');
    const updated = await this.deps.metadata.documents.update(doc.id, {
      status: final ? 'failed' : 'queued',
      stage: final ? null : 'retrying',
      errorCode: error.code,
      errorMessage: error.message,
      processingMs: elapsedMs,
    });
    if (final && updated) this.deps.events.publish({ type: 'document.failed', document: updated });
    if (final) new PipelineTelemetry(this.telemetry).failed(doc.category, error.code);
  }

  private async settingsFor(doc: DocumentRecord): Promise<CollectionSettings> {
    const collection = doc.collectionId ? await this.deps.metadata.collections.get(doc.collectionId) : null;
    return {
      chunking: collection?.settings.chunking ?? DEFAULT_CHUNKING,
      ocrLanguages: collection?.settings.ocrLanguages?.length
        ? collection.settings.ocrLanguages
        : this.deps.defaults.ocrLanguages,
    };
  }

  /**
   * Maps a stage's own 0..1 onto the task's bar, and mirrors it on the document every 5%. Never rejects:
   * progress is advisory, and extractors report it without waiting (a full disk refusing the write once
   * crashed the process through such an unawaited report).
   */
  private progressReporter(ctx: JobContext<{ documentId: string }>, documentId: string) {
    let last = -1;
    let lastStage = '';
    return async (stage: keyof typeof STAGES, fraction: number): Promise<void> => {
      const [from, to] = STAGES[stage];
      const overall = from + (to - from) * Math.min(1, Math.max(0, fraction));
      if (stage === lastStage && overall - last < 0.05) return;
      last = overall;
      lastStage = stage;
      await ctx.progress(overall, stage);
      let doc: DocumentRecord | null;
      try {
        doc = await this.deps.metadata.documents.update(documentId, { stage, progress: overall });
      } catch (err) {
        this.deps.logger.warn({ documentId, err }, 'could not record document progress');
        return;
      }
      // Deleted meanwhile: nobody may learn of it any more.
      if (!doc) return;
      this.deps.events.publish({
        type: 'document.progress',
        documentId,
        ownerId: doc.ownerId,
        collectionId: doc.collectionId,
        stage,
        progress: overall,
      });
    };
  }
}
