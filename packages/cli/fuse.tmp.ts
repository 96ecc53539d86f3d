import { loadConfig } from '@sift/config';
import { createRuntime } from '@sift/runtime';
import { LOCAL_USER_ID, loadBeirDataset, evaluateRun, reciprocalRankFusion, alphaFusion, type IndexHit } from '@sift/core';
import { writeFileSync } from 'node:fs';
const rt = await createRuntime(loadConfig({ SIFT_DATA_DIR: '/tmp/eval-scifact', SIFT_LOG_LEVEL: 'warn' }));
const ds = await loadBeirDataset('/work/shared/datasets/scifact-train', 'train');
const serving = (await rt.search.spaces.serving())!;
const beir = new Map<string,string>();
let cursor: string | undefined;
do { const p = await rt.metadata.documents.list({ limit: 500, ...(cursor ? { cursor } : {}) }); for (const d of p.items) beir.set(d.id, d.filename.replace(/\.md$/, '')); cursor = p.nextCursor ?? undefined; } while (cursor);
const legs: Record<string, { lexical: IndexHit[]; vector: IndexHit[] }> = {};
for (const [qid, q] of ds.queries) {
  const [v] = await serving.embedder.embed([q], { kind: 'query' });
  legs[qid] = {
    lexical: await rt.stores.lexical.search(q, { filter: { ownerId: LOCAL_USER_ID }, limit: 100 }),
    vector: await rt.stores.vectors.search(serving.space, v!, { filter: { ownerId: LOCAL_USER_ID }, limit: 100 }),
  };
}
writeFileSync('/tmp/legs.json', JSON.stringify({ legs, beir: [...beir] }));
await rt.close();
