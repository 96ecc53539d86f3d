import WebSocket from 'ws';
import { createScaleOutBackends, type ScaleOutBackends } from './scale-out-backends.js';
import { SiftNodes, type SiftNode } from './scale-out-nodes.js';

/** Queues of the two worker pools: both take documents (`default`), so killing one leaves work to the other. */
export const WORKER_QUEUES = ['high,default', 'default,low,maintenance'] as const;

export interface ClusterOptions {
  /** SIFT_EMBEDDER of every node; `none` keeps the run lexical (and Chroma out of it). */
  embedder: string;
  apis: number;
  workers: number;
  /** Extra variables for every node. */
  env?: Record<string, string>;
}

/** A running scale-out installation on fresh backends. */
export interface Cluster {
  backends: ScaleOutBackends;
  nodes: SiftNodes;
  apis: SiftNode[];
  workers: SiftNode[];
  /** Every process's last log lines, for failure messages. */
  tails(): string;
  /** Kills every process and drops the backends; safe to call after a failed start. */
  stop(): Promise<void>;
}

/**
 * Fresh backends, then the API nodes (the first one migrates; the others find the schema current), then the
 * workers. Short leases: a killed worker's tasks are retaken in seconds, not the default 30.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const backends = await createScaleOutBackends({ vectors: options.embedder !== 'none' });
  const nodes = new SiftNodes({
    ...backends.env,
    SIFT_EMBEDDER: options.embedder,
    SIFT_QUEUE_LEASE_MS: '5000',
    SIFT_QUEUE_POLL_MS: '100',
    ...options.env,
  });
  const cluster: Cluster = {
    backends,
    nodes,
    apis: [],
    workers: [],
    tails: () =>
      [...cluster.apis, ...cluster.workers]
        .map((n) => `--- ${n.name} (last lines) ---\n${n.tail().split('\n').slice(-15).join('\n')}`)
        .join('\n'),
    stop: async () => {
      await nodes.stopAll();
      await backends.cleanup();
    },
  };
  try {
    cluster.apis.push(await nodes.api('api-a'));
    const others = await Promise.all(
      Array.from({ length: options.apis - 1 }, (_, i) => nodes.api(`api-${String.fromCharCode(98 + i)}`)),
    );
    cluster.apis.push(...others);
    cluster.workers.push(
      ...(await Promise.all(
        Array.from({ length: options.workers }, (_, i) =>
          nodes.worker(`worker-${i + 1}`, WORKER_QUEUES[i % WORKER_QUEUES.length]!),
        ),
      )),
    );
    return cluster;
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

export interface TaskView {
  id: string;
  type: string;
  status: string;
  attempts: number;
  interruptions: number;
  document_id: string | null;
  worker_id: string | null;
  progress: number;
  finished_at: string | null;
  /** What the handler returned; a document ingest reports the chunks it wrote. */
  result: { chunks?: number } | null;
}

/** Every task, through `GET /api/v1/tasks` (all pages). */
export async function listTasks(base: string, query = ''): Promise<TaskView[]> {
  const tasks: TaskView[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(query);
    params.set('limit', '200');
    if (cursor) params.set('cursor', cursor);
    const res = await fetch(`${base}/api/v1/tasks?${params.toString()}`);
    if (!res.ok) throw new Error(`GET /api/v1/tasks: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { items: TaskView[]; next_cursor: string | null };
    tasks.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return tasks;
}

/** Top-10 document and chunk ids of a search through one API node. */
export async function searchIds(base: string, query: string, mode: string): Promise<string[]> {
  const res = await fetch(`${base}/api/v1/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, mode, limit: 10 }),
  });
  if (!res.ok) throw new Error(`POST /api/v1/search (${mode}) on ${base}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { hits: { chunk_id: string; document_id: string }[] };
  return body.hits.map((h) => `${h.document_id}/${h.chunk_id}`);
}

/** A WebSocket on `GET /api/v1/events` that keeps every message; resolves once the replay ended (`ready`). */
export async function openEvents(
  base: string,
): Promise<{ messages: Record<string, unknown>[]; close(): void }> {
  const socket = new WebSocket(`${base.replace(/^http/u, 'ws')}/api/v1/events`);
  const messages: Record<string, unknown>[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
      messages.push(message);
      if (message.type === 'ready') resolve();
    });
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`the event socket closed (${code}) before ready`)));
  });
  return { messages, close: () => socket.terminate() };
}

/** The engine each backend check of `/health/ready` names: proof the node runs the scale-out adapters. */
export async function readyEngines(base: string): Promise<Record<string, string>> {
  const body = (await (await fetch(`${base}/health/ready`)).json()) as {
    checks: Record<'database' | 'queue' | 'vectors', { engine: string }>;
  };
  const { database, queue, vectors } = body.checks;
  return { database: database.engine, queue: queue.engine, vectors: vectors.engine };
}
