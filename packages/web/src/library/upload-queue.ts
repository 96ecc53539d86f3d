import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { describeError } from '../api/client';
import type { DocumentRow } from '../api/types';
import { directoryOf, relativePathOf } from './folder-entries';
import { ensureFolders } from './folder-upload';
import type { SystemLimits } from './library.queries';
import { refusalOf } from './upload-checks';
import { uploadFile } from './upload.client';

/** Files sent at the same time: enough to hide latency, few enough to leave the server's intake room. */
const CONCURRENCY = 3;

/**
 * An upload row's own part: `preparing` (its folders are being made) → `waiting` → `uploading` (bytes) →
 * `stored`, after which the document's processing comes from the live events (see UploadRow). `refused`
 * was stopped in the browser (over a limit) or by the server (type, size); `failed` did not arrive
 * (network, a full queue, its folder could not be made) and can be sent again.
 */
export type UploadPhase = 'preparing' | 'waiting' | 'uploading' | 'stored' | 'refused' | 'failed';

export interface UploadEntry {
  key: string;
  file: File;
  /** The path inside a dropped folder, or the file name. */
  path: string;
  collectionId: string | null;
  /** The folder chosen when the upload started; the file goes into `path`'s directory under it. */
  baseFolderId: string | null;
  phase: UploadPhase;
  loaded: number;
  total: number;
  documentId?: string;
  duplicate?: boolean;
  error?: { code: string; message: string };
}

export interface UploadTarget {
  collectionId: string | null;
  folderId: string | null;
}

/**
 * The page's uploads, outside React so that they go on while the user looks at another screen (the rows
 * are there again on return). Rows are immutable: a change replaces the row, so only its view renders.
 */
class UploadQueue {
  private entries: UploadEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly waiting: UploadEntry[] = [];
  private active = 0;
  private nextKey = 0;
  private readonly aborts = new Map<string, AbortController>();

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.entries;

  /** Queues files for the target, refusing at once what the server's limits would refuse. */
  add(files: File[], target: UploadTarget, limits: SystemLimits, client: QueryClient): void {
    const fresh = files.map((file): UploadEntry => {
      const refusal = refusalOf(file, limits);
      return {
        key: `upload-${this.nextKey++}`,
        file,
        path: relativePathOf(file),
        collectionId: target.collectionId,
        baseFolderId: target.folderId,
        phase: refusal ? 'refused' : 'preparing',
        loaded: 0,
        total: file.size,
        ...(refusal ? { error: refusal } : {}),
      };
    });
    this.entries = [...fresh, ...this.entries];
    this.emit();
    void this.place(
      fresh.filter((e) => e.phase === 'preparing'),
      client,
    );
  }

  /** Sends again a file that did not arrive (its folders are made again if that was what failed). */
  retry(key: string, client: QueryClient): void {
    const entry = this.entries.find((e) => e.key === key);
    if (entry?.phase !== 'failed') return;
    this.patch(key, { phase: 'preparing', loaded: 0, error: undefined });
    void this.place([this.entries.find((e) => e.key === key)!], client);
  }

  cancel(key: string): void {
    this.aborts.get(key)?.abort();
  }

  /** Drops the rows whose work is over (the documents stay, in the table). */
  clear(isFinished: (entry: UploadEntry) => boolean): void {
    this.entries = this.entries.filter((e) => !isFinished(e));
    this.emit();
  }

  /** Makes the folders of files from a dropped folder, then queues each file for its folder. */
  private async place(entries: UploadEntry[], client: QueryClient): Promise<void> {
    const byTarget = new Map<string, UploadEntry[]>();
    for (const e of entries) {
      const k = `${e.collectionId ?? ''}/${e.baseFolderId ?? ''}`;
      byTarget.set(k, [...(byTarget.get(k) ?? []), e]);
    }
    for (const group of byTarget.values()) {
      const { collectionId, baseFolderId } = group[0]!;
      let folders = new Map<string, string>();
      const dirs = group.map((e) => directoryOf(e.path)).filter(Boolean);
      if (dirs.length > 0) {
        try {
          folders = await ensureFolders(dirs, { collectionId, folderId: baseFolderId });
          void client.invalidateQueries({ queryKey: ['folders'] });
        } catch (err) {
          const { code, message } = describeError(err);
          for (const e of group) {
            if (directoryOf(e.path)) this.patch(e.key, { phase: 'failed', error: { code, message } });
          }
          folders = new Map();
        }
      }
      for (const e of group) {
        const dir = directoryOf(e.path);
        if (dir && !folders.has(dir)) continue;
        this.patch(e.key, { phase: 'waiting' });
        this.waiting.push({ ...e, baseFolderId: dir ? folders.get(dir)! : baseFolderId });
      }
    }
    this.pump(client);
  }

  private pump(client: QueryClient): void {
    while (this.active < CONCURRENCY && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      this.active++;
      void this.send(entry, client).finally(() => {
        this.active--;
        this.pump(client);
      });
    }
  }

  /** `entry.baseFolderId` is the file's own folder here (resolved by `place`). */
  private async send(entry: UploadEntry, client: QueryClient): Promise<void> {
    const abort = new AbortController();
    this.aborts.set(entry.key, abort);
    this.patch(entry.key, { phase: 'uploading', loaded: 0 });
    try {
      const item = await uploadFile({
        file: entry.file,
        collectionId: entry.collectionId,
        folderId: entry.baseFolderId,
        signal: abort.signal,
        onProgress: (loaded, total) => this.patch(entry.key, { loaded, total }),
      });
      // The row reads the document from this query and live events patch it from here on. Marked stale so
      // the row's first read fetches it once: events sent before this answer had nothing to patch yet.
      client.setQueryData<DocumentRow>(['document', item.document_id], item.document);
      void client.invalidateQueries({ queryKey: ['document', item.document_id], refetchType: 'none' });
      this.patch(entry.key, {
        phase: 'stored',
        loaded: entry.file.size,
        documentId: item.document_id,
        duplicate: item.duplicate,
      });
    } catch (err) {
      const { code, message } = describeError(err);
      // A 4xx is the server's verdict on this file (its type, size, emptiness); the rest may pass later.
      const status = (err as { status?: number }).status ?? 0;
      const refused = status >= 400 && status < 500 && ![401, 408, 429].includes(status);
      this.patch(entry.key, { phase: refused ? 'refused' : 'failed', error: { code, message } });
    } finally {
      this.aborts.delete(entry.key);
    }
  }

  private patch(key: string, change: Partial<UploadEntry>): void {
    this.entries = this.entries.map((e) => (e.key === key ? { ...e, ...change } : e));
    this.emit();
  }

  private emit(): void {
    this.listeners.forEach((listener) => listener());
  }
}

export const uploadQueue = new UploadQueue();

export function useUploadEntries(): UploadEntry[] {
  return useSyncExternalStore(uploadQueue.subscribe, uploadQueue.getSnapshot);
}
