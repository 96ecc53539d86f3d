import {
  Access,
  AuditService,
  InProcessEventBus,
  LOCAL_USER_ID,
  SearchService,
  TaskService,
  VectorSpaceAdminService,
  VectorSpaceService,
  type Embedder,
} from '@sift/core';
import { BagOfWordsEmbedder, FakeEmbedder } from '@sift/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { searchFixture, type SearchFixture } from './search-test-support.js';

const DOCUMENTS = 80;

/** Document i: six words of its own among common ones, so both a word model and BM25 can tell it apart. */
function documentText(i: number): string {
  const words: string[] = [];
  for (let j = 0; j < 20; j++) words.push(j % 3 === 0 ? `t${i}x${j / 3}` : `c${(i * 7 + j * 13) % 40}`);
  return words.join(' ');
}

/** A corpus embedded by `oldModel`, and searches in the query log, as a running install has them. */
async function installWith(oldModel: Embedder): Promise<SearchFixture> {
  const f = await searchFixture(oldModel);
  for (let i = 0; i < DOCUMENTS; i++) await f.addDocument(`d${i}.txt`, `Doc ${i}`, [documentText(i)]);
  for (let i = 0; i < 10; i++) {
    await f.stores.metadata.search.recordQuery({
      userId: LOCAL_USER_ID,
      query: `t${i * 3}x1 t${i * 3}x4`,
      mode: 'hybrid',
      filters: {},
      resultsCount: 1,
      latencyMs: 1,
    });
  }
  return f;
}

/** The process restarted with `newModel` configured; the old model still runs here for queries. */
function restartWith(f: SearchFixture, oldModel: Embedder, newModel: Embedder): VectorSpaceService {
  return new VectorSpaceService({
    metadata: f.stores.metadata,
    vectors: f.stores.vectors,
    lexical: f.stores.lexical,
    embedder: newModel,
    embedderFor: (model) => (model === 'words-a' ? oldModel : null),
    hybridAlphaPreset: (model) => ({ 'words-a': 0.2, 'words-b': 0.6 })[model],
  });
}

describe('validated blue/green switch of vector spaces, on SQLite', () => {
  let f: SearchFixture;
  afterEach(async () => f.close());
  const oldModel = new BagOfWordsEmbedder({ model: 'words-a' });
  const oldSpace = { id: 'words-a@64', dimensions: 64 };

  it('switches to a working new model once its sample of queries answers like one', async () => {
    f = await installWith(oldModel);
    const spaces = restartWith(f, oldModel, new BagOfWordsEmbedder({ model: 'words-b', dimensions: 32 }));

    const result = await spaces.reembed();

    expect(result).toEqual({ embedded: DOCUMENTS, switched: true, from: 'words-a@64', to: 'words-b@32' });
    expect(await f.stores.metadata.search.servingSpace()).toEqual({ id: 'words-b@32', dimensions: 32 });
    const check = await spaces.swapCheck();
    expect(check).toMatchObject({ from: 'words-a@64', to: 'words-b@32', status: 'passed', reasons: [] });
    expect(check!.metrics).toMatchObject({
      recentQueries: 10,
      probes: 12,
      emptyAnswers: 0,
      invalidVectors: 0,
    });
    expect(check!.metrics!.selfRecallNew).toBeGreaterThan(0.9);
    expect(check!.metrics!.agreement).toBeGreaterThan(check!.metrics!.chanceAgreement! + 0.2);
    // The new space starts with its model's preset weight; the old one's profile went with its vectors.
    expect(await spaces.servingProfile()).toMatchObject({ hybridAlpha: 0.6, alphaSource: 'preset' });
    expect(await f.stores.metadata.search.spaceProfile('words-a@64')).toBeNull();
  });

  it('holds the switch for a model that gives every text the same vector; searches keep the old space', async () => {
    f = await installWith(oldModel);
    const spaces = restartWith(f, oldModel, new BagOfWordsEmbedder({ model: 'flat', behaviour: 'constant' }));

    const result = await spaces.reembed();

    expect(result).toMatchObject({ embedded: DOCUMENTS, switched: false, held: true, to: 'flat@64' });
    expect(result.reasons!.join('\n')).toMatch(/nearly\) the same vector/);
    expect(result.reasons!.join('\n')).toMatch(/nearly the same documents/);
    expect(await f.stores.metadata.search.servingSpace()).toEqual(oldSpace);
    expect(await f.stores.vectors.count(oldSpace)).toBe(DOCUMENTS);
    expect(await spaces.swapCheck()).toMatchObject({ status: 'held', to: 'flat@64', decidedBy: null });
    // Searches still read the old space with the old model.
    const search = new SearchService({ ...f.stores, spaces });
    const found = await search.search({ query: 't5x2 t5x3', mode: 'semantic', filter: {}, limit: 3 });
    expect(found.warnings).toEqual([]);
    expect(found.hits[0]!.title).toBe('Doc 5');
    // A re-delivered task (or a restart) checks again and holds again.
    expect(await spaces.reembed()).toMatchObject({ embedded: 0, held: true });
  });

  it('holds the switch for a model whose rankings are random', async () => {
    f = await installWith(oldModel);
    const spaces = restartWith(f, oldModel, new FakeEmbedder({ model: 'noise', dimensions: 16 }));

    const result = await spaces.reembed();

    expect(result).toMatchObject({ switched: false, held: true });
    expect(result.reasons!.join('\n')).toMatch(/finds the passage a probe was cut from/);
    expect(await f.stores.metadata.search.servingSpace()).toEqual(oldSpace);
  });

  it('holds the switch for a model that returns zero vectors', async () => {
    f = await installWith(oldModel);
    const spaces = restartWith(f, oldModel, new BagOfWordsEmbedder({ model: 'empty', behaviour: 'zero' }));

    const result = await spaces.reembed();

    expect(result).toMatchObject({ switched: false, held: true });
    expect(result.reasons!.join('\n')).toMatch(
      /sampled vectors of the new space are not finite or have no length/,
    );
    expect(await f.stores.metadata.search.servingSpace()).toEqual(oldSpace);
  });

  it('never stores the vectors of a model that returns NaN: the re-embedding fails, the old space serves', async () => {
    f = await installWith(oldModel);
    const spaces = restartWith(f, oldModel, new BagOfWordsEmbedder({ model: 'broken', behaviour: 'nan' }));

    await expect(spaces.reembed()).rejects.toMatchObject({ code: 'VECTOR_INVALID', retryable: false });
    expect(await f.stores.metadata.search.servingSpace()).toEqual(oldSpace);
  });

  it('checks against lexical search alone when the old model cannot run here', async () => {
    f = await installWith(oldModel);
    const spaces = new VectorSpaceService({
      metadata: f.stores.metadata,
      vectors: f.stores.vectors,
      lexical: f.stores.lexical,
      embedder: new BagOfWordsEmbedder({ model: 'words-b' }),
    });

    expect(await spaces.reembed()).toMatchObject({ switched: true, to: 'words-b@64' });
    const check = await spaces.swapCheck();
    expect(check!.metrics!.selfRecallOld).toBeNull();
    // No preset for this model here: the generic default.
    expect(await spaces.servingProfile()).toMatchObject({ hybridAlpha: 0.5, alphaSource: 'default' });
  });

  it('lets an admin swap a held space anyway, or discard it and recheck later — audited', async () => {
    f = await installWith(oldModel);
    const flat = new BagOfWordsEmbedder({ model: 'flat', behaviour: 'constant' });
    const spaces = restartWith(f, oldModel, flat);
    const tasks = new TaskService(f.stores.queue, new InProcessEventBus());
    const audit = new AuditService(f.stores.metadata.identity.audit);
    const admin = new VectorSpaceAdminService({ spaces, tasks, audit });
    const operator = Access.operator(LOCAL_USER_ID);
    await spaces.reembed();

    // Discard: the new vectors go, nothing rebuilds them by itself, the old space serves.
    const discarded = await admin.discard(operator);
    expect(discarded).toMatchObject({ switched: false, check: { status: 'discarded', to: 'flat@64' } });
    expect(await f.stores.vectors.count({ id: 'flat@64', dimensions: 64 })).toBe(0);
    expect(await spaces.ensure()).toMatchObject({ reembedNeeded: false, serving: 'words-a@64' });
    expect(await spaces.reembed()).toMatchObject({ embedded: 0, discarded: true });

    // Recheck: a re-embedding task is enqueued, and it checks (and holds) again.
    const recheck = await admin.recheck(operator);
    expect(recheck.check.status).toBe('pending');
    expect((await f.stores.queue.get(recheck.taskId!))!.type).toBe('index.reembed');
    expect(await spaces.reembed()).toMatchObject({ embedded: DOCUMENTS, held: true });

    // Swap anyway: the complete space serves at once, without a check.
    const swapped = await admin.swap(operator);
    expect(swapped).toMatchObject({ switched: true, taskId: null, check: { status: 'approved' } });
    expect(swapped.check.decidedBy).toBe(LOCAL_USER_ID);
    expect(await f.stores.metadata.search.servingSpace()).toEqual({ id: 'flat@64', dimensions: 64 });
    expect(await f.stores.vectors.count(oldSpace)).toBe(0);
    await expect(admin.swap(operator)).rejects.toMatchObject({ code: 'VECTOR_SPACE_NO_SWITCH' });

    const trail = await f.stores.metadata.identity.audit.list({ entityType: 'vector_space' });
    expect(trail.items.map((r) => r.action).reverse()).toEqual([
      'embeddings.discard',
      'embeddings.recheck',
      'embeddings.swap',
    ]);
    expect(trail.items[0]).toMatchObject({
      entityId: 'flat@64',
      actorUserId: LOCAL_USER_ID,
      after: { status: 'approved', switched: true },
    });
  });

  it('approves a switch before re-embedding finishes: it happens when the space is complete, unchecked', async () => {
    f = await installWith(oldModel);
    const spaces = restartWith(f, oldModel, new BagOfWordsEmbedder({ model: 'flat', behaviour: 'constant' }));
    expect(await spaces.approveSwap('admin-1')).toMatchObject({ switched: false, missing: DOCUMENTS });
    expect(await spaces.reembed()).toMatchObject({ switched: true, to: 'flat@64' });
  });
});
