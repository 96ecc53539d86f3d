import { readFileSync } from 'node:fs';
import { loadBeirDataset, evaluateRun, reciprocalRankFusion, alphaFusion, type IndexHit } from '@sift/core';
const { legs, beir: b } = JSON.parse(readFileSync('/tmp/legs.json', 'utf8')) as { legs: Record<string, { lexical: IndexHit[]; vector: IndexHit[] }>; beir: [string, string][] };
const beir = new Map(b);
const ds = await loadBeirDataset('/work/shared/datasets/scifact-train', 'train');
type F = { documentId: string; score: number }[];
function run(fuse: (l: { lexical: IndexHit[]; vector: IndexHit[] }) => F) {
  const r = new Map<string, string[]>();
  for (const [qid, l] of Object.entries(legs)) {
    const seen = new Set<string>(); const ids: string[] = [];
    for (const h of fuse(l)) { const id = beir.get(h.documentId)!; if (!seen.has(id)) { seen.add(id); ids.push(id); } }
    r.set(qid, ids.slice(0, 100));
  }
  return evaluateRun(r, ds.qrels).ndcg_at_10.toFixed(4);
}
console.log('lexical', run((l) => l.lexical));
console.log('vector', run((l) => l.vector));
for (const w of [0.02, 0.05, 0.1]) console.log('rrf w', w, run((l) => reciprocalRankFusion(l, { weights: { lexical: 1, vector: w } })));
for (const k of [60]) for (const w of [0.3, 0.5, 1]) {
  // vector leg with a big k: ranks matter less
  for (const kv of [300, 1000, 3000]) console.log('rrf kv', kv, 'w', w, run((l) => {
    const m = new Map<string, { documentId: string; score: number }>();
    l.lexical.forEach((h, i) => m.set(h.chunkId, { documentId: h.documentId, score: 1 / (k + i + 1) }));
    l.vector.forEach((h, i) => { const e = m.get(h.chunkId) ?? { documentId: h.documentId, score: 0 }; e.score += w / (kv + i + 1); m.set(h.chunkId, e); });
    return [...m.values()].sort((a, b) => b.score - a.score);
  }));
}
for (const a of [0.05, 0.1, 0.15, 0.2]) console.log('alpha', a, run((l) => alphaFusion(l, a)));
// alpha with lexical normalised by max only and vector raw cosine
for (const a of [0.1, 0.2, 0.3, 0.4]) console.log('alpha-raw', a, run((l) => {
  const max = Math.max(...l.lexical.map((h) => h.score), 1e-9);
  const m = new Map<string, { documentId: string; lex: number; vec: number }>();
  for (const h of l.lexical) m.set(h.chunkId, { documentId: h.documentId, lex: h.score / max, vec: 0 });
  const vmin = Math.min(...l.vector.map((h) => h.score));
  for (const h of l.vector) { const e = m.get(h.chunkId) ?? { documentId: h.documentId, lex: 0, vec: 0 }; e.vec = h.score; m.set(h.chunkId, e); }
  return [...m.values()].map((e) => ({ documentId: e.documentId, score: (1 - a) * e.lex + a * (e.vec || vmin) })).sort((x, y) => y.score - x.score);
}));
