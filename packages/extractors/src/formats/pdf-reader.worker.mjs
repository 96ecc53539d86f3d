// pdf.js in a worker thread, one document at a time; driven by pdf-reader.ts (the protocol is described
// there). Plain JavaScript on purpose: the thread starts without the TypeScript loader, because tsx's loader
// rewrites every ES module that contains `import(` and builds a per-token source map for it, which for
// pdf.js's 3 MB of modules kept about 300 MB resident in the ingesting process. Here pdf.js costs ~50 MB,
// and that goes away when the thread ends.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
// Node has no Web Workers: pdf.js runs its worker code in this thread, importing it from this file.
pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(join(PDFJS_DIR, 'legacy/build/pdf.worker.mjs')).href;

/** Document-information keys the extractor reads. */
const INFO_KEYS = [
  'Title',
  'Author',
  'Subject',
  'Keywords',
  'CreationDate',
  'ModDate',
  'Language',
  'Producer',
  'Creator',
];

/**
 * pdf.js reports content it skipped while reading a page (a content stream or form that fails to decode) only
 * as a console warning. At verbosity WARNINGS those come to console.warn; the ones that mean lost text are kept
 * for the page being read, the rest (font fallbacks and the like) are dropped, as before.
 */
const LOST_CONTENT = /^(getTextContent - ignoring|getContentStream - ignoring|Invalid stream)/u;
let pageProblems = null;
const printWarning = console.warn;
console.warn = (...args) => {
  const line = args.map(String).join(' ');
  if (!line.startsWith('Warning: ')) return printWarning(...args);
  const warning = line.slice('Warning: '.length);
  if (pageProblems && LOST_CONTENT.test(warning) && pageProblems.length < 10) pageProblems.push(warning);
};

let task = null;
let pdf = null;

function describe(err) {
  return {
    name: err instanceof Error ? err.name : 'Error',
    message: err instanceof Error ? err.message : String(err),
  };
}

async function open(path) {
  const data = new Uint8Array(await readFile(path));
  task = pdfjs.getDocument({
    data,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    isOffscreenCanvasSupported: false,
    verbosity: pdfjs.VerbosityLevel.WARNINGS,
    standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
    cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
    cMapPacked: true,
    wasmUrl: join(PDFJS_DIR, 'wasm') + '/',
  });
  pdf = await task.promise;
  const { info } = await pdf.getMetadata().catch(() => ({ info: {} }));
  // Only strings cross the thread boundary; pdf.js also puts dictionaries and Name objects in `info`.
  const strings = {};
  for (const key of INFO_KEYS) {
    if (typeof info?.[key] === 'string') strings[key] = info[key];
  }
  return { pages: pdf.numPages, info: strings };
}

async function readPage(n) {
  const page = await pdf.getPage(n);
  const problems = [];
  pageProblems = problems;
  try {
    const content = await page.getTextContent();
    const items = [];
    for (const it of content.items) {
      if ('str' in it) {
        items.push({
          str: it.str,
          transform: it.transform,
          width: it.width,
          height: it.height,
          hasEOL: it.hasEOL,
        });
      }
    }
    return { items, problems };
  } finally {
    pageProblems = null;
    // Fonts and operator lists of this page are not needed again: memory stays flat over the page count.
    page.cleanup();
  }
}

async function close() {
  const closing = task;
  task = null;
  pdf = null;
  await closing?.destroy();
  // The pool keeps this thread warm for the next PDF only if one big document did not leave it bloated.
  return { heapBytes: getHeapStatistics().total_heap_size };
}

const handlers = { open: (m) => open(m.path), page: (m) => readPage(m.page), close };

parentPort.on('message', (message) => {
  handlers[message.op](message).then(
    (result) => parentPort.postMessage({ id: message.id, ok: true, result }),
    (err) => parentPort.postMessage({ id: message.id, ok: false, error: describe(err) }),
  );
});
parentPort.postMessage({ ready: true });
