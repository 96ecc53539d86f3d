import {
  gate,
  openAiCompletionAnswer,
  startFakeLlmServer,
  type FakeAnswer,
  type FakeLlmServer,
  type SeenRequest,
} from '@sift/adapter-llm/testing';
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  screenshot,
  setUpFirstAdmin,
  startBrowserHarness,
  type BrowserHarness,
} from './browser.fixture.js';
import { screenshotBothThemes, slowStream, uploadDocument } from './search-chat.fixture.js';

const BEES =
  '# Pollination\n\nHoney bees pollinate almond orchards in California every spring. Beekeepers truck ' +
  'thousands of hives to the Central Valley in February for the bloom.\n';
const COMPOST =
  '# Compost\n\nA compost heap turns kitchen scraps into dark crumbly soil within a few months. Turning ' +
  'the heap every week lets in oxygen.\n';
// Two dozen passages on one subject: a full page of hits (20) to render, and a second page.
const LEDGER =
  '# Harvest ledger\n\n' +
  Array.from(
    { length: 24 },
    (_, i) =>
      `## Day ${i + 1}\n\nHarvest ledger entry ${i + 1}. ` +
      'The pickers filled crates of apples and pears, weighed them at the packing shed and wrote the ' +
      'tally into the harvest ledger before the trucks left for the market. '.repeat(4) +
      '\n\n',
  ).join('');
const QUESTION = 'Who pollinates almond orchards in California?';
const TOKENS = [
  'Honey bees',
  ' pollinate',
  ' the almond',
  ' orchards',
  ' of California',
  ' every spring [1].',
];
const ANSWER = TOKENS.join('');
const WORLD_CUP = 'Who won the football world cup in 1998?';
// Plain text keeps its markup as text: the snippet must show it, never render it.
const NOTES = 'Kitchen <b>inventory</b> notes <img src=x onerror="document.title=1"> flour and sugar.\n';

let fake: FakeLlmServer;
let answer: (request: SeenRequest) => FakeAnswer = () => slowStream(TOKENS);
let harness: BrowserHarness;
let context: BrowserContext;
let page: Page;
const ids: Record<string, string> = {};

beforeAll(async () => {
  fake = await startFakeLlmServer((request) =>
    // Only follow-up questions are rewritten (a non-streamed call); answers stream.
    (request.json as { stream?: boolean }).stream
      ? answer(request)
      : openAiCompletionAnswer('Who pollinates almond orchards?'),
  );
  harness = await startBrowserHarness({
    env: {
      SIFT_LLM: 'openai',
      SIFT_LLM_URL: `${fake.url}/v1`,
      SIFT_LLM_MODEL: 'fake-model',
      SIFT_LLM_TIMEOUT_MS: '20000',
    },
  });
  context = await harness.newContext();
  page = await context.newPage();
  await setUpFirstAdmin(page);
  ids.bees = await uploadDocument(context, 'bees.md', BEES);
  ids.compost = await uploadDocument(context, 'compost.md', COMPOST);
  ids.notes = await uploadDocument(context, 'notes.txt', NOTES, 'text/plain');
  ids.ledger = await uploadDocument(context, 'ledger.md', LEDGER);
}, 240_000);
afterAll(async () => {
  await harness?.close();
  await fake?.close();
});

describe('search in Chromium', () => {
  it(
    'finds the highlighted passage, keeps the search in the URL across a reload and opens the hit',
    { timeout: 90_000 },
    async () => {
      await page.goto('/search');
      await page.getByRole('heading', { name: 'Search' }).waitFor();
      await expectAccessible(page, 'search (empty)');
      const box = page.getByRole('searchbox', { name: 'Search your documents' });
      const hits = page.getByTestId('search-hit');
      await box.fill('harvest ledger');
      await box.press('Enter');
      // A full page; how fast it renders is measured by `npm run bench web-ui`, not asserted here.
      await expect.poll(() => hits.count()).toBe(20);
      await page.getByRole('button', { name: 'Next' }).click();
      await page.waitForURL((u) => u.searchParams.get('page') === '2');
      await page
        .getByTestId('search-summary')
        .filter({ hasText: /^Results 21–\d+/ })
        .waitFor();

      await box.fill('almond orchards');
      await box.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('q') === 'almond orchards');
      await hits
        .first()
        .locator('mark', { hasText: /almond|orchards/i })
        .first()
        .waitFor();
      await expect(hits.first().locator('mark').allTextContents()).resolves.toEqual(
        expect.arrayContaining([expect.stringMatching(/almond|orchards/i)]),
      );
      expect(await hits.first().textContent()).toContain('Pollination');
      const url = new URL(page.url());
      expect(url.pathname).toBe('/search');
      expect(url.searchParams.get('q')).toBe('almond orchards');

      // Lexical mode and a type facet go into the URL; a reload shows the same results.
      await page.getByRole('radiogroup', { name: 'Search mode' }).getByText('Lexical').click();
      await page.waitForURL((u) => u.searchParams.get('mode') === 'lexical');
      const settled = page.locator('[data-testid="search-area"][data-mode="lexical"][aria-busy="false"]');
      await settled.waitFor();
      const before = await hits.allTextContents();
      await page.reload();
      await settled.waitFor();
      await hits.first().locator('mark').first().waitFor();
      expect(await hits.allTextContents()).toEqual(before);
      await expect(page.getByRole('searchbox').inputValue()).resolves.toBe('almond orchards');

      // Scores on demand, then "more like this".
      await hits.first().getByRole('button', { name: 'Scores' }).click();
      await expect(page.getByTestId('score-details').textContent()).resolves.toContain('Fused');
      await hits.first().getByRole('button', { name: 'More like this' }).click();
      await page.getByRole('dialog', { name: /More like/ }).waitFor();
      await page.getByRole('button', { name: 'Close' }).click();

      await page.getByRole('radiogroup', { name: 'Show results' }).getByText('By document').click();
      await page.waitForURL((u) => u.searchParams.get('view') === 'documents');
      await hits.first().waitFor();
      await expectAccessible(page, 'search');
      await screenshotBothThemes(page, 'search');

      // Keyboard: down from the box into the results, Enter opens the passage in the document view.
      await page.getByRole('searchbox').focus();
      await page.keyboard.press('ArrowDown');
      const focused = await page.locator(':focus').getAttribute('href');
      expect(focused).toMatch(new RegExp(`^/documents/${ids.bees}\\?`));
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname === `/documents/${ids.bees}`);
      expect(new URL(page.url()).searchParams.get('start')).toMatch(/^\d+$/);
    },
  );

  it(
    'shows markup inside a document as text, and says so when nothing matches',
    { timeout: 30_000 },
    async () => {
      await page.goto('/search?q=inventory&mode=lexical');
      const hit = page.getByTestId('search-hit').first();
      await hit.locator('mark', { hasText: 'inventory' }).waitFor();
      expect(await hit.textContent()).toContain('<img src=x');
      expect(await hit.locator('img, b').count()).toBe(0);

      await page.goto('/search?q=zeppelin+xylophone&mode=lexical');
      await page.getByTestId('search-empty').waitFor();
    },
  );
});

describe('ask in Chromium', () => {
  it(
    'streams an answer token by token, previews a citation and opens the cited passage',
    { timeout: 90_000 },
    async () => {
      answer = () => slowStream(TOKENS);
      await page.goto('/ask');
      await page.getByRole('heading', { name: 'Ask' }).waitFor();
      await page.getByLabel('Documents', { exact: true }).first().waitFor();
      await expectAccessible(page, 'ask (new chat)');
      await screenshot(page, 'ask-new');
      await page.getByRole('textbox', { name: 'Your question' }).fill(QUESTION);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/ask\/[^/]+$/);

      // The answer grows while it streams: two samples, the second longer, both before it is complete.
      const text = page.getByTestId('answer-text');
      await text.filter({ hasText: /\S/ }).waitFor();
      const first = (await text.textContent())!;
      expect(first.length).toBeLessThan(ANSWER.length);
      await expect
        .poll(async () => (await text.textContent())!.length, { timeout: 10_000, interval: 25 })
        .toBeGreaterThan(first.length);
      const second = (await text.textContent())!;
      expect(second.length).toBeGreaterThan(first.length);
      expect(ANSWER.startsWith(second)).toBe(true);
      await expect(page.getByRole('button', { name: 'Stop' }).isVisible()).resolves.toBe(true);

      const message = page.locator('[data-testid="assistant-message"][data-status="done"]');
      await message.waitFor();
      const chip = message.getByTestId('citation-chip');
      await chip.waitFor();
      expect(await message.getByTestId('answer-text').textContent()).toBe(ANSWER.replace('[1]', '1'));
      expect(await page.getByTestId('chat-title').textContent()).toBe(QUESTION);
      await chip.hover();
      await expect(page.getByTestId('citation-quote').textContent()).resolves.toContain(
        'Honey bees pollinate almond orchards',
      );
      await expectAccessible(page, 'ask');
      await screenshotBothThemes(page, 'ask');

      // Export: Markdown with the answer and its sources, downloaded and copied.
      await page.mouse.move(0, 0);
      await message.getByRole('button', { name: 'Export this answer' }).click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: 'Download Markdown' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('who-pollinates-almond-orchards-in-california.md');
      const markdown = await readFile((await download.path())!, 'utf8');
      expect(markdown).toContain(`## ${QUESTION}\n\n${ANSWER}`);
      expect(markdown).toMatch(
        new RegExp(`\\[1\\] \\[Pollination\\]\\(http://[^)]+/documents/${ids.bees}\\?start=\\d+&end=\\d+\\)`),
      );
      expect(markdown).toContain('> Honey bees pollinate almond orchards in California every spring.');
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await message.getByRole('button', { name: 'Export this answer' }).click();
      await page.getByRole('menuitem', { name: 'Copy as Markdown' }).click();
      await page.getByText('Answer and sources copied as Markdown').waitFor();
      const clipboard = await page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      );
      expect(clipboard).toBe(markdown);

      await chip.click();
      await page.waitForURL((u) => u.pathname === `/documents/${ids.bees}`);
      const target = new URL(page.url()).searchParams;
      expect(Number(target.get('end'))).toBeGreaterThan(Number(target.get('start')));
      await page.getByTestId('citation-highlight').first().waitFor();
      expect(await page.getByTestId('citation-highlight').first().textContent()).toContain('Honey bees');
    },
  );

  it(
    'stops a streaming answer, tells a not-found answer apart, renames and deletes the chat',
    { timeout: 90_000 },
    async () => {
      const held = gate();
      answer = () => slowStream(TOKENS, held.promise);
      await page.goto('/ask');
      await page.getByRole('textbox', { name: 'Your question' }).fill(QUESTION);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/ask\/[^/]+$/);
      await page.getByTestId('answer-text').filter({ hasText: 'Honey bees' }).waitFor();
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.getByTestId('answer-stopped').waitFor();
      expect(await page.getByTestId('answer-text').textContent()).toBe('Honey bees');
      // The model's request ended with the browser's.
      await fake.requests.at(-1)!.closed;
      held.open();

      // Nothing in the documents covers this: answered as not found, without asking the model.
      await page.getByRole('link', { name: 'New chat' }).click();
      await page.waitForURL((u) => u.pathname === '/ask');
      const asked = fake.requests.length;
      await page.getByRole('textbox', { name: 'Your question' }).fill(WORLD_CUP);
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="assistant-message"][data-mode="not_found"]').waitFor();
      await page.getByTestId('not-found').waitFor();
      expect(fake.requests.length).toBe(asked);

      const sessionId = new URL(page.url()).pathname.split('/').at(-1)!;
      await page.getByRole('button', { name: `Actions for ${WORLD_CUP}` }).click();
      await page.getByRole('menuitem', { name: 'Rename' }).click();
      await page.getByRole('textbox', { name: 'Title' }).fill('Football');
      await page.getByRole('button', { name: 'Rename' }).click();
      await page.getByTestId('chat-title').filter({ hasText: 'Football' }).waitFor();
      await page.getByRole('button', { name: 'Actions for Football' }).click();
      await page.getByRole('menuitem', { name: 'Delete' }).click();
      await page
        .getByRole('dialog', { name: 'Delete chat?' })
        .getByRole('button', { name: 'Delete' })
        .click();
      await page.waitForURL((u) => u.pathname === '/ask');
      await page
        .getByTestId('chat-sessions')
        .locator(`a[href="/ask/${sessionId}"]`)
        .waitFor({ state: 'detached' });
    },
  );
});
