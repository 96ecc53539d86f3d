// Ingest throughput of the scale-out shape (#14) with 1 vs 2 `sift worker` processes: two API nodes
// (`sift serve --no-workers`) on a fresh PostgreSQL database and Redis database, the same small Markdown
// corpus as the end-to-end test (packages/cli/src/scale-out.e2e.test.ts), lexical only (SIFT_EMBEDDER=none:
// an embedder would measure the model, not the shape). Documents per second from the first upload until
// every document is processed. Prints one JSON line (or one with `skipped` when the servers are not up).
import { scaleOutServices } from '../packages/cli/src/testing/scale-out-backends.js';
import { startCluster } from '../packages/cli/src/testing/scale-out-cluster.js';
import {
  chunksPerDocument,
  uploadCorpus,
  waitForStatuses,
} from '../packages/cli/src/testing/scale-out-ingest.js';

const DOCUMENTS = Number(process.env.BENCH_SCALE_OUT_DOCUMENTS ?? 600);

async function measure(workers: number): Promise<{ docsPerS: number; chunks: number }> {
  const cluster = await startCluster({ embedder: 'none', apis: 2, workers });
  try {
    const started = performance.now();
    await uploadCorpus(cluster.apis, DOCUMENTS, 8);
    await waitForStatuses(
      cluster.backends.pg,
      (s) => (s.processed ?? 0) === DOCUMENTS,
      900_000,
      `${DOCUMENTS} documents processed by ${workers} worker(s)`,
      cluster.tails,
    );
    const seconds = (performance.now() - started) / 1000;
    const chunks = [...(await chunksPerDocument(cluster.backends.pg)).values()].reduce((a, b) => a + b, 0);
    return { docsPerS: DOCUMENTS / seconds, chunks };
  } finally {
    await cluster.stop();
  }
}

const services = await scaleOutServices();
if (!services.postgres || !services.redis) {
  console.log(
    JSON.stringify({ bench: 'scale_out_ingest', skipped: 'PostgreSQL and Redis not reachable (#14)' }),
  );
} else {
  const one = await measure(1);
  const two = await measure(2);
  console.log(
    JSON.stringify({
      bench: 'scale_out_ingest',
      documents: DOCUMENTS,
      chunks: two.chunks,
      docs_per_s_1_worker: Math.round(one.docsPerS * 10) / 10,
      docs_per_s_2_workers: Math.round(two.docsPerS * 10) / 10,
      speedup: Math.round((two.docsPerS / one.docsPerS) * 100) / 100,
    }),
  );
}
