import { stat } from 'node:fs/promises';
import { checkSqliteDatabase, readSnapshotFacts } from '@sift/adapter-sqlite';
import { AppError } from '@sift/core';
import { hashFile } from './backup-manifest.js';
import { blobPath } from './backup-writer.js';

/** One kind of problem found, with how many and a few ids. */
export interface ConsistencyProblem {
  code:
    | 'CHUNK_WITHOUT_DOCUMENT'
    | 'CHUNK_WITHOUT_LEXICAL_ROW'
    | 'LEXICAL_INDEX_MISMATCH'
    | 'CHUNK_WITHOUT_VECTOR'
    | 'BLOB_MISSING'
    | 'BLOB_CORRUPT';
  message: string;
  count: number;
  samples: string[];
}

/** What `sift check` reports. */
export interface ConsistencyReport {
  ok: boolean;
  counts: { documents: number; chunks: number; vectors: number; blobs: number };
  servingSpace: string | null;
  problems: ConsistencyProblem[];
}

/**
 * Checks an embedded data dir: every chunk has its document, its lexical row and (when a vector space serves)
 * its vector, FTS5's integrity check passes, and every blob a row references exists with the bytes its name
 * (the SHA-256) promises. Safe on a live data dir: it reads through its own connection.
 */
export async function checkDataDir(options: {
  databaseFile: string;
  blobDir: string;
  foldDiacritics?: boolean;
}): Promise<ConsistencyReport> {
  if (!(await stat(options.databaseFile).catch(() => null))?.isFile()) {
    throw new AppError('DATA_DIR_NOT_FOUND', 'not_found', `no Sift database at ${options.databaseFile}`, {
      details: { file: options.databaseFile },
    });
  }
  const facts = readSnapshotFacts(options.databaseFile);
  const { problems: sqlProblems, servingSpace } = checkSqliteDatabase(options.databaseFile, {
    foldDiacritics: options.foldDiacritics,
  });
  const problems: ConsistencyProblem[] = [...sqlProblems];
  const missing: string[] = [];
  const damaged: string[] = [];
  for (const blob of facts.blobs) {
    const file = blobPath(options.blobDir, blob.sha256);
    if (!(await stat(file).catch(() => null))?.isFile()) {
      missing.push(blob.sha256);
      continue;
    }
    const actual = await hashFile(file);
    if (actual.sha256 !== blob.sha256 || actual.size !== blob.size) damaged.push(blob.sha256);
  }
  if (missing.length > 0) {
    problems.push({
      code: 'BLOB_MISSING',
      message: 'referenced blobs missing from the blob store',
      count: missing.length,
      samples: missing.slice(0, 5),
    });
  }
  if (damaged.length > 0) {
    problems.push({
      code: 'BLOB_CORRUPT',
      message: 'blobs whose bytes do not hash to their name',
      count: damaged.length,
      samples: damaged.slice(0, 5),
    });
  }
  return { ok: problems.length === 0, counts: facts.counts, servingSpace, problems };
}
