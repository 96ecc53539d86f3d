import { countFtsSegments, FtsCompactionPolicy, SqliteLexicalIndex } from '@sift/adapter-sqlite';
import { indexDocument } from '@sift/contract-tests';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexCompactor } from './index-compaction.js';
import { keepingLogger, tempSqliteStore } from './test-support.js';

describe('IndexCompactor', () => {
  let temp: Awaited<ReturnType<typeof tempSqliteStore>>;

  beforeEach(async () => {
    temp = await tempSqliteStore();
    const f = { store: temp.store, index: new SqliteLexicalIndex(temp.db) };
    // A document per transaction, as ingestion writes them: the index ends up in many segments.
    for (let d = 0; d < 20; d++) await indexDocument(f, [`otter river note${d} `, `heron lake ${d} `]);
  });

  afterEach(() => temp.cleanup());

  it('merges the segments once the index was quiet for a whole interval, and says so', async () => {
    const logger = keepingLogger();
    const compactor = new IndexCompactor({ compaction: new FtsCompactionPolicy(temp.db), logger });
    expect(countFtsSegments(temp.db)).toBeGreaterThan(4);
    await compactor.tick();
    expect(logger.infos).toEqual([]);
    await compactor.tick();
    expect(countFtsSegments(temp.db)).toBe(1);
    expect(logger.infos).toEqual(['merged the lexical index segments while ingestion was quiet']);
    await compactor.stop();
  });

  it('logs a failed merge and tries again on the next tick', async () => {
    const logger = keepingLogger();
    const compactor = new IndexCompactor({ compaction: new FtsCompactionPolicy(temp.db), logger });
    temp.db.close();
    await compactor.tick();
    await compactor.tick();
    expect(logger.warnings).toEqual([
      'could not merge the lexical index segments',
      'could not merge the lexical index segments',
    ]);
    await compactor.stop();
  });

  it('stops a merge under way between two steps when stopped', async () => {
    const f = { store: temp.store, index: new SqliteLexicalIndex(temp.db) };
    // Enough text that a one-page step cannot merge it all.
    const words = (d: number) => Array.from({ length: 400 }, (_, i) => `w${(d * 400 + i) % 5000}`).join(' ');
    for (let d = 0; d < 30; d++) await indexDocument(f, [`otter ${words(d)} `]);
    const logger = keepingLogger();
    const policy = new FtsCompactionPolicy(temp.db, { pagesPerStep: 1 });
    const compactor = new IndexCompactor({ compaction: policy, logger });
    await compactor.tick();
    const merging = compactor.tick();
    await compactor.stop();
    await merging;
    // One step ran before the stop: the merge is left unfinished, the index searchable.
    expect(countFtsSegments(temp.db)).toBeGreaterThan(1);
    const hits = await new SqliteLexicalIndex(temp.db).search('otter', { filter: {}, limit: 50 });
    expect(hits).toHaveLength(50);
  });
});
