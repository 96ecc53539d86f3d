// pdf.js in a worker thread, one document at a time; driven by pdf-reader.ts (the protocol is described
// there). Plain JavaScript on purpose: the thread starts without the TypeScript loader, because tsx's loader
// rewrites every ES module that contains `import(` and builds a per-token source map for it, which for
// pdf.js's 3 MB of modules kept about 300 MB resident in the ingesting process. Here pdf.js costs ~50 MB,
// and that goes away when the thread ends.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));
const PDFJS_WORKER = join(PDFJS_DIR, 'legacy/build/pdf.worker.mjs');
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * pdf.js merges glyphs into text items and, where two glyphs are 0.1–0.6 em apart, puts a space between them
 * inside the item. Letter-spaced text ("H e r e i s") then comes out with a space after every letter and the
 * real word gaps, also in that range, are lost: the glyph positions that tell them apart never leave pdf.js.
 * Its thresholds are constants inside getTextContent, so the worker code is loaded with the upper one at 0:
 * every gap wider than 0.1 em then ends the item instead, and pdf-lines.ts decides from the positions which
 * gaps are word gaps. pdf.js picks the module up through `globalThis.pdfjsWorker` (its documented hook for
 * a worker loaded by the page). Should an upgrade change the constant, pdf.js runs unchanged and letter-spaced
 * text keeps its spaces, as before.
 */
const SPACE_IN_FLOW_MAX = 'const SPACE_IN_FLOW_MAX_FACTOR = 0.6;';

async function loadPdfjsWorker() {
  const source = await readFile(PDFJS_WORKER, 'utf8');
  if (source.split(SPACE_IN_FLOW_MAX).length !== 2) {
    // Node has no Web Workers: pdf.js runs its worker code in this thread, importing it from this file.
    pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(PDFJS_WORKER).href;
    return;
  }
  // A private directory: nobody else can swap the module between writing and importing it. It is loaded once
  // per thread and needed no longer than the import.
  const dir = await mkdtemp(join(tmpdir(), 'sift-pdfjs-'));
  try {
    const file = join(dir, 'pdf.worker.mjs');
    await writeFile(file, source.replace(SPACE_IN_FLOW_MAX, 'const SPACE_IN_FLOW_MAX_FACTOR = 0;'));
    globalThis.pdfjsWorker = await import(pathToFileURL(file).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
await loadPdfjsWorker();

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
    // Broken annotations cost the page its comments and form values, not its text.
    const annotations = await page.getAnnotations({ intent: 'display' }).then(compactAnnotations, (err) => {
      if (problems.length < 10) problems.push(`annotations: ${describe(err).message}`);
      return [];
    });
    return { items, problems, annotations };
  } finally {
    pageProblems = null;
    // Fonts and operator lists of this page are not needed again: memory stays flat over the page count.
    page.cleanup();
  }
}

/** The annotation fields pdf-annotations.ts reads, as plain data (pdf.js's objects carry much more). */
function compactAnnotations(annotations) {
  const out = [];
  for (const a of annotations) {
    const text = (v) => (typeof v === 'string' && v !== '' ? v : undefined);
    out.push({
      id: text(a.id),
      subtype: text(a.subtype) ?? '',
      contents: text(a.contentsObj?.str),
      parentId: text(a.parentId),
      fieldName: text(a.fieldName),
      fieldType: text(a.fieldType),
      fieldValue:
        typeof a.fieldValue === 'string' || Array.isArray(a.fieldValue)
          ? [a.fieldValue].flat().filter((v) => typeof v === 'string')
          : undefined,
      checkBox: a.checkBox === true || undefined,
      radioButton: a.radioButton === true || undefined,
      pushButton: a.pushButton === true || undefined,
      options: Array.isArray(a.options)
        ? a.options.map((o) => ({ exportValue: String(o.exportValue), displayValue: String(o.displayValue) }))
        : undefined,
    });
  }
  return out;
}

async function close() {
  const closing = task;
  task = null;
  pdf = null;
  await closing?.destroy();
  // The pool keeps this thread warm for the next PDF only if one big document did not leave it bloated.
  return { heapBytes: getHeapStatistics().total_heap_size };
}

/** Embedded files (attachments, portfolio members): at most `max` of them, `maxBytes` in all; the rest are counted. */
async function attachments(max, maxBytes) {
  const found = (await pdf.getAttachments().catch(() => null)) ?? {};
  const files = [];
  let bytes = 0;
  let skipped = 0;
  for (const entry of Object.values(found)) {
    const content = entry?.content;
    if (!(content instanceof Uint8Array) || content.length === 0) continue;
    if (files.length >= max || bytes + content.length > maxBytes) {
      skipped++;
      continue;
    }
    bytes += content.length;
    files.push({ filename: String(entry.filename || 'attachment'), content });
  }
  return { files, skipped };
}

const handlers = {
  open: (m) => open(m.path),
  page: (m) => readPage(m.page),
  attachments: (m) => attachments(m.max, m.maxBytes),
  close,
};

parentPort.on('message', (message) => {
  handlers[message.op](message).then(
    (result) => parentPort.postMessage({ id: message.id, ok: true, result }),
    (err) => parentPort.postMessage({ id: message.id, ok: false, error: describe(err) }),
  );
});
parentPort.postMessage({ ready: true });
