// Helpers of the search and ask e2e tests: a paced fake LLM answer, uploads as the signed-in user, and
// screenshots in both themes.
import { openAiStreamSteps, type FakeAnswer, type StreamStep } from '@sift/adapter-llm/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './browser.fixture.js';

/** A streamed answer whose tokens come 250 ms apart, so the browser can be seen receiving them one by one. */
export function slowStream(tokens: string[], hold?: Promise<unknown>): FakeAnswer {
  const steps = openAiStreamSteps(tokens);
  // steps: role chunk, one chunk per token, finish, usage, [DONE].
  const paced: StreamStep[] = [steps[0]!];
  tokens.forEach((_, i) => paced.push(250, steps[i + 1]!, ...(i === 0 && hold ? [hold] : [])));
  paced.push(...steps.slice(tokens.length + 1));
  return { status: 200, contentType: 'text/event-stream', stream: paced };
}

/** Uploads a file with the signed-in admin's cookies (and its CSRF echo), then waits until it is processed. */
export async function uploadDocument(
  context: BrowserContext,
  name: string,
  text: string,
  type = 'text/markdown',
): Promise<string> {
  const csrf = (await context.cookies()).find((c) => c.name === 'sift_csrf')!.value;
  const res = await context.request.post('/api/v1/documents', {
    headers: { 'x-csrf-token': csrf },
    multipart: { file: { name, mimeType: type, buffer: Buffer.from(text) } },
  });
  expect(res.status()).toBe(202);
  const id = ((await res.json()) as { items: { document_id: string }[] }).items[0]!.document_id;
  for (const until = Date.now() + 60_000; Date.now() < until;) {
    const doc = (await (await context.request.get(`/api/v1/documents/${id}`)).json()) as { status: string };
    if (doc.status === 'processed') return id;
    expect(doc.status).not.toBe('failed');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} was not processed in time`);
}

/** Screenshots in the light theme and, as `<name>-dark`, the dark one (then back to light). */
export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  // Past the transitions (hover cards, segmented controls) so the picture shows where things settle.
  await page.waitForTimeout(400);
  await screenshot(page, name);
  await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
  await page.waitForTimeout(400);
  await screenshot(page, `${name}-dark`);
  await page.getByRole('button', { name: 'Switch to the light theme' }).click();
}
