import { setTimeout as delay } from 'node:timers/promises';

/** The parts of the document response tests look at. */
export interface DocumentBody {
  id: string;
  filename: string;
  status: string;
  content_type: string;
  sha256: string;
  chunk_count: number;
  processing_ms: number | null;
  task_id: string | null;
  source_path: string | null;
  tags: string[];
  language: string | null;
  title: string | null;
  metadata: Record<string, unknown> & { extracted?: Record<string, unknown> };
  error: { code: string; message: string } | null;
}

interface UploadBody {
  items: {
    filename: string;
    document_id?: string;
    task_id?: string | null;
    status?: string;
    duplicate?: boolean;
    error?: { code: string; status: number };
  }[];
  code?: string;
}

/** POSTs files as multipart/form-data (fields first, as the API wants them). */
export async function uploadFiles(
  api: string,
  files: { name: string; data: string | Uint8Array; type?: string }[],
  fields: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: UploadBody }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files)
    form.append('file', new Blob([f.data], { type: f.type ?? 'application/octet-stream' }), f.name);
  const res = await fetch(`${api}/documents`, { method: 'POST', body: form });
  return { status: res.status, headers: res.headers, body: (await res.json()) as UploadBody };
}

/** Polls a document until it is processed or failed (or the time runs out, which fails the test). */
export async function waitForDocument(api: string, id: string, timeoutMs = 60_000): Promise<DocumentBody> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${api}/documents/${id}`);
    const doc = (await res.json()) as DocumentBody;
    if (doc.status === 'processed' || doc.status === 'failed') return doc;
    if (Date.now() > until) throw new Error(`document ${id} still ${doc.status} after ${timeoutMs} ms`);
    await delay(100);
  }
}

/** Polls a task until it has finished (the document can show its outcome a moment before its task does). */
export async function waitForTask(
  api: string,
  id: string,
  timeoutMs = 30_000,
): Promise<{ status: string; attempts: number; error: { code: string } | null }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const task = (await (await fetch(`${api}/tasks/${id}`)).json()) as {
      status: string;
      attempts: number;
      error: { code: string } | null;
    };
    if (!['pending', 'running'].includes(task.status)) return task;
    if (Date.now() > until) throw new Error(`task ${id} still ${task.status} after ${timeoutMs} ms`);
    await delay(50);
  }
}
