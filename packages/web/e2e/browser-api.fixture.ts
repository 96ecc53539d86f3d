import { setTimeout as delay } from 'node:timers/promises';
import type { APIRequestContext, BrowserContext } from 'playwright-core';
import { expect } from 'vitest';

/** The fields of a document the browser tests look at. */
export interface DocumentBody {
  id: string;
  status: string;
  tags: string[];
  collection_id: string | null;
}

/**
 * The API as a signed-in browser user, to arrange what a screen shows faster than through the UI: the
 * context's cookies, and the CSRF echo its unsafe requests need. Call it after signing in.
 */
export async function apiOf(context: BrowserContext) {
  const csrf = (await context.cookies()).find((c) => c.name === 'sift_csrf')?.value ?? '';
  const request: APIRequestContext = context.request;
  const headers = { 'x-csrf-token': csrf };
  return {
    async upload(name: string, mimeType: string, buffer: Buffer, collectionId?: string): Promise<string> {
      const res = await request.post('/api/v1/documents', {
        headers,
        multipart: {
          ...(collectionId ? { collection_id: collectionId } : {}),
          file: { name, mimeType, buffer },
        },
      });
      expect(res.status(), await res.text()).toBe(202);
      return ((await res.json()) as { items: { document_id: string }[] }).items[0]!.document_id;
    },
    async get<T>(path: string): Promise<{ status: number; body: T }> {
      const res = await request.get(path);
      return { status: res.status(), body: (await res.json()) as T };
    },
    async send<T>(method: 'POST' | 'PUT', path: string, data: unknown): Promise<T> {
      const res = await request.fetch(path, { method, headers, data });
      expect(res.ok(), await res.text()).toBe(true);
      return (await res.json()) as T;
    },
    async processed(id: string, timeoutMs = 120_000): Promise<DocumentBody> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await this.get<DocumentBody>(`/api/v1/documents/${id}`);
        if (body.status === 'processed') return body;
        if (body.status === 'failed' || Date.now() > until)
          throw new Error(`document ${id}: ${JSON.stringify(body)}`);
        await delay(200);
      }
    },
  };
}
