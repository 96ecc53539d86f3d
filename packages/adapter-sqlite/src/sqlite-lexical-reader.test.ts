import fs from 'node:fs';
import { describeLexicalIndex, indexDocument, OWNER } from '@sift/contract-tests';
import { AppError } from '@sift/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteLexicalIndex } from './sqlite-lexical-index.adapter.js';
import { ThreadedLexicalIndex } from './sqlite-lexical-reader.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.adapter.js';
import { addTestUser, createTempDatabase, type TempDatabase } from './testing/temp-database.js';

// The whole lexical contract, with every search answered by the reader thread's own connection.
describeLexicalIndex('sqlite on a reader thread', async () => {
  const temp = createTempDatabase({ migrate: false });
  const index = new ThreadedLexicalIndex(new SqliteLexicalIndex(temp.db), { file: temp.file });
  return {
    store: new SqliteMetadataStore(temp.db),
    index,
    addUser: async (id) => addTestUser(temp.db, id),
    cleanup: async () => {
      await index.close();
      temp.cleanup();
    },
  };
});

describe('ThreadedLexicalIndex', () => {
  let temp: TempDatabase;
  let store: SqliteMetadataStore;
  let local: SqliteLexicalIndex;

  beforeEach(async () => {
    temp = createTempDatabase();
    store = new SqliteMetadataStore(temp.db);
    await store.ensureLocalUser();
    local = new SqliteLexicalIndex(temp.db);
  });

  afterEach(() => temp.cleanup());

  const warnings: string[] = [];
  const logger = {
    debug: () => {},
    info: () => {},
    warn: (_: unknown, message?: string) => void warnings.push(message ?? ''),
    error: () => {},
    child: () => logger,
  };

  it('answers as the index on the caller thread does, and sees what is written after it started', async () => {
    const threaded = new ThreadedLexicalIndex(local, { file: temp.file });
    await indexDocument({ store, index: local }, [
      'otter river bank ',
      'heron on the river ',
      'otters swim ',
    ]);
    const options = { filter: { ownerId: OWNER }, limit: 10 };
    expect(await threaded.search('river otter', options)).toEqual(await local.search('river otter', options));
    // Written while the thread holds its connection open: the next search finds it.
    await indexDocument({ store, index: local }, ['a kingfisher by the river ']);
    const hits = await threaded.search('kingfisher', options);
    expect(hits).toEqual(await local.search('kingfisher', options));
    expect(hits).toHaveLength(1);
    await threaded.close();
  });

  it('brings an invalid request back as the same AppError', async () => {
    const threaded = new ThreadedLexicalIndex(local, { file: temp.file });
    const failure = await threaded.search('otter', { filter: {}, limit: 0 }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'SEARCH_OPTIONS_INVALID', category: 'user' });
    await threaded.close();
  });

  it('fails the searches it holds when closed, with LEXICAL_READER_FAILED', async () => {
    const threaded = new ThreadedLexicalIndex(local, { file: temp.file });
    const held = threaded.search('otter', { filter: {}, limit: 5 }).catch((err: unknown) => err);
    await threaded.close();
    expect(await held).toMatchObject({ code: 'LEXICAL_READER_FAILED', category: 'system' });
  });

  it('searches on the caller thread, with a warning, when the thread cannot open the data', async () => {
    await indexDocument({ store, index: local }, ['otter river bank ']);
    // A directory where the database file should be: the thread's connection cannot open it.
    const notAFile = fs.mkdtempSync(`${temp.dir}/not-a-file-`);
    const threaded = new ThreadedLexicalIndex(local, { file: notAFile, logger });
    const [first, second] = await Promise.all([
      threaded.search('otter', { filter: {}, limit: 5 }),
      threaded.search('river', { filter: {}, limit: 5 }),
    ]);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(await threaded.search('bank', { filter: {}, limit: 5 })).toHaveLength(1);
    expect(warnings).toEqual(['the lexical reader thread could not start; searching on the main thread']);
    await threaded.close();
  });
});
