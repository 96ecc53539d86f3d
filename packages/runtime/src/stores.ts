import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { FsBlobStore } from '@sift/adapter-fs';
import { openSqliteDatabase, SqliteJobQueue, SqliteMetadataStore } from '@sift/adapter-sqlite';
import type { Config } from '@sift/config';
import type { BlobStore, JobQueue, MetadataStore } from '@sift/core';

/** The durable backends of one process, and how to let go of them. */
export interface Stores {
  metadata: MetadataStore;
  queue: JobQueue;
  blobs: BlobStore;
  /** Closes the metadata store and the database handle; call once, after workers have stopped. */
  close(): Promise<void>;
}

/** File layout inside the data dir, in one place for backups and docs. */
export function dataPaths(dataDir: string): { database: string; blobs: string } {
  return { database: path.join(dataDir, 'sift.db'), blobs: path.join(dataDir, 'blobs') };
}

/**
 * Chooses and opens the backends (the only place that does): the embedded SQLite database for metadata and
 * the job queue, and content-addressed files for blobs. Creates the data dir; unless `migrate` is false,
 * applies pending migrations and ensures the local user.
 */
export async function openStores(config: Config, options: { migrate?: boolean } = {}): Promise<Stores> {
  const paths = dataPaths(config.dataDir);
  await mkdir(paths.blobs, { recursive: true });
  const db = openSqliteDatabase(paths.database);
  try {
    const metadata = new SqliteMetadataStore(db);
    if (options.migrate !== false) {
      await metadata.migrate();
      await metadata.ensureLocalUser();
    }
    return {
      metadata,
      queue: new SqliteJobQueue(db),
      blobs: await new FsBlobStore(paths.blobs).init(),
      close: async () => {
        await metadata.close();
        // The store may already have closed the shared handle; closing twice would throw.
        if (db.open) db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
